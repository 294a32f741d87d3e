// Output batches built from selected rows of input batches: a filter hands each input
// batch's selection vector over right after computing it, while the batch (and the column
// the predicate just read) is still in cache, instead of keeping selections pending and
// re-reading the input columns later. Rows are copied into output columns of a fixed
// capacity; a batch is handed on when full (or at the end, cut to its row count).

import { allocColumnToFill, DataType, sliceColumn } from '../types/index.js';
import type { Column, RowBatch } from '../types/index.js';
import { BufferPool, outFloat64, outInt64, outUint8, type BufferTaker } from '../pxl/functions/buffers.js';

/** Output columns under construction: typed arrays of `capacity` rows, strings as holey arrays. */
export class BatchGatherer {
  private columns: Column[] | undefined;
  private capacity = 0;
  private filled = 0;
  /** 64-bit word arrays of the output columns (INT64, TIME64NS, FLOAT64, UINT128 halves). */
  private dstWords: BigInt64Array[] = [];
  /** The same for the input batch being appended (refilled per append, kept to avoid garbage). */
  private readonly srcWords: BigInt64Array[] = [];

  /**
   * `pool`: a BufferPool when the gatherer's consumer is done with each output batch before
   * the next one is started (a transient filter): output arrays are leased from it and
   * returned to it when the next batch starts. Any other taker (a query's result lease,
   * result-buffers.ts) only hands out arrays; its owner gives them back. Without one every
   * batch gets fresh arrays.
   */
  constructor(private readonly types: readonly DataType[], private readonly pool?: BufferTaker) {}

  /** Rows in the batch under construction. */
  get rows(): number {
    return this.filled;
  }

  /** Whether the batch under construction has no room left (take() it before appending more). */
  get full(): boolean {
    return this.columns !== undefined && this.filled === this.capacity;
  }

  /**
   * Copies rows `sel[from..to)` of `b` into the batch under construction, as many as fit,
   * and returns the position in `sel` after the last one copied. When no batch is under
   * construction, one is started with room for `capacity` rows.
   */
  append(b: RowBatch, sel: Uint32Array, from: number, to: number, capacity: number): number {
    const out = this.columns ?? this.start(capacity);
    const n = Math.min(to - from, this.capacity - this.filled);
    const src = this.srcWords;
    src.length = 0;
    // The first string column rides along with the first pass over the 64-bit columns.
    let strIn: readonly string[] = NO_STRINGS, strOut: string[] = [];
    for (let k = 0; k < out.length; k++) {
      const c = b.columns[k]!;
      if (c.type === DataType.STRING) {
        const o = (out[k] as typeof c).data as string[];
        if (strIn === NO_STRINGS) { strIn = c.data; strOut = o; }
        else gatherStrings(c.data, sel, from, n, o, this.filled);
      } else if (c.type === DataType.BOOLEAN) gatherBytes(c.data, sel, from, n, (out[k] as typeof c).data, this.filled);
      else pushWords(c, src);
    }
    gatherRows(src, this.dstWords, strIn, strOut, sel, from, n, this.filled);
    this.filled += n;
    return from + n;
  }

  /** The batch under construction with exactly its rows; the next append starts a new one. */
  take(): RowBatch {
    const cols = this.columns;
    if (cols === undefined) throw new TypeError('take() without a batch under construction');
    const n = this.filled;
    const columns = n === this.capacity ? cols : cols.map((c) => truncate(c, n));
    this.columns = undefined;
    this.capacity = 0;
    this.filled = 0;
    return { numRows: n, columns };
  }

  private start(capacity: number): Column[] {
    // The previous output batch is dead by now when pooled (see the constructor).
    if (this.pool instanceof BufferPool) this.pool.release();
    this.capacity = capacity;
    this.filled = 0;
    const cols = this.types.map((t) => outputColumn(t, capacity, this.pool));
    this.dstWords = [];
    for (const c of cols) if (c.type !== DataType.STRING && c.type !== DataType.BOOLEAN) pushWords(c, this.dstWords);
    this.columns = cols;
    return cols;
  }
}

/**
 * A column of `n` rows whose every row will be written: string arrays are made at full size
 * without a fill pass (their slots start as holes), typed arrays are fresh or pooled (pooled
 * ones hold stale contents).
 */
function outputColumn(type: DataType, n: number, pool: BufferTaker | undefined): Column {
  if (pool === undefined) return allocColumnToFill(type, n);
  const src = { buffers: pool };
  switch (type) {
    case DataType.STRING: return { type, data: new Array<string>(n) };
    case DataType.INT64:
    case DataType.TIME64NS: return { type, data: outInt64(src, n) };
    case DataType.FLOAT64: return { type, data: outFloat64(src, n) };
    case DataType.BOOLEAN: return { type, data: outUint8(src, n) };
    case DataType.UINT128: {
      const h = outInt64(src, n), l = outInt64(src, n);
      return { type, high: new BigUint64Array(h.buffer, h.byteOffset, n), low: new BigUint64Array(l.buffer, l.byteOffset, n) };
    }
    default: throw new TypeError(`cannot gather a column of data type ${type}`);
  }
}

/** The first `n` rows of an output column (typed arrays as views; string arrays shortened in place). */
function truncate(c: Column, n: number): Column {
  if (c.type !== DataType.STRING) return sliceColumn(c, 0, n);
  (c.data as string[]).length = n; // the array is ours until handed on
  return c;
}

/** A fixed-width 64-bit column's word arrays, as BigInt64Array (bit-exact views). */
function pushWords(c: Column, out: BigInt64Array[]): void {
  switch (c.type) {
    case DataType.INT64:
    case DataType.TIME64NS: out.push(c.data); return;
    case DataType.FLOAT64: out.push(new BigInt64Array(c.data.buffer, c.data.byteOffset, c.data.length)); return;
    case DataType.UINT128:
      out.push(new BigInt64Array(c.high.buffer, c.high.byteOffset, c.high.length));
      out.push(new BigInt64Array(c.low.buffer, c.low.byteOffset, c.low.length));
      return;
    default: throw new TypeError(`not a 64-bit column: data type ${c.type}`);
  }
}

// The copy loops below write rows sel[from..from + n) of the inputs to rows off.. of the
// outputs. 64-bit columns go element to element on BigInt64Array views (optimised code moves
// the words without making BigInts, and FLOAT64 bits pass unchanged). One pass over the
// selection copies up to four 64-bit columns and a string column: on 2 M of 10 M rows, one
// pass over three int64 columns took ~28 ms where three passes took ~40 ms (the rows' loads
// overlap and the selection is read once), and adding the string column ~33 ms vs ~40 ms.

/** Unused slots of a pass (never read: their counts say so). */
const NO_WORDS = new BigInt64Array(0);
const NO_STRINGS: readonly string[] = [];

/** Every 64-bit column, four per pass, plus one string column (NO_STRINGS: none) in the first pass. */
function gatherRows(src: BigInt64Array[], dst: BigInt64Array[], strIn: readonly string[], strOut: string[], sel: Uint32Array, from: number, n: number, off: number): void {
  let k = 0;
  do {
    const w = Math.min(4, src.length - k);
    const s = (i: number): BigInt64Array => (i < w ? src[k + i]! : NO_WORDS);
    const d = (i: number): BigInt64Array => (i < w ? dst[k + i]! : NO_WORDS);
    pass(w, s(0), d(0), s(1), d(1), s(2), d(2), s(3), d(3), strIn !== NO_STRINGS, strIn, strOut, sel, from, n, off);
    strIn = NO_STRINGS;
    k += 4;
  } while (k < src.length);
}

/**
 * One pass: `w` (0-4) 64-bit columns and, when `str`, a string column. The count and flag
 * branches are the same for every row, so they predict perfectly; one loop serves every
 * column mix without a variant per combination.
 */
function pass(
  w: number,
  s0: BigInt64Array, d0: BigInt64Array, s1: BigInt64Array, d1: BigInt64Array,
  s2: BigInt64Array, d2: BigInt64Array, s3: BigInt64Array, d3: BigInt64Array,
  str: boolean, ss: readonly string[], ds: string[],
  sel: Uint32Array, from: number, n: number, off: number,
): void {
  for (let i = 0; i < n; i++) {
    const j = sel[from + i]!, o = off + i;
    if (w > 0) {
      d0[o] = s0[j]!;
      if (w > 1) {
        d1[o] = s1[j]!;
        if (w > 2) {
          d2[o] = s2[j]!;
          if (w > 3) d3[o] = s3[j]!;
        }
      }
    }
    if (str) ds[o] = ss[j]!;
  }
}

/** String references (the strings themselves are shared with the input). */
function gatherStrings(d: readonly string[], sel: Uint32Array, from: number, n: number, o: string[], off: number): void {
  for (let i = 0; i < n; i++) o[off + i] = d[sel[from + i]!]!;
}

function gatherBytes(d: Uint8Array, sel: Uint32Array, from: number, n: number, o: Uint8Array, off: number): void {
  for (let i = 0; i < n; i++) o[off + i] = d[sel[from + i]!]!;
}
