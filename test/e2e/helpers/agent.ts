// Runs a built bundle as a real agent process for end-to-end tests: waits for the
// direct-query READY line (or its failure line), exposes the bound port and mode, the
// captured stderr, and a stop that awaits the exit.

import type { ChildProcess } from 'node:child_process';
import { startBundle, type ProfileName, type RunResult } from '../../helpers/dist.js';

export const READY_LINE = /direct-query: READY on :(\d+) \((tls|plaintext)\)/;
const READY_OR_FAILED = /direct-query: (?:READY on :(\d+) \((tls|plaintext)\)|step (\d+)\/\d+ (\w+) failed[^"\n]*)/;

export interface RunningAgent {
  readonly child: ChildProcess;
  /** Bound direct-query port (undefined when start-up failed). */
  readonly port: number | undefined;
  readonly mode: 'tls' | 'plaintext' | undefined;
  /** The failure line when a direct-query step failed. */
  readonly failure: string | undefined;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit. */
  stop(): Promise<RunResult>;
}

export interface AgentOptions {
  readonly profile?: ProfileName;
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
}

/** Starts the agent with direct query on an ephemeral loopback port. */
export async function startAgent(opts: AgentOptions = {}): Promise<RunningAgent> {
  const args = ['--direct_query_enabled', '--direct_query_port=0', '--direct_query_bind_address=127.0.0.1', ...(opts.args ?? [])];
  const started = await startBundle(opts.profile ?? 'enabled', args, opts.env ?? {}, READY_OR_FAILED);
  const m = started.match;
  let stopped: Promise<RunResult> | undefined;
  return {
    child: started.child,
    port: m[1] !== undefined ? Number(m[1]) : undefined,
    mode: m[2] as 'tls' | 'plaintext' | undefined,
    failure: m[1] === undefined ? m[0] : undefined,
    stderr: started.output,
    stop: () => {
      if (!stopped) {
        started.child.kill('SIGTERM');
        stopped = started.done;
      }
      return stopped;
    },
  };
}
