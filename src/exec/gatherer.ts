// Output batches built from selected rows of input batches: a filter hands each input
// batch's selection vector over right after computing it, while the batch (and the column
// the predicate just read) is still in cache, instead of keeping selections pending and
// re-reading the input columns later. Rows are copied into output columns of a fixed
// capacity; a batch is handed on when full (or at the end, cut to its row count). An input
// column with a kept dictionary (key-dict-cache.ts) is read through its 1-2 byte codes, and
// string columns whose inputs all have one leave as dictionary columns.

import { allocColumnToFill, DataType, sliceColumn } from '../types/index.js';
import type { Column, RowBatch } from '../types/index.js';
import { BufferPool, outFloat64, outInt32, outInt64, outUint8, type BufferTaker } from '../pxl/functions/buffers.js';
import { dictionaryColumn } from '../pxl/functions/kernel.js';
import { keyDictionaryCache, type KeptDictionary } from './key-dict-cache.js';
import { keptDictionary } from './keys.js';

/**
 * Output columns under construction: typed arrays of `capacity` rows, strings as holey arrays
 * or, while every input column met has a kept dictionary, as codes into the batch's own list
 * of distinct strings (handed on as a dictionary column, kernel.ts).
 */
export class BatchGatherer {
  private columns: Column[] | undefined;
  private capacity = 0;
  private filled = 0;
  /** Per output column: its 64-bit word arrays (INT64, TIME64NS, FLOAT64: one; UINT128: two). */
  private dstWords: BigInt64Array[][] = [];
  /** Per STRING output column: its dictionary form while it is coded (undefined: plain strings). */
  private coded: (CodedStrings | undefined)[] = [];
  /** Per STRING output column: whether the batch under construction has chosen its form. */
  private chosen: boolean[] = [];
  /** The 64-bit word arrays of the input and output columns of one append (kept to avoid garbage). */
  private readonly srcWords: BigInt64Array[] = [];
  private readonly dstNow: BigInt64Array[] = [];
  /** The input batch of the last append. */
  private lastInput: RowBatch | undefined;

  /**
   * `pool`: a BufferPool when the gatherer's consumer is done with each output batch before
   * the next one is started (a transient filter): output arrays are leased from it and
   * returned to it when the next batch starts. Any other taker (a query's result lease,
   * result-buffers.ts) only hands out arrays; its owner gives them back. Without one every
   * batch gets fresh arrays. `query`: the query this gather serves (key-dict-cache.ts counts
   * its dictionary requests as one sighting).
   */
  constructor(private readonly types: readonly DataType[], private readonly pool?: BufferTaker, private readonly query?: object) {}

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
   * construction, one is started with room for `capacity` rows. `selected`: how many rows of
   * `b` the caller selects in all (default to − from); a column's kept dictionary is built
   * for the gather only when that is a fair share of the batch (see codedInput).
   */
  append(b: RowBatch, sel: Uint32Array, from: number, to: number, capacity: number, selected = to - from): number {
    const out = this.columns ?? this.start(capacity);
    const n = Math.min(to - from, this.capacity - this.filled);
    // Dictionaries are requested once per input batch (a second append of the same batch
    // only looks them up: a sliced batch's columns, new in every query, would otherwise be
    // coded for nothing).
    const build = b !== this.lastInput && selected * BUILD_SHARE >= b.numRows;
    this.lastInput = b;
    const src = this.srcWords, dst = this.dstNow;
    src.length = 0;
    dst.length = 0;
    // The first plain string column rides along with the first pass over the 64-bit columns.
    let strIn: readonly string[] = NO_STRINGS, strOut: string[] = [];
    for (let k = 0; k < out.length; k++) {
      const c = b.columns[k]!;
      if (c.type === DataType.STRING) {
        // Asked even when the column is plain strings for this batch, so that later
        // queries find the dictionary.
        const kept = codedInput(c, b.numRows, build, this.query);
        if (!this.chosen[k]) this.choose(k, kept !== undefined);
        const coded = this.coded[k];
        if (coded !== undefined && kept !== undefined) { coded.append(kept, sel, from, n, this.filled); continue; }
        if (coded !== undefined) this.uncode(k);
        const o = (out[k] as typeof c).data as string[];
        if (strIn === NO_STRINGS) { strIn = c.data; strOut = o; }
        else gatherStrings(c.data, sel, from, n, o, this.filled);
      } else if (c.type === DataType.BOOLEAN) gatherBytes(c.data, sel, from, n, (out[k] as typeof c).data, this.filled);
      else if (c.type === DataType.UINT128) {
        pushWords(c, src);
        dst.push(...this.dstWords[k]!);
      } else {
        const kept = codedInput(c, b.numRows, build, this.query);
        const d = this.dstWords[k]![0]!;
        if (kept !== undefined) gatherCoded(kept.codes, wordsOf(kept.values), d, sel, from, n, this.filled);
        else {
          pushWords(c, src);
          dst.push(d);
        }
      }
    }
    if (src.length > 0 || strIn !== NO_STRINGS) gatherRows(src, dst, strIn, strOut, sel, from, n, this.filled);
    this.filled += n;
    return from + n;
  }

  /** The batch under construction with exactly its rows; the next append starts a new one. */
  take(): RowBatch {
    const cols = this.columns;
    if (cols === undefined) throw new TypeError('take() without a batch under construction');
    const n = this.filled;
    const columns = cols.map((c, k) => {
      const coded = this.coded[k];
      if (coded !== undefined) return coded.column(n);
      return n === this.capacity ? c : truncate(c, n);
    });
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
    // String columns choose their form on their first input (choose()).
    const cols = this.types.map((t): Column => (t === DataType.STRING ? { type: t, data: [] } : outputColumn(t, capacity, this.pool)));
    this.dstWords = cols.map((c) => (c.type === DataType.STRING || c.type === DataType.BOOLEAN ? [] : words(c)));
    this.coded = cols.map(() => undefined);
    this.chosen = cols.map((c) => c.type !== DataType.STRING);
    this.columns = cols;
    return cols;
  }

  /** The form of string column k for the batch under construction: codes when its first input has a dictionary. */
  private choose(k: number, coded: boolean): void {
    this.chosen[k] = true;
    if (coded) this.coded[k] = new CodedStrings(this.pool === undefined ? new Int32Array(this.capacity) : outInt32({ buffers: this.pool }, this.capacity));
    this.columns![k] = { type: DataType.STRING, data: new Array<string>(coded ? 0 : this.capacity) };
  }

  /** An input without a dictionary: string column k turns into plain strings for the rest of the batch. */
  private uncode(k: number): void {
    const coded = this.coded[k]!;
    this.coded[k] = undefined;
    this.columns![k] = { type: DataType.STRING, data: coded.strings(this.filled, this.capacity) };
  }
}

/** Build a kept dictionary for a gathered column only when it selects at least 1/BUILD_SHARE of the batch's rows. */
const BUILD_SHARE = 8;

/**
 * The kept dictionary of an input column (key-dict-cache.ts): looked up, or with `build`
 * requested (built from the column's second request on). Codes read 1-2 bytes per row where
 * values read 8.
 */
function codedInput(c: Column, n: number, build: boolean, query: object | undefined): KeptDictionary | undefined {
  return build ? keptDictionary(c, n, query) : keyDictionaryCache.lookup(c, n);
}

/** A string output column as codes into its own list of distinct strings, in first-seen order. */
class CodedStrings {
  private readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  private remap = new Int32Array(0);

  constructor(private readonly codes: Int32Array) {}

  /** Rows sel[from..from + n) of an input with dictionary `kept`, at rows off.. of this column. */
  append(kept: KeptDictionary, sel: Uint32Array, from: number, n: number, off: number): void {
    const size = kept.size, strings = (kept.values as { data: readonly string[] }).data;
    if (this.remap.length < size) this.remap = new Int32Array(Math.max(size, 2 * this.remap.length));
    const remap = this.remap;
    for (let v = 0; v < size; v++) {
      const s = strings[v]!;
      let code = this.index.get(s);
      if (code === undefined) {
        code = this.values.length;
        this.values.push(s);
        this.index.set(s, code);
      }
      remap[v] = code;
    }
    if (kept.codes instanceof Uint8Array) remapCodes8(kept.codes, remap, this.codes, sel, from, n, off);
    else remapCodes16(kept.codes, remap, this.codes, sel, from, n, off);
  }

  /** The first `n` rows as a dictionary column. */
  column(n: number): Column {
    return dictionaryColumn({ codes: this.codes.subarray(0, n), values: this.values });
  }

  /** The first `n` rows as strings, in an array of `capacity` slots. */
  strings(n: number, capacity: number): string[] {
    const out = new Array<string>(capacity);
    const { codes, values } = this;
    for (let i = 0; i < n; i++) out[i] = values[codes[i]!]!;
    return out;
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

/** A fixed-width 64-bit column's word arrays (one, or two for UINT128). */
function words(c: Column): BigInt64Array[] {
  const out: BigInt64Array[] = [];
  pushWords(c, out);
  return out;
}

/** The words of a one-array 64-bit column (INT64, TIME64NS, FLOAT64). */
function wordsOf(c: Column): BigInt64Array {
  if (c.type === DataType.FLOAT64) return new BigInt64Array(c.data.buffer, c.data.byteOffset, c.data.length);
  return (c as { data: BigInt64Array }).data;
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
//
// Each loop walks the two halves of its rows side by side (rows i and h + i, h = n / 2, and
// the odd last row alone): two independent streams of loads that miss the cache instead of
// one. A filter's selection is rarely uniform - matching rows come in runs and gaps - and
// a single stream then waits on each run's first misses. Measured on the engine bench's Q1
// selection (2 M of 10 M rows, two int64 columns): 27-29 -> 21-23 ms; no change on a
// uniform random selection; Q1 as a whole ~56 -> ~47 ms (medians of six runs each).

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
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    const j = sel[from + i]!, o = off + i;
    const k = sel[from + h + i]!, q = o + h;
    if (w > 0) {
      d0[o] = s0[j]!;
      d0[q] = s0[k]!;
      if (w > 1) {
        d1[o] = s1[j]!;
        d1[q] = s1[k]!;
        if (w > 2) {
          d2[o] = s2[j]!;
          d2[q] = s2[k]!;
          if (w > 3) {
            d3[o] = s3[j]!;
            d3[q] = s3[k]!;
          }
        }
      }
    }
    if (str) {
      ds[o] = ss[j]!;
      ds[q] = ss[k]!;
    }
  }
  if ((n & 1) === 1) {
    const j = sel[from + n - 1]!, o = off + n - 1;
    if (w > 0) d0[o] = s0[j]!;
    if (w > 1) d1[o] = s1[j]!;
    if (w > 2) d2[o] = s2[j]!;
    if (w > 3) d3[o] = s3[j]!;
    if (str) ds[o] = ss[j]!;
  }
}

/** String references (the strings themselves are shared with the input). */
function gatherStrings(d: readonly string[], sel: Uint32Array, from: number, n: number, o: string[], off: number): void {
  for (let i = 0; i < n; i++) o[off + i] = d[sel[from + i]!]!;
}

/** 64-bit values through a kept dictionary: one code read per row, the values stay in cache. */
function gatherCoded(codes: Uint8Array | Uint16Array, vals: BigInt64Array, o: BigInt64Array, sel: Uint32Array, from: number, n: number, off: number): void {
  if (codes instanceof Uint8Array) gatherCoded8(codes, vals, o, sel, from, n, off);
  else gatherCoded16(codes, vals, o, sel, from, n, off);
}

// One loop per code width: each sees one array kind.
function gatherCoded8(codes: Uint8Array, vals: BigInt64Array, o: BigInt64Array, sel: Uint32Array, from: number, n: number, off: number): void {
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    o[off + i] = vals[codes[sel[from + i]!]!]!;
    o[off + h + i] = vals[codes[sel[from + h + i]!]!]!;
  }
  if ((n & 1) === 1) o[off + n - 1] = vals[codes[sel[from + n - 1]!]!]!;
}

function gatherCoded16(codes: Uint16Array, vals: BigInt64Array, o: BigInt64Array, sel: Uint32Array, from: number, n: number, off: number): void {
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    o[off + i] = vals[codes[sel[from + i]!]!]!;
    o[off + h + i] = vals[codes[sel[from + h + i]!]!]!;
  }
  if ((n & 1) === 1) o[off + n - 1] = vals[codes[sel[from + n - 1]!]!]!;
}

function remapCodes8(codes: Uint8Array, remap: Int32Array, o: Int32Array, sel: Uint32Array, from: number, n: number, off: number): void {
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    o[off + i] = remap[codes[sel[from + i]!]!]!;
    o[off + h + i] = remap[codes[sel[from + h + i]!]!]!;
  }
  if ((n & 1) === 1) o[off + n - 1] = remap[codes[sel[from + n - 1]!]!]!;
}

function remapCodes16(codes: Uint16Array, remap: Int32Array, o: Int32Array, sel: Uint32Array, from: number, n: number, off: number): void {
  const h = n >> 1;
  for (let i = 0; i < h; i++) {
    o[off + i] = remap[codes[sel[from + i]!]!]!;
    o[off + h + i] = remap[codes[sel[from + h + i]!]!]!;
  }
  if ((n & 1) === 1) o[off + n - 1] = remap[codes[sel[from + n - 1]!]!]!;
}

function gatherBytes(d: Uint8Array, sel: Uint32Array, from: number, n: number, o: Uint8Array, off: number): void {
  for (let i = 0; i < n; i++) o[off + i] = d[sel[from + i]!]!;
}
