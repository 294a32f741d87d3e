// Merge (join): hash join with the right side as the build table. Row order: left rows in
// order, each followed by its matches in right order; right/outer joins then add the right
// rows nothing matched. Unmatched sides get zero values. Empty key lists: cross join.

import type { Relation, RowBatch } from '../../types/index.js';
import type { MergeNode } from '../../pxl/plan.js';
import type { ExecContext } from '../context.js';
import { KeyEncoder } from '../keys.js';
import { gatherOrZero } from '../columns.js';
import { IntList, collect } from './collect.js';
import type { Stream } from './basic.js';

/** Computes the (left row, right row) index pairs of a join; −1 marks a missing side. */
export async function joinPairs(node: MergeNode, left: RowBatch, right: RowBatch, ctx: ExecContext): Promise<[Int32Array, Int32Array]> {
  const li = new IntList(), ri = new IntList();
  const nl = left.numRows, nr = right.numRows;
  const keepLeft = node.how === 'left' || node.how === 'outer';
  const keepRight = node.how === 'right' || node.how === 'outer';
  if (node.leftOn.length === 0) {
    for (let i = 0; i < nl; i++) {
      for (let j = 0; j < nr; j++) { li.push(i); ri.push(j); }
      if ((i & 1023) === 1023) await ctx.scheduler.tick();
    }
    if (nr === 0 && keepLeft) for (let i = 0; i < nl; i++) { li.push(i); ri.push(-1); }
    if (nl === 0 && keepRight) for (let j = 0; j < nr; j++) { li.push(-1); ri.push(j); }
    return [li.view(), ri.view()];
  }
  const enc = new KeyEncoder(node.rightOn.map((c) => right.columns[c]!.type));
  const rg = new Int32Array(nr);
  enc.encode(node.rightOn.map((c) => right.columns[c]!), nr, rg, true);
  // Bucket right rows by group id (counting sort keeps right order inside a bucket).
  const groups = enc.size;
  const start = new Int32Array(groups + 1);
  for (let j = 0; j < nr; j++) start[rg[j]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const rows = new Int32Array(nr);
  const fill = start.slice(0, groups);
  for (let j = 0; j < nr; j++) rows[fill[rg[j]!]!++] = j;
  const lg = new Int32Array(nl);
  enc.encode(node.leftOn.map((c) => left.columns[c]!), nl, lg, false);
  const matched = new Uint8Array(nr);
  for (let i = 0; i < nl; i++) {
    const g = lg[i]!;
    if (g >= 0) {
      for (let k = start[g]!; k < start[g + 1]!; k++) { li.push(i); ri.push(rows[k]!); matched[rows[k]!] = 1; }
    } else if (keepLeft) { li.push(i); ri.push(-1); }
    if ((i & 65535) === 65535) await ctx.scheduler.tick();
  }
  if (keepRight) for (let j = 0; j < nr; j++) if (matched[j] === 0) { li.push(-1); ri.push(j); }
  return [li.view(), ri.view()];
}

export async function* mergeOp(
  node: MergeNode, leftRel: Relation, rightRel: Relation, left: Stream, right: Stream, ctx: ExecContext,
): AsyncGenerator<RowBatch> {
  const r = await collect(rightRel, right, ctx);
  const l = await collect(leftRel, left, ctx);
  const [li, ri] = await joinPairs(node, l, r, ctx);
  const n = li.length;
  for (let off = 0; off < n; off += ctx.batchRows) {
    const end = Math.min(n, off + ctx.batchRows);
    const a = li.subarray(off, end), b = ri.subarray(off, end);
    yield {
      numRows: end - off,
      columns: [...l.columns.map((c) => gatherOrZero(c, a, end - off)), ...r.columns.map((c) => gatherOrZero(c, b, end - off))],
    };
    await ctx.scheduler.tick();
  }
}
