// Append (union): rows of every input, columns matched by the compiler's column maps into the
// receiver's order. With a `time_` column the inputs are merged in time order: a k-way merge
// of the (normally already time-ordered) inputs, stable so equal times keep input order, that
// yields to the event loop as it goes; an unordered input is sorted first.

import { DataType } from '../../types/index.js';
import type { Relation, RowBatch } from '../../types/index.js';
import type { AppendNode } from '../../pxl/plan.js';
import type { ExecContext } from '../context.js';
import { i32 } from '../../pxl/functions/kernel.js';
import { concatBatches, gatherBatch, sliceBatch } from '../columns.js';
import { collect } from './collect.js';
import type { Stream } from './basic.js';

/** a < b for int64 values i and j of two Int32 views. */
function less(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  const ah = a[2 * i + 1]!, bh = b[2 * j + 1]!;
  return ah !== bh ? ah < bh : a[2 * i]! >>> 0 < b[2 * j]! >>> 0;
}

/** Row order of one input by time (identity when already ordered). */
function timeOrder(t: BigInt64Array): Int32Array {
  const v = i32(t);
  const order = new Int32Array(t.length);
  let sorted = true;
  for (let i = 0; i < t.length; i++) {
    order[i] = i;
    if (i > 0 && less(v, i, v, i - 1)) sorted = false;
  }
  if (!sorted) order.sort((a, b) => (less(v, a, v, b) ? -1 : less(v, b, v, a) ? 1 : a - b));
  return order;
}

export async function* appendOp(node: AppendNode, inputRels: readonly Relation[], inputs: readonly Stream[], ctx: ExecContext): AsyncGenerator<RowBatch> {
  const parts: RowBatch[] = [];
  for (let k = 0; k < inputs.length; k++) {
    const b = await collect(inputRels[k]!, inputs[k]!, ctx);
    const map = node.columnMaps[k] ?? node.relation.map((_, i) => i);
    parts.push({ numRows: b.numRows, columns: map.map((i) => b.columns[i]!) });
  }
  const t = node.relation.findIndex((c) => c.name === 'time_' && c.type === DataType.TIME64NS);
  if (t < 0 || parts.length < 2) {
    const all = concatBatches(node.relation, parts);
    for (let off = 0; off < all.numRows; off += ctx.batchRows) {
      yield sliceBatch(all, off, Math.min(all.numRows, off + ctx.batchRows));
      await ctx.scheduler.tick();
    }
    return;
  }
  const times = parts.map((p) => (p.columns[t] as { data: BigInt64Array }).data);
  const views = times.map(i32);
  const orders = times.map(timeOrder);
  const pos = new Int32Array(parts.length);
  const total = parts.reduce((s, p) => s + p.numRows, 0);
  let emitted = 0;
  while (emitted < total) {
    // Next chunk: pick the earliest head each time (ties go to the earlier input).
    const n = Math.min(ctx.batchRows, total - emitted);
    const src = new Int32Array(n), row = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let best = -1;
      for (let k = 0; k < parts.length; k++) {
        if (pos[k]! >= parts[k]!.numRows) continue;
        if (best < 0 || less(views[k]!, orders[k]![pos[k]!]!, views[best]!, orders[best]![pos[best]!]!)) best = k;
      }
      src[r] = best;
      row[r] = orders[best]![pos[best]!]!;
      pos[best]!++;
    }
    // Gather per input, then interleave by position.
    const pieces = parts.map((p, k) => {
      const sel: number[] = [];
      for (let r = 0; r < n; r++) if (src[r] === k) sel.push(row[r]!);
      return gatherBatch(p, sel, sel.length);
    });
    const taken = new Int32Array(parts.length);
    const offsets = new Int32Array(parts.length);
    for (let k = 1; k < parts.length; k++) offsets[k] = offsets[k - 1]! + pieces[k - 1]!.numRows;
    const order = new Int32Array(n);
    for (let r = 0; r < n; r++) { const k = src[r]!; order[r] = offsets[k]! + taken[k]!++; }
    yield gatherBatch(concatBatches(node.relation, pieces), order, n);
    emitted += n;
    await ctx.scheduler.tick();
  }
}
