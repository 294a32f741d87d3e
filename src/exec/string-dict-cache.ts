// Dictionaries of stored string columns, kept between queries. A group-by or join key on a
// STRING column costs a Map lookup per row (about 10 ns: 100 ms per 10 M rows); on a column
// with a dictionary it costs one lookup per distinct value and an array read per row
// (keys.ts, StringCoder.dictionaryTable). Stored batches are immutable and dashboards send the
// same scripts again every few seconds, so the dictionary a coder's own codes give a stored
// column is kept: built from the codes the row path has just written (no extra lookups),
// from the column's second encode on, so a filter's gathered copy (a new object per query)
// never displaces a stored column's entry. Bounded in bytes, least recently used first out.

/** Bytes kept at most (codes at 1 or 2 bytes per row, plus 8 per distinct value). */
export const STRING_DICT_CACHE_BYTES = 32 << 20;

/** Distinct values a kept dictionary may have (its codes are 16-bit at most). */
const MAX_VALUES = 1 << 16;

/** A stored column's dictionary: row i holds values[codes[i]]. */
export interface KeptDictionary {
  /** One code per row; empty once evicted. */
  codes: Uint8Array | Uint16Array;
  /** The column's distinct strings in first-seen row order. */
  readonly values: readonly string[];
}

const EVICTED = new Uint8Array(0);

export class StringDictionaryCache {
  private readonly byColumn = new WeakMap<object, KeptDictionary>();
  /** Columns encoded once and not (yet) kept. */
  private readonly sighted = new WeakSet<object>();
  /** Kept entries, least recently used first (a Set iterates in insertion order). */
  private readonly order = new Set<KeptDictionary>();
  private held = 0;
  /** Lookups answered from a kept dictionary (tests and benches read it). */
  hits = 0;
  /** Scratch: coder code → code in the dictionary being built, −1 when not met yet. */
  private local = new Int32Array(0);

  constructor(private readonly limit = STRING_DICT_CACHE_BYTES) {}

  /** Bytes currently kept. */
  get bytes(): number { return this.held; }

  /** The kept dictionary of `col` when it was kept for exactly `n` rows. */
  lookup(col: object, n: number): KeptDictionary | undefined {
    const e = this.byColumn.get(col);
    if (e === undefined || n === 0 || e.codes.length !== n) return undefined;
    this.order.delete(e);
    this.order.add(e);
    this.hits++;
    return e;
  }

  /**
   * Told after a coder wrote its codes for all `n` rows of `col` (`codes[i]` ≥ 0, an index
   * into `coderValues`). The first time, the column is only remembered; from the second, its
   * dictionary is built from those codes and kept, unless it has too many distinct values to
   * pay off (a quarter of the rows, as dictionaryTable requires) or does not fit the limit.
   */
  offer(col: object, n: number, codes: Int32Array, coderValues: readonly string[]): void {
    if (n === 0) return;
    const old = this.byColumn.get(col);
    if (old === undefined && !this.sighted.has(col)) {
      this.sighted.add(col);
      return;
    }
    const kept = this.build(codes, n, coderValues);
    if (kept === undefined) return;
    const bytes = entryBytes(kept);
    if (bytes > this.limit) return;
    if (old !== undefined) this.drop(old);
    this.byColumn.set(col, kept);
    this.order.add(kept);
    this.held += bytes;
    for (const first of this.order) {
      if (this.held <= this.limit) break;
      this.drop(first);
    }
  }

  private build(codes: Int32Array, n: number, coderValues: readonly string[]): KeptDictionary | undefined {
    if (this.local.length < coderValues.length) {
      this.local = new Int32Array(Math.max(coderValues.length, 2 * this.local.length)).fill(-1);
    }
    const local = this.local;
    const met: number[] = [];
    const values: string[] = [];
    const out = new Uint16Array(n);
    let ok = true;
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      let l = local[c]!;
      if (l < 0) {
        l = values.length;
        if (l >= MAX_VALUES || (l + 1) * 4 >= n) { ok = false; break; }
        local[c] = l;
        met.push(c);
        values.push(coderValues[c]!);
      }
      out[i] = l;
    }
    for (const c of met) local[c] = -1;
    if (!ok) return undefined;
    if (values.length > 256) return { codes: out, values };
    const narrow = new Uint8Array(n);
    narrow.set(out);
    return { codes: narrow, values };
  }

  private drop(e: KeptDictionary): void {
    if (!this.order.delete(e)) return;
    this.held -= entryBytes(e);
    e.codes = EVICTED;
  }
}

function entryBytes(e: KeptDictionary): number {
  return e.codes.byteLength + 8 * e.values.length;
}

/** The process's cache (keys.ts). */
export const stringDictionaryCache = new StringDictionaryCache();
