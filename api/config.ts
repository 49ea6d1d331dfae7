import { policyFor, type Policy } from '../domain/policy';

export interface ServerConfig {
  port: number;
  databaseUrl: string | undefined;
  /** The embedded default: no DATABASE_URL, a SQLite file under ./data. */
  embedded: boolean;
  demoData: boolean;
  policy: Policy;
}

/** Reads the environment variables the README documents; a bad value stops start-up with its name. */
export function serverConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const embedded = !env.DATABASE_URL;
  const demo = env.DEMO_DATA;
  if (demo !== undefined && demo !== 'true' && demo !== 'false') {
    throw new Error(`DEMO_DATA must be true or false, got "${demo}"`);
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL,
    embedded,
    demoData: demo === undefined ? embedded : demo === 'true',
    policy: policyFor(env.POLICY_PROFILE),
  };
}
