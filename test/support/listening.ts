import type { Express } from 'express';
import type net from 'node:net';
import { installClientErrorHandler } from '../../api/client-error';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * The app on a real loopback port, as api/server.ts runs it: the HTTP parser's own refusals are
 * answered as problem+json too. For tests that need real sockets (raw bytes supertest cannot send).
 */
export async function listenAsServerDoes(app: Express): Promise<Listening> {
  const server = app.listen(0);
  installClientErrorHandler(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
