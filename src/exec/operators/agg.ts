// Hash group-by: key columns → dense group ids (KeyEncoder), then every aggregate folds the
// whole batch in one vectorized update. With no groups there is exactly one output row,
// even on empty input (the aggregates' initial values).

import type { DataType, RowBatch } from '../../types/index.js';
import type { AggNode } from '../../pxl/plan.js';
import type { GroupedAggregate } from '../../pxl/functions/registry.js';
import type { ExecContext } from '../context.js';
import { KeyEncoder } from '../keys.js';
import { sliceBatch } from '../columns.js';
import type { Stream } from './basic.js';

/** Grouped aggregation state for one agg node; `partials` exposes the mergeable states. */
export class GroupAggregator {
  readonly keys: KeyEncoder;
  readonly aggs: GroupedAggregate[];
  private gids = new Int32Array(0);
  /** A count aggregate whose rows another aggregate counts in its own loop (−1: none). */
  private readonly countIdx: number;
  /** The aggregate that does that counting (updateCounting), or −1. */
  private readonly carrierIdx: number;

  constructor(private readonly node: AggNode, inputTypes: readonly DataType[], ctx: ExecContext) {
    this.keys = new KeyEncoder(node.groups.map((g) => inputTypes[g]!));
    this.aggs = node.aggs.map((a) => ctx.registry.aggregate(a.fn).create());
    if (node.groups.length === 0) for (const a of this.aggs) a.resize(1);
    const countIdx = this.aggs.findIndex((a) => a.rowCounts !== undefined);
    const carrierIdx = countIdx < 0 ? -1 : this.aggs.findIndex((a, k) => k !== countIdx && a.updateCounting !== undefined);
    this.countIdx = carrierIdx < 0 ? -1 : countIdx;
    this.carrierIdx = carrierIdx;
  }

  /** Folds one input batch. */
  update(b: RowBatch): void {
    const n = b.numRows;
    if (n === 0) return;
    if (this.gids.length < n) this.gids = new Int32Array(n);
    const gids = this.gids.subarray(0, n);
    this.keys.encode(this.node.groups.map((g) => b.columns[g]!), n, gids);
    const size = this.keys.size;
    const u = new Uint32Array(gids.buffer, gids.byteOffset, n);
    for (const a of this.aggs) a.resize(size);
    const specs = this.node.aggs;
    for (let k = 0; k < specs.length; k++) {
      if (k === this.countIdx) continue; // counted by the carrier's loop
      const a = this.aggs[k]!;
      const args = specs[k]!.args.map((i) => b.columns[i]!);
      if (k === this.carrierIdx) a.updateCounting!(u, args, n, this.aggs[this.countIdx]!.rowCounts!());
      else a.update(u, args, n);
    }
  }

  /** Groups then aggregate results, as one batch; yields to the event loop between columns. */
  async finalize(tick: () => Promise<void>): Promise<RowBatch> {
    const n = this.keys.size;
    const cols = this.keys.keyColumns();
    for (const a of this.aggs) {
      await tick();
      a.resize(n);
      cols.push(a.finalize(n));
    }
    return { numRows: n, columns: cols };
  }
}

export async function* aggOp(node: AggNode, inputTypes: readonly DataType[], input: Stream, ctx: ExecContext): AsyncGenerator<RowBatch> {
  const g = new GroupAggregator(node, inputTypes, ctx);
  for await (const b of input) {
    g.update(b);
    await ctx.scheduler.tick();
  }
  const out = await g.finalize(() => ctx.scheduler.tick());
  for (let off = 0; off < out.numRows; off += ctx.batchRows) {
    yield sliceBatch(out, off, Math.min(out.numRows, off + ctx.batchRows));
  }
}
