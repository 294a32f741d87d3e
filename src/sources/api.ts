// What every data source looks like to the agent: start, stop, health. A source writes
// into the table store (and may contribute metadata); one failing source never stops
// the others, and none blocks the event loop for long.

import type { TableStore } from '../store/index.js';
import type { AgentMetadataState } from '../metadata/index.js';

export interface SourceHealth {
  readonly status: 'ok' | 'degraded';
  readonly reason?: string;
}

/** The logging the sources need; the agent's Logger satisfies it. */
export interface SourceLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>, v?: number): void;
}

export interface SourceContext {
  readonly store: TableStore;
  readonly metadata: AgentMetadataState;
  readonly log: SourceLog;
}

export interface DataSource {
  /** e.g. "demo", "procfs", "jsonl:my_table" */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): SourceHealth;
  /** Source-specific counters for periodic logs (rows written, lines skipped, ...). */
  counters(): Readonly<Record<string, number>>;
}

/** Yields to the event loop (between chunks of work). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
