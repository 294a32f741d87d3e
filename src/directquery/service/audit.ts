// The audit trail: one structured line per query, written just after the query's final
// status has been handed to grpc-js. HTTP/2 sends the trailers only once the data frames
// have been flushed, a later turn of the event loop; hashing the script and formatting the
// line before that turn delayed every client's answer (bench/direct-query.bench.mjs (b)),
// so the line is written on the next timer turn instead. The fields are fixed when the
// query ends (the duration included); only the hashing and formatting move.

import type { Logger } from '../../log/logger.js';

export class AuditTrail {
  readonly #log: Logger;
  readonly #pending = new Map<ReturnType<typeof setTimeout>, () => void>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Writes `fields()` as the audit line on the next timer turn. */
  write(fields: () => Record<string, unknown>): void {
    const emit = () => this.#log.info('direct-query: audit', fields());
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      emit();
    }, 0);
    this.#pending.set(timer, emit);
  }

  /** Writes every pending line now, in order (at shutdown, before the agent exits). */
  flush(): void {
    const due = [...this.#pending];
    this.#pending.clear();
    for (const [timer, emit] of due) {
      clearTimeout(timer);
      emit();
    }
  }

  /** Lines not yet written. */
  get pending(): number {
    return this.#pending.size;
  }
}
