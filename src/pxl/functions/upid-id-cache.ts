// Per-row upid ids of stored columns, kept between queries. Stored batches are immutable, so
// the ids one UpidIds table (one metadata generation) gives a UInt128Column object's rows
// never change: a later query over the same batch copies them (0.2 ns/row) instead of keying
// every row's 128-bit upid again (5-7 ns/row). Bounded in bytes, least recently used first out.

import type { UInt128Column } from '../../types/index.js';
import type { UpidIds } from './upid-ids.js';
import { ColumnCache } from './column-cache.js';

/**
 * Bytes of ids kept at most: 2 bytes per row (an eighth of the upid column itself), so
 * 32 MiB covers 16 M rows — more upid rows than the default table store (1280 MiB) holds.
 */
export const UPID_ID_CACHE_BYTES = 32 << 20;

/** Ids at or above this do not fit the cache's Uint16Array (one batch can push a table past it). */
const ID_LIMIT = 1 << 16;

interface Entry {
  /** The table the ids belong to; another table (a new generation, a full one) misses. */
  readonly table: UpidIds;
  /** Row i's id. */
  readonly ids: Uint16Array;
  /** The rows' distinct ids in first-seen order, as UpidIds.encode returned them. */
  readonly present: readonly number[];
  /** Rows per present id (aligned with `present`), counted once when the ids are kept. */
  readonly rows: Float64Array;
}

/** What encodeCounted gives: the rows' distinct ids; from kept ids, also their row counts and the ids themselves. */
export interface EncodedIds {
  readonly present: readonly number[];
  readonly rows: Float64Array | undefined;
  /** The kept per-row ids (read only: the cache's own array), with `rows`. */
  readonly ids: Uint16Array | undefined;
}

/** Per-row ids of UInt128Column objects under one UpidIds table each, within a byte limit. */
export class UpidIdCache {
  private readonly kept: ColumnCache<Entry>;

  constructor(limit = UPID_ID_CACHE_BYTES) {
    this.kept = new ColumnCache(limit);
  }

  /** Bytes of ids currently kept. */
  get bytes(): number { return this.kept.bytes; }

  /**
   * table.encode(col, n, out), from the kept ids when this column's were kept under `table`.
   * A column is kept from its second encode on (column-cache.ts).
   */
  encode(table: UpidIds, col: UInt128Column, n: number, out: Int32Array): readonly number[] {
    return this.encodeCounted(table, col, n, out).present;
  }

  /**
   * As encode; from kept ids, also each present id's row count (no pass over the rows) and
   * the kept ids themselves. `copy` false: kept ids are not copied into `out` (the caller
   * reads `ids`, or copies them when it needs 32-bit codes).
   */
  encodeCounted(table: UpidIds, col: UInt128Column, n: number, out: Int32Array, copy = true): EncodedIds {
    const e = n > 0 ? this.kept.get(col, (x) => x.table === table && x.ids.length === n) : undefined;
    if (e !== undefined) {
      if (copy) out.set(e.ids);
      return { present: e.present, rows: e.rows, ids: e.ids };
    }
    const present = table.encode(col, n, out);
    const bytes = 2 * n + 8 * present.length;
    if (this.kept.wants(col) && n > 0 && bytes <= this.kept.limit && table.size <= ID_LIMIT) {
      this.kept.keep(col, { table, ids: narrow(out, n), present, rows: rowsPerId(out, n, present, table.size) }, bytes);
    }
    return { present, rows: undefined, ids: undefined };
  }
}

/** Scratch for rowsPerId: a count per id, all zero between calls. */
let perId = new Uint32Array(0);

/** How many of rows [0, n) hold each id of `present` (every row's id is in it). */
function rowsPerId(ids: Int32Array, n: number, present: readonly number[], size: number): Float64Array {
  if (perId.length < size) perId = new Uint32Array(Math.max(size, 2 * perId.length));
  const c = perId;
  for (let i = 0; i < n; i++) c[ids[i]!]!++;
  const rows = new Float64Array(present.length);
  for (let k = 0; k < present.length; k++) {
    rows[k] = c[present[k]!]!;
    c[present[k]!] = 0;
  }
  return rows;
}

/** out[0..n) as a Uint16Array (all below ID_LIMIT). */
function narrow(out: Int32Array, n: number): Uint16Array {
  const ids = new Uint16Array(n);
  ids.set(out.subarray(0, n));
  return ids;
}

/** The process's cache (metadata.ts). */
export const upidIdCache = new UpidIdCache();
