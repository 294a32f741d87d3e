// `pemdq serve`: start-up in order (config → store → metadata → sources → direct query),
// then run until SIGTERM/SIGINT and stop in reverse order.

import type { Env } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { DirectQueryFeature } from '../directquery/api.js';
import { PROFILE, VERSION } from './version.js';

export interface ServeOptions {
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Env;
  readonly log: Logger;
  readonly directQuery: DirectQueryFeature;
  /** Resolves when the agent should stop (default: SIGTERM or SIGINT). */
  readonly stopSignal?: Promise<string>;
}

const GRACE_MS = 10_000;

export async function serve(opts: ServeOptions): Promise<number> {
  const { log } = opts;
  // Listen for the stop signal before starting anything, so a signal during start-up
  // still stops the agent cleanly.
  const stopping = opts.stopSignal ?? waitForSignal();
  log.info('pemdq starting', { version: VERSION, build: PROFILE, pid: process.pid });
  log.warn('data plane not built yet: no table store, metadata or sources run in this version; the agent idles');

  const dq = await opts.directQuery.start({ log, env: opts.env, flags: opts.flags });

  log.info('pemdq running; stop with SIGTERM or SIGINT (Ctrl-C)');
  const signal = await stopping;
  log.info('pemdq stopping', { signal });
  await dq.stop(GRACE_MS);
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
