// Column utilities: gather by selection vector, gather with zero fill for outer joins,
// slicing, concatenation, empty batches. (Filters copy their rows with gatherer.ts.)

import { DataType, allocColumn, columnLength, sliceColumn } from '../types/index.js';
import type { Column, Relation, RowBatch } from '../types/index.js';

/** Rows `sel[0..n)` of a column, copied. */
export function gather(c: Column, sel: ArrayLike<number>, n: number): Column {
  switch (c.type) {
    case DataType.STRING: {
      const d = c.data, out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = d[sel[i]!]!;
      return { type: c.type, data: out };
    }
    case DataType.UINT128: {
      const h = new BigUint64Array(n), l = new BigUint64Array(n);
      gatherWords(c.high, h, sel, n);
      gatherWords(c.low, l, sel, n);
      return { type: c.type, high: h, low: l };
    }
    case DataType.INT64:
    case DataType.TIME64NS: {
      const out = new BigInt64Array(n);
      gatherWords(c.data, out, sel, n);
      return { type: c.type, data: out } as Column;
    }
    case DataType.FLOAT64: {
      const d = c.data, out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = d[sel[i]!]!;
      return { type: c.type, data: out };
    }
    case DataType.BOOLEAN: {
      const d = c.data, out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = d[sel[i]!]!;
      return { type: c.type, data: out };
    }
  }
}

/** Copies 64-bit words through Float64 views (a bit-exact move without BigInt). */
function gatherWords(src: BigInt64Array | BigUint64Array, dst: BigInt64Array | BigUint64Array, sel: ArrayLike<number>, n: number): void {
  const si = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  const di = new Int32Array(dst.buffer, dst.byteOffset, dst.length * 2);
  for (let i = 0; i < n; i++) {
    const j = sel[i]! * 2;
    di[2 * i] = si[j]!;
    di[2 * i + 1] = si[j + 1]!;
  }
}

/** Rows of `idx` (−1 → the type's zero value: '', 0, 0.0, false, time 0). */
export function gatherOrZero(c: Column, idx: Int32Array, n: number): Column {
  const out = allocColumn(c.type, n);
  switch (c.type) {
    case DataType.STRING: {
      const d = c.data, o = (out as unknown as { data: string[] }).data;
      for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) o[i] = d[j]!; }
      break;
    }
    case DataType.UINT128: {
      const o = out as typeof c;
      for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) { o.high[i] = c.high[j]!; o.low[i] = c.low[j]!; } }
      break;
    }
    default: {
      const d = c.data as ArrayLike<number | bigint>, o = (out as unknown as { data: (number | bigint)[] }).data;
      for (let i = 0; i < n; i++) { const j = idx[i]!; if (j >= 0) o[i] = d[j]!; }
    }
  }
  return out;
}

/** Every column of a batch gathered by a selection vector. */
export function gatherBatch(b: RowBatch, sel: ArrayLike<number>, n: number): RowBatch {
  return { numRows: n, columns: b.columns.map((c) => gather(c, sel, n)) };
}

/** Rows [start, end) of a batch. */
export function sliceBatch(b: RowBatch, start: number, end: number): RowBatch {
  if (start === 0 && end === b.numRows) return b;
  return { numRows: end - start, columns: b.columns.map((c) => sliceColumn(c, start, end)) };
}

/** One column holding the given columns' rows in order. */
export function concatColumns(type: DataType, cols: readonly Column[]): Column {
  const n = cols.reduce((s, c) => s + columnLength(c), 0);
  const out = allocColumn(type, n);
  let off = 0;
  for (const c of cols) {
    const len = columnLength(c);
    if (out.type === DataType.UINT128) {
      const u = c as typeof out;
      out.high.set(u.high, off);
      out.low.set(u.low, off);
    } else if (out.type === DataType.STRING) {
      const d = (c as typeof out).data, o = out.data as string[];
      for (let i = 0; i < len; i++) o[off + i] = d[i]!;
    } else (out.data as { set(a: ArrayLike<number | bigint>, o: number): void }).set((c as { data: ArrayLike<number | bigint> }).data, off);
    off += len;
  }
  return out;
}

/** All batches as one (relation gives the types, also for zero batches). */
export function concatBatches(relation: Relation, batches: readonly RowBatch[]): RowBatch {
  if (batches.length === 1) return batches[0]!;
  return {
    numRows: batches.reduce((s, b) => s + b.numRows, 0),
    columns: relation.map((ci, k) => concatColumns(ci.type, batches.map((b) => b.columns[k]!))),
  };
}

/** A batch with no rows. */
export function emptyBatch(relation: Relation): RowBatch {
  return { numRows: 0, columns: relation.map((c) => allocColumn(c.type, 0)) };
}
