// `pemdq serve`: start-up in order (config → store → metadata → sources → direct query),
// then run until SIGTERM/SIGINT and stop in reverse order.

import type { Env } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { DirectQueryFeature } from '../directquery/api.js';
import { PROFILE, VERSION } from './version.js';
import { startDataPlane } from './dataplane.js';

export interface ServeOptions {
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Env;
  readonly log: Logger;
  readonly directQuery: DirectQueryFeature;
  /** Resolves when the agent should stop (default: SIGTERM or SIGINT). */
  readonly stopSignal?: Promise<string>;
}

/** Upper bound on stopping direct query; the feature's own grace flag decides within it. */
const GRACE_MS = 60_000;

export async function serve(opts: ServeOptions): Promise<number> {
  const { log } = opts;
  // Listen for the stop signal before starting anything, so a signal during start-up
  // still stops the agent cleanly.
  const stopping = opts.stopSignal ?? waitForSignal();
  log.info('pemdq starting', { version: VERSION, build: PROFILE, pid: process.pid });

  const dataPlane = await startDataPlane({ flags: opts.flags, log });

  // Direct query reads the data plane; it never writes to it.
  const dq = await opts.directQuery.start({
    log,
    env: opts.env,
    flags: opts.flags,
    isHealthy: () => dataPlane.health().status === 'ok',
    engine: { store: dataPlane.store, metadata: dataPlane.metadata },
  });

  log.info('pemdq running; stop with SIGTERM or SIGINT (Ctrl-C)');
  const signal = await stopping;
  log.info('pemdq stopping', { signal });
  await dq.stop(GRACE_MS);
  await dataPlane.stop();
  log.info('pemdq stopped');
  return 0;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    // Keep the event loop alive until a signal arrives.
    const keepAlive = setInterval(() => {}, 1 << 30);
    const on = (sig: string) => {
      clearInterval(keepAlive);
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(sig);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
