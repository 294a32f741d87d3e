// What every data source looks like to the agent: start, stop, health. A source writes
// into the table store (and may contribute metadata); one failing source never stops
// the others, and none blocks the event loop for long.

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

export interface DataSource {
  /** e.g. "demo", "procfs", "jsonl:my_table" */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): SourceHealth;
  /** Source-specific counters for periodic logs (rows written, lines skipped, ...). */
  counters(): Readonly<Record<string, number>>;
}

/**
 * Runs a source's periodic work: `step` again `periodMs` after the previous run settled,
 * until `stop`. A rejected step goes to `onError` and never escapes (the next tick tries
 * again); `stop` waits for a step that is running.
 */
export class PeriodicStep {
  readonly #step: () => Promise<void>;
  readonly #periodMs: number;
  readonly #onError: (e: Error) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(step: () => Promise<void>, periodMs: number, onError: (e: Error) => void) {
    this.#step = step;
    this.#periodMs = periodMs;
    this.#onError = onError;
  }

  /** True once `stop` was called (long steps check it between chunks). */
  get stopped(): boolean { return this.#stopped; }

  /** Schedules the first run; does nothing after `stop`. */
  schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#step()
        .catch((e: unknown) => this.#onError(e as Error))
        .finally(() => this.schedule());
    }, this.#periodMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}

/** Yields to the event loop (between chunks of work). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
