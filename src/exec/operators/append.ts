// Append (union): rows of every input, columns matched by the compiler's column maps into the
// receiver's order. With a `time_` column the inputs are merged in time order (stable, so
// equal times keep input order).

import { DataType } from '../../types/index.js';
import type { Relation, RowBatch } from '../../types/index.js';
import type { AppendNode } from '../../pxl/plan.js';
import type { ExecContext } from '../context.js';
import { concatBatches, gatherBatch, sliceBatch } from '../columns.js';
import { collect } from './collect.js';
import type { Stream } from './basic.js';

export async function* appendOp(node: AppendNode, inputRels: readonly Relation[], inputs: readonly Stream[], ctx: ExecContext): AsyncGenerator<RowBatch> {
  const parts: RowBatch[] = [];
  for (let k = 0; k < inputs.length; k++) {
    const b = await collect(inputRels[k]!, inputs[k]!, ctx);
    const map = node.columnMaps[k] ?? node.relation.map((_, i) => i);
    parts.push({ numRows: b.numRows, columns: map.map((i) => b.columns[i]!) });
  }
  let all = concatBatches(node.relation, parts);
  const t = node.relation.findIndex((c) => c.name === 'time_' && c.type === DataType.TIME64NS);
  if (t >= 0 && inputs.length > 1 && all.numRows > 1) {
    const times = (all.columns[t] as { data: BigInt64Array }).data;
    const order = Array.from({ length: all.numRows }, (_, i) => i);
    order.sort((a, b) => (times[a]! < times[b]! ? -1 : times[a]! > times[b]! ? 1 : a - b));
    all = gatherBatch(all, order, order.length);
  }
  for (let off = 0; off < all.numRows; off += ctx.batchRows) {
    yield sliceBatch(all, off, Math.min(all.numRows, off + ctx.batchRows));
    await ctx.scheduler.tick();
  }
}
