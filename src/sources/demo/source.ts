// The demo source (the default): a seeded, realistic workload over a ~30-pod cluster.
// At start it registers the demo cluster's metadata and backfills the last minutes so
// queries have data at once; then it keeps up with the wall clock in 100 ms slices,
// working in bounded chunks so the event loop stays responsive. When it cannot keep up
// (very high --demo_rate) it skips ahead, counts what it skipped and reports degraded.

import type { TableStore } from '../../store/index.js';
import type { AgentMetadataState } from '../../metadata/index.js';
import type { DataSource, SourceHealth, SourceLog } from '../api.js';
import { PeriodicStep, yieldToLoop } from '../api.js';
import { buildWorkload, type Workload } from './workload.js';
import { DemoGenerator, SLICE_NS } from './generator.js';

export interface DemoOptions {
  readonly store: TableStore;
  readonly metadata: AgentMetadataState;
  readonly log: SourceLog;
  /** http_events rows per second. */
  readonly rate: number;
  readonly seed: number;
  readonly nodeName: string;
  readonly asid: number;
  /** Wall clock in ns (tests pin it). */
  readonly now?: () => bigint;
  /** Simulated history generated at start, in seconds (default 300; capped at ~1M rows). */
  readonly backfillSec?: number;
  /** Timer period in ms (default 100). */
  readonly tickMs?: number;
}

const CHUNK_MS = 10;
const MAX_LAG_SLICES = 50; // 5 s
const MAX_BACKFILL_ROWS = 1_000_000;

export class DemoSource implements DataSource {
  readonly name = 'demo';
  readonly workload: Workload;
  readonly #o: DemoOptions;
  readonly #gen: DemoGenerator;
  readonly #now: () => bigint;
  readonly #loop: PeriodicStep;
  #skippedSlices = 0;
  #lagReason: string | undefined;

  constructor(o: DemoOptions) {
    this.#o = o;
    this.#now = o.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    const now = this.#now();
    const wanted = BigInt(o.backfillSec ?? 300) * 10n;
    const affordable = BigInt(Math.max(1, Math.floor(MAX_BACKFILL_ROWS / Math.max(1, o.rate / 10))));
    const slices = wanted < affordable ? wanted : affordable;
    // Slices are aligned to whole 100 ms steps before now.
    const origin = (now / SLICE_NS) * SLICE_NS - slices * SLICE_NS;
    this.workload = buildWorkload(o.seed, o.nodeName, o.asid, origin);
    this.#gen = new DemoGenerator(this.workload, o.seed, o.rate, origin);
    this.#loop = new PeriodicStep(() => this.catchUp(), o.tickMs ?? 100, (e) => {
      // Report, stay scheduled, try again next tick.
      this.#lagReason = `generation failed: ${e.message}`;
      this.#o.log.error('demo source step failed', { error: e.message });
    });
  }

  async start(): Promise<void> {
    this.#o.metadata.apply('demo', this.workload.metadata);
    // Backfill up to the start time only: at rates the generator cannot sustain, chasing
    // the moving clock here would never finish.
    await this.catchUp(this.#now());
    this.#o.log.info('demo source backfilled', { slices: this.#gen.nextSlice, rows: this.#gen.rows, pods: this.workload.pods.length, services: this.workload.services.length });
    this.#loop.schedule();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#o.metadata.remove('demo');
  }

  health(): SourceHealth {
    return this.#lagReason === undefined ? { status: 'ok' } : { status: 'degraded', reason: this.#lagReason };
  }

  counters(): Record<string, number> {
    return { rows: this.#gen.rows, slices: this.#gen.nextSlice, skipped_slices: this.#skippedSlices };
  }

  /** Generates every slice that ended before now, in chunks of ~10 ms of work. */
  async catchUp(until?: bigint): Promise<void> {
    let chunkStart = performance.now();
    let skippedNow = 0;
    const live = until === undefined;
    while (!this.#loop.stopped && this.#gen.nextSliceEnd <= (until ?? this.#now())) {
      const behind = Number(((until ?? this.#now()) - this.#gen.nextSliceEnd) / SLICE_NS);
      // The backfill runs to its end; live generation may lag at most MAX_LAG_SLICES.
      if (live && behind > MAX_LAG_SLICES) {
        this.#gen.skipAhead(behind);
        skippedNow += behind;
        continue;
      }
      this.#gen.step(this.#o.store);
      if (performance.now() - chunkStart > CHUNK_MS) {
        await yieldToLoop();
        chunkStart = performance.now();
      }
    }
    if (skippedNow > 0) {
      this.#skippedSlices += skippedNow;
      if (this.#lagReason === undefined) this.#o.log.warn('demo source cannot keep up; skipping ahead', { rate: this.#o.rate, skipped_s: skippedNow / 10 });
      this.#lagReason = `cannot keep up with --demo_rate=${this.#o.rate}: ${this.#skippedSlices / 10} s of simulated traffic skipped so far`;
    } else {
      this.#lagReason = undefined;
    }
  }
}
