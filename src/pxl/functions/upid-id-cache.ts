// Per-row upid ids of stored columns, kept between queries. Stored batches are immutable, so
// the ids one UpidIds table (one metadata generation) gives a UInt128Column object's rows
// never change: a later query over the same batch copies them (0.2 ns/row) instead of keying
// every row's 128-bit upid again (5-7 ns/row). Bounded in bytes, least recently used first out.

import type { UInt128Column } from '../../types/index.js';
import type { UpidIds } from './upid-ids.js';

/**
 * Bytes of ids kept at most: 2 bytes per row (an eighth of the upid column itself), so
 * 32 MiB covers 16 M rows — more upid rows than the default table store (1280 MiB) holds.
 * Ids of columns that died stay until evicted; the limit bounds them too.
 */
export const UPID_ID_CACHE_BYTES = 32 << 20;

/** Ids at or above this do not fit the cache's Uint16Array (one batch can push a table past it). */
const ID_LIMIT = 1 << 16;

const NO_IDS = new Uint16Array(0);

interface Entry {
  /** The table the ids belong to; another table (a new generation, a full one) misses. */
  readonly table: UpidIds;
  /** Row i's id, or NO_IDS once evicted. */
  ids: Uint16Array;
  /** The rows' distinct ids in first-seen order, as UpidIds.encode returned them. */
  readonly present: readonly number[];
}

/** Per-row ids of UInt128Column objects under one UpidIds table each, within a byte limit. */
export class UpidIdCache {
  private readonly byColumn = new WeakMap<object, Entry>();
  /** Columns met once and not (yet) kept: ids are kept from a column's second query on. */
  private readonly sighted = new WeakSet<object>();
  /** Kept entries, least recently used first (a Set iterates in insertion order). */
  private readonly order = new Set<Entry>();
  private held = 0;

  constructor(private readonly limit = UPID_ID_CACHE_BYTES) {}

  /** Bytes of ids currently kept. */
  get bytes(): number { return this.held; }

  /**
   * table.encode(col, n, out), from the kept ids when this column's were kept under `table`.
   * A column is kept from its second encode on: one met only once (a filter's gathered copy,
   * made afresh per query) then never displaces the ids of stored columns.
   */
  encode(table: UpidIds, col: UInt128Column, n: number, out: Int32Array): readonly number[] {
    const e = this.byColumn.get(col);
    if (e !== undefined && e.table === table && e.ids.length === n && n > 0) {
      out.set(e.ids);
      this.order.delete(e);
      this.order.add(e);
      return e.present;
    }
    const present = table.encode(col, n, out);
    const bytes = 2 * n;
    if (e === undefined && !this.sighted.has(col)) this.sighted.add(col);
    else if (n > 0 && bytes <= this.limit && table.size <= ID_LIMIT) this.keep(col, { table, ids: narrow(out, n), present }, e);
    return present;
  }

  private keep(col: object, entry: Entry, old: Entry | undefined): void {
    if (old !== undefined) this.drop(old);
    this.byColumn.set(col, entry);
    this.order.add(entry);
    this.held += entry.ids.byteLength;
    for (const first of this.order) {
      if (this.held <= this.limit) break;
      this.drop(first);
    }
  }

  private drop(e: Entry): void {
    if (!this.order.delete(e)) return;
    this.held -= e.ids.byteLength;
    e.ids = NO_IDS;
  }
}

/** out[0..n) as a Uint16Array (all below ID_LIMIT). */
function narrow(out: Int32Array, n: number): Uint16Array {
  const ids = new Uint16Array(n);
  ids.set(out.subarray(0, n));
  return ids;
}

/** The process's cache (metadata.ts). */
export const upidIdCache = new UpidIdCache();
