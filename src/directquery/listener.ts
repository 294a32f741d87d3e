// Lifecycle of the direct-query gRPC listener: bind, report the bound port, stop with a
// grace period (then force). Services are registered by the caller before start.

import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';

export interface Listener {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting; waits up to graceMs for calls to finish, then cancels the rest. */
  stop(graceMs: number): Promise<void>;
}

export async function startListener(
  server: Server,
  host: string,
  port: number,
  creds: ServerCredentials,
): Promise<Listener> {
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, creds, (err, p) => {
      if (err) {
        server.forceShutdown();
        reject(err);
      } else resolve(p);
    });
  });
  return {
    server,
    port: bound,
    stop: (graceMs) => stopServer(server, graceMs),
  };
}

export function newServer(options: ServerOptions = {}): Server {
  return new Server(options);
}

function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      server.forceShutdown();
      resolve();
    }, Math.max(0, graceMs));
    timer.unref();
    server.tryShutdown(() => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    });
  });
}
