import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** Where and how to reach Temporal; read from the environment (see engine/README.md). */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** undefined: plain TCP; true: TLS with system roots; object: explicit certificates. */
  tls?: TLSConfig | true;
  apiKey?: string;
}

/** Returns undefined when TEMPORAL_ADDRESS is not set: there is no server to use. */
export function temporalConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConfig | undefined {
  const address = env.TEMPORAL_ADDRESS?.trim();
  if (!address) return undefined;
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'credit-cases',
    tls: tlsFromEnv(env),
    apiKey: env.TEMPORAL_API_KEY || undefined,
  };
}

function tlsFromEnv(env: NodeJS.ProcessEnv): TLSConfig | true | undefined {
  const certPath = env.TEMPORAL_TLS_CERT_PATH;
  const keyPath = env.TEMPORAL_TLS_KEY_PATH;
  const caPath = env.TEMPORAL_TLS_CA_PATH;
  if (!!certPath !== !!keyPath) {
    throw new Error(
      'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS client pair)',
    );
  }
  if (certPath || caPath) {
    return {
      clientCertPair:
        certPath && keyPath ? { crt: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) } : undefined,
      serverRootCACertificate: caPath ? fs.readFileSync(caPath) : undefined,
    };
  }
  // An API key (Temporal Cloud) is only ever sent over TLS.
  return env.TEMPORAL_API_KEY ? true : undefined;
}
