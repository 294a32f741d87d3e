// Cooperative yielding: long scans give the event loop a turn about every 5 ms of work
// (setImmediate lets timers and I/O run), and notice an AbortSignal between batches.

import { ExecError } from './errors.js';

/** Default work slice between yields, in ms. */
export const DEFAULT_SLICE_MS = 5;

export class Scheduler {
  private last = performance.now();
  constructor(readonly signal?: AbortSignal, private readonly sliceMs = DEFAULT_SLICE_MS) {}

  /** Throws ERR_EXEC_ABORTED when the query was cancelled. */
  check(): void {
    if (this.signal?.aborted) throw new ExecError('ERR_EXEC_ABORTED', 'query aborted');
  }

  /** Yields to the event loop when the current slice is used up; always checks for abort. */
  async tick(): Promise<void> {
    this.check();
    const now = performance.now();
    if (now - this.last < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
    this.check();
  }
}
