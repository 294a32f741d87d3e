// Dictionaries of stored key columns, kept between queries. A group-by or join key costs a
// hash lookup per row (string, int64 and upid keys: 5-10 ns, 50-100 ms per 10 M rows); a
// column with a dictionary costs one lookup per distinct value and an array read per row
// (keys.ts, KeyEncoder). Stored batches are immutable and dashboards send the same scripts
// again every few seconds, so the dictionary that a coder's own codes give a stored column
// is kept: built from the codes the row path has just written (no extra lookups), from the
// column's second encode on, within a byte limit (column-cache.ts). Filters and their row
// copies (operators/basic.ts, gatherer.ts) have no codes of their own: they ask for a
// column's dictionary (dictionaryFor), which codes the column once, from a second query on;
// a filter then decides its predicate per distinct value and picks rows by code or, with at
// most 8 values, through a row bitmap per value.

import { DataType } from '../types/index.js';
import type { Column } from '../types/index.js';
import { dictionaryOf } from '../pxl/functions/kernel.js';
import { ColumnCache } from '../pxl/functions/column-cache.js';
import { gather } from './columns.js';

/** Bytes kept at most (codes at 1 or 2 bytes per row, row bitmaps of small dictionaries, the distinct values). */
export const KEY_DICT_CACHE_BYTES = 32 << 20;

/** Rows coded first when a reader asks for a dictionary (dictionaryFor). */
const PROBE_ROWS = 1024;

/** Distinct values a kept dictionary may have (its codes are 16-bit at most). */
const MAX_VALUES = 1 << 16;

/** A stored column's dictionary: row i holds row codes[i] of `values`. */
export interface KeptDictionary {
  /** One code per row. */
  readonly codes: Uint8Array | Uint16Array;
  /** The column's distinct values in first-seen row order (a column of the same type). */
  readonly values: Column;
  readonly size: number;
  /**
   * With at most BITMAP_MAX_VALUES values: a bitmap of the rows of each value (`size` runs
   * of ⌈n/32⌉ words). A filter ORs the bitmaps of the values that pass and lists the set
   * bits, reading an eighth of a byte per row and value instead of a code per row.
   */
  readonly bits?: Int32Array;
}

export class KeyDictionaryCache {
  private readonly kept: ColumnCache<KeptDictionary>;
  /** Lookups answered from a kept dictionary (tests and benches read it). */
  hits = 0;
  /** Scratch: coder code → code in the dictionary being built, −1 when not met yet. */
  private local = new Int32Array(0);
  /** Scratch: the codes of the dictionary being built. */
  private scratch = new Uint16Array(0);
  /** Scratch: a coder's row codes, for dictionaries built on request (dictionaryFor). */
  private rowCodes = new Int32Array(0);
  /**
   * Columns given up for good: too many distinct values to pay off, or too large for the
   * limit. Both are properties of the (immutable) column, so it is never coded for a
   * dictionary again; weak, so the set holds nothing a column's death would not free.
   */
  private readonly refused = new WeakSet<object>();

  constructor(limit = KEY_DICT_CACHE_BYTES) {
    this.kept = new ColumnCache(limit);
  }

  /** Bytes currently kept. */
  get bytes(): number { return this.kept.bytes; }

  /** The kept dictionary of `col` when it was kept for exactly `n` rows. */
  lookup(col: Column, n: number): KeptDictionary | undefined {
    const e = n === 0 ? undefined : this.kept.get(col, (d) => d.codes.length === n);
    if (e !== undefined) this.hits++;
    return e;
  }

  /**
   * Told after a coder wrote its codes for all `n` rows of `col` (`codes[i]` ≥ 0, equal codes
   * for equal keys). From the column's second offer (column-cache.ts), its dictionary is
   * built from those codes and kept, unless it has too many distinct values to pay off (a
   * quarter of the rows or more) or does not fit the limit; such a column is refused for good.
   */
  offer(col: Column, n: number, codes: Int32Array): void {
    if (!this.eligible(col, n) || !this.kept.wants(col)) return;
    this.keepBuilt(col, n, codes);
  }

  /**
   * The kept dictionary of `col` (`n` rows), for a reader with no codes of its own (a
   * filter): from the column's second request on, `encode(out, rows)` writes a fresh coder's
   * codes for the column's first `rows` rows (dense, in first-seen order) and returns the
   * coder (how many distinct values it met, and them); the dictionary they make is kept. Undefined while the
   * column has none (first request, refused, or not eligible). `query`: the query asking
   * (requests of one query count as one sighting).
   */
  dictionaryFor(col: Column, n: number, encode: (out: Int32Array, rows: number) => FreshCodes, query?: object): KeptDictionary | undefined {
    const hit = this.lookup(col, n);
    // An evicted dictionary is not built again for such a reader: when the columns asked
    // for exceed the limit, the ones kept stay kept instead of every query coding them all.
    if (hit !== undefined || !this.eligible(col, n) || this.kept.evicted(col) || !this.kept.wants(col, query)) return hit;
    if (this.rowCodes.length < n) this.rowCodes = new Int32Array(n);
    // A column whose first rows are mostly distinct (times, latencies, ids) is refused on a
    // probe of them instead of a hash pass over every row.
    const probe = Math.min(n, PROBE_ROWS);
    if (probe < n && encode(this.rowCodes, probe).size * 2 > probe) {
      this.refused.add(col);
      return undefined;
    }
    // A fresh coder's codes are already dense and in first-seen order: they are the
    // dictionary's codes as they are, and its values are the coder's.
    const coder = encode(this.rowCodes, n);
    const size = coder.size;
    if (size > MAX_VALUES || size * 4 >= n) return this.refuse(col);
    const codes = size > 256 ? new Uint16Array(n) : new Uint8Array(n);
    codes.set(this.rowCodes.subarray(0, n));
    const kept = dictionary(codes, coder.values(), size);
    return this.keepIfFits(col, kept);
  }

  /**
   * Booleans have no lookup to spare; a metadata dictionary column has its own codes (and
   * reading its values here would build its strings); a refused column stays refused.
   */
  private eligible(col: Column, n: number): boolean {
    return n > 0 && col.type !== DataType.BOOLEAN && !this.refused.has(col) && dictionaryOf(col) === undefined;
  }

  private keepBuilt(col: Column, n: number, codes: Int32Array): KeptDictionary | undefined {
    const kept = this.build(col, codes, n);
    return kept === undefined ? this.refuse(col) : this.keepIfFits(col, kept);
  }

  private keepIfFits(col: Column, kept: KeptDictionary): KeptDictionary | undefined {
    const bytes = entryBytes(kept);
    if (bytes > this.kept.limit) return this.refuse(col);
    this.kept.keep(col, kept, bytes);
    return kept;
  }

  private refuse(col: Column): undefined {
    this.refused.add(col);
    return undefined;
  }

  private build(col: Column, codes: Int32Array, n: number): KeptDictionary | undefined {
    let local = this.local;
    const met: number[] = [];
    /** The first row of each distinct value, in first-seen order. */
    const firstRows: number[] = [];
    // Codes go to scratch first: a column with too many values (a time or id key) is given
    // up part-way (once: it is refused from then on), so only a dictionary that is kept gets
    // arrays of its own.
    if (this.scratch.length < n) this.scratch = new Uint16Array(n);
    const out = this.scratch;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (c >= local.length) {
        const grown = new Int32Array(Math.max(c + 1, 2 * local.length)).fill(-1);
        grown.set(local);
        local = this.local = grown;
      }
      let l = local[c]!;
      if (l < 0) {
        l = firstRows.length;
        if (l >= MAX_VALUES || (l + 1) * 4 >= n) { ok = false; break; }
        local[c] = l;
        met.push(c);
        firstRows.push(i);
      }
      out[i] = l;
    }
    for (const c of met) local[c] = -1;
    if (!ok) return undefined;
    const size = firstRows.length;
    const values = gather(col, firstRows, size);
    const own = size > 256 ? new Uint16Array(n) : new Uint8Array(n);
    own.set(out.subarray(0, n));
    return dictionary(own, values, size);
  }
}

/** Bytes of an entry: its codes, its bitmaps and its values (strings counted as references). */
function entryBytes(e: KeptDictionary): number {
  return e.codes.byteLength + (e.bits?.byteLength ?? 0) + e.size * (e.values.type === DataType.UINT128 ? 16 : 8);
}

/** Values a dictionary may have to keep a bitmap per value (then at most one bit per row and value: n bytes). */
export const BITMAP_MAX_VALUES = 8;

/** What a reader's coder reports: how many distinct values it met, and them in code order. */
export interface FreshCodes {
  readonly size: number;
  values(): Column;
}

/** A kept dictionary of `codes` (one per row) into `values`, with row bitmaps when it is small. */
function dictionary(codes: Uint8Array | Uint16Array, values: Column, size: number): KeptDictionary {
  return size > BITMAP_MAX_VALUES ? { codes, values, size } : { codes, values, size, bits: bitmaps(codes, codes.length, size) };
}

/** One bitmap per value: bit i % 32 of word v · ⌈n/32⌉ + ⌊i/32⌋ is set when row i holds value v. */
function bitmaps(codes: Uint8Array | Uint16Array, n: number, size: number): Int32Array {
  const words = (n + 31) >>> 5;
  const bits = new Int32Array(size * words);
  for (let i = 0; i < n; i++) bits[codes[i]! * words + (i >>> 5)] |= 1 << (i & 31);
  return bits;
}

/** The process's cache (keys.ts). */
export const keyDictionaryCache = new KeyDictionaryCache();
