// The aggregates of one agg node over dense group ids: vectorized folds of whole batches
// (a count next to sum/mean rides in their loop) and merges of partial states by group.

import { sliceColumn } from '../../types/index.js';
import type { RowBatch } from '../../types/index.js';
import type { AggSpec } from '../../pxl/plan.js';
import type { GroupedAggregate } from '../../pxl/functions/registry.js';
import type { ExecContext } from '../context.js';

/** One agg node's aggregates over dense group ids: fold batches, merge partial states. */
export class AggregateSet {
  readonly aggs: GroupedAggregate[];
  /** A count aggregate whose rows another aggregate counts in its own loop (−1: none). */
  private readonly countIdx: number;
  /** The aggregate that does that counting (updateCounting), or −1. */
  private readonly carrierIdx: number;

  constructor(private readonly specs: readonly AggSpec[], ctx: ExecContext) {
    this.aggs = specs.map((a) => ctx.registry.aggregate(a.fn).create());
    const countIdx = this.aggs.findIndex((a) => a.rowCounts !== undefined);
    const carrierIdx = countIdx < 0 ? -1 : this.aggs.findIndex((a, k) => k !== countIdx && a.updateCounting !== undefined);
    this.countIdx = carrierIdx < 0 ? -1 : countIdx;
    this.carrierIdx = carrierIdx;
    if (carrierIdx >= 0) {
      const count = this.aggs[countIdx]!;
      this.aggs[carrierIdx]!.shareRowCounts?.(() => count.rowCounts!());
    }
  }

  resize(size: number): void {
    for (const a of this.aggs) a.resize(size);
  }

  /**
   * Folds rows [start, start + n) of `b` into groups `gids[0..n)` (all below the last resize).
   * Only the aggregates' argument columns are sliced to those rows.
   */
  fold(gids: Uint32Array, b: RowBatch, n: number, start = 0): void {
    const specs = this.specs;
    const whole = start === 0 && n === b.numRows;
    for (let k = 0; k < specs.length; k++) {
      if (k === this.countIdx) continue; // counted by the carrier's loop
      const a = this.aggs[k]!;
      const args = specs[k]!.args.map((i) => (whole ? b.columns[i]! : sliceColumn(b.columns[i]!, start, start + n)));
      if (k === this.carrierIdx) a.updateCounting!(gids, args, n, this.aggs[this.countIdx]!.rowCounts!());
      else a.update(gids, args, n);
    }
  }

  /** Merges group `from` of `other` (same specs) into group `to` of this set. */
  mergeGroup(to: number, other: AggregateSet, from: number): void {
    for (let k = 0; k < this.aggs.length; k++) this.aggs[k]!.merge(to, other.aggs[k]!.partial(from));
  }
}
