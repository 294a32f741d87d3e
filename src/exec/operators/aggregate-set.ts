// The aggregates of one agg node over dense group ids: vectorized folds of whole batches
// (a count next to sum/mean rides on the counts their loop keeps) and merges of partial
// states by group.

import { sliceColumn } from '../../types/index.js';
import type { RowBatch } from '../../types/index.js';
import type { AggSpec } from '../../pxl/plan.js';
import type { GroupedAggregate } from '../../pxl/functions/registry.js';
import type { ExecContext } from '../context.js';

/** One agg node's aggregates over dense group ids: fold batches, merge partial states. */
export class AggregateSet {
  readonly aggs: GroupedAggregate[];
  /** A count aggregate that rides on another aggregate's row counts (−1: none). */
  private readonly countIdx: number;

  constructor(private readonly specs: readonly AggSpec[], ctx: ExecContext) {
    this.aggs = specs.map((a) => ctx.registry.aggregate(a.fn).create());
    const countIdx = this.aggs.findIndex((a) => a.rideOn !== undefined);
    const carrier = countIdx < 0 ? undefined : this.aggs.find((a, k) => k !== countIdx && a.countRows !== undefined);
    this.countIdx = carrier === undefined ? -1 : countIdx;
    if (carrier !== undefined) this.aggs[countIdx]!.rideOn!(carrier.countRows!());
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
      const args = specs[k]!.args.map((i) => (whole ? b.columns[i]! : sliceColumn(b.columns[i]!, start, start + n)));
      this.aggs[k]!.update(gids, args, n);
    }
  }

  /**
   * fold() of a whole batch whose group ids are 16-bit (`gids16`) and whose rows per group
   * are known: group ids[k] holds rows[k] of the n rows. Aggregates that can take them
   * (count, sum, mean) read the 16-bit ids and skip counting; the others get 32-bit ids
   * from `wide` (made once, when the first of them needs them).
   */
  foldCounted(gids16: Uint16Array, wide: () => Uint32Array, b: RowBatch, n: number, ids: readonly number[], rows: ArrayLike<number>): void {
    const specs = this.specs;
    let gids: Uint32Array | undefined;
    for (let k = 0; k < specs.length; k++) {
      if (k === this.countIdx) continue; // the carrier takes the counts
      const a = this.aggs[k]!;
      const args = specs[k]!.args.map((i) => b.columns[i]!);
      if (a.foldCounted !== undefined) a.foldCounted(gids16, args, n, ids, rows);
      else a.update(gids ??= wide(), args, n);
    }
    AggregateSet.countedFolds++;
  }

  /** Batches folded by foldCounted, process-wide (tests read it). */
  static countedFolds = 0;

  /** Merges group `from` of `other` (same specs) into group `to` of this set. */
  mergeGroup(to: number, other: AggregateSet, from: number): void {
    for (let k = 0; k < this.aggs.length; k++) this.aggs[k]!.merge(to, other.aggs[k]!.partial(from));
  }
}
