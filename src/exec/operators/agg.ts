// Hash group-by: key columns → dense group ids (KeyEncoder), then every aggregate folds the
// whole batch in one vectorized update. With no groups there is exactly one output row,
// even on empty input (the aggregates' initial values). Keys computed per upid
// (df.ctx['service']) take the pre-aggregating path of agg-upid.ts when they can.

import { DataType } from '../../types/index.js';
import type { RowBatch } from '../../types/index.js';
import type { AggNode } from '../../pxl/plan.js';
import { keepShape } from '../../pxl/functions/shapes.js';
import type { ExecContext } from '../context.js';
import { KeyEncoder } from '../keys.js';
import { sliceBatch } from '../columns.js';
import type { Stream } from './basic.js';
import { AggregateSet } from './aggregate-set.js';
import { UpidKeyedAggregator } from './agg-upid.js';

/** Grouped aggregation state for one agg node. */
export class GroupAggregator {
  readonly keys: KeyEncoder;
  readonly set: AggregateSet;
  private gids = new Int32Array(0);

  constructor(private readonly node: AggNode, inputTypes: readonly DataType[], ctx: ExecContext) {
    this.keys = new KeyEncoder(node.groups.map((g) => inputTypes[g]!));
    this.set = new AggregateSet(node.aggs, ctx);
    if (node.groups.length === 0) this.set.resize(1);
  }

  /** Folds one input batch. */
  update(b: RowBatch): void {
    const n = b.numRows;
    if (n === 0) return;
    if (this.gids.length < n) this.gids = new Int32Array(n);
    const gids = this.gids.subarray(0, n);
    this.keys.encode(this.node.groups.map((g) => b.columns[g]!), n, gids);
    this.set.resize(this.keys.size);
    this.set.fold(new Uint32Array(gids.buffer, gids.byteOffset, n), b, n);
  }

  /** Groups then aggregate results, as one batch; yields to the event loop between columns. */
  async finalize(tick: () => Promise<void>): Promise<RowBatch> {
    const n = this.keys.size;
    const cols = this.keys.keyColumns();
    this.set.resize(n); // all first: a mean may read its count aggregate's counts
    for (const a of this.set.aggs) {
      await tick();
      cols.push(a.finalize(n));
    }
    return { numRows: n, columns: cols };
  }
}

// Exemplars of the group-by's hot classes (no keys, no aggregates: nothing reads the
// context), so their loops stay optimized across queries separated by a full GC (shapes.ts).
const NO_CONTEXT = {} as ExecContext;
keepShape(new UpidKeyedAggregator(new GroupAggregator({ groups: [], aggs: [] } as unknown as AggNode, [], NO_CONTEXT), [], [], NO_CONTEXT));
keepShape(new KeyEncoder([DataType.TIME64NS, DataType.STRING, DataType.FLOAT64, DataType.UINT128]));

export async function* aggOp(node: AggNode, inputTypes: readonly DataType[], input: Stream, ctx: ExecContext): AsyncGenerator<RowBatch> {
  const g = new GroupAggregator(node, inputTypes, ctx);
  // Per-upid partial groups pay off for small states (measured on 10 M rows, 200 upids → 50
  // services: count+mean −9 %, with quantiles +14 %).
  const byUpid = node.groups.length > 0 && !g.set.aggs.some((a) => a.largeState === true)
    ? new UpidKeyedAggregator(g, node.groups, node.aggs, ctx) : undefined;
  for await (const b of input) {
    if (byUpid !== undefined) byUpid.update(b);
    else g.update(b);
    await ctx.scheduler.tick();
  }
  byUpid?.flush();
  const out = await g.finalize(() => ctx.scheduler.tick());
  for (let off = 0; off < out.numRows; off += ctx.batchRows) {
    yield sliceBatch(out, off, Math.min(out.numRows, off + ctx.batchRows));
  }
}
