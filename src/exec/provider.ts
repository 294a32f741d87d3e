// Where sources read from. The executor only sees `TableProvider`; the table store plugs in
// with a small adapter, tests and benchmarks use `MemoryTableProvider` over fixture batches.

import { DataType } from '../types/index.js';
import type { Relation, RowBatch } from '../types/index.js';
import { i32, splitI64 } from '../pxl/functions/kernel.js';
import { gatherBatch, sliceBatch } from './columns.js';

/** A time range on `time_`: start inclusive, end exclusive; unset bounds are open. */
export interface TimeRange {
  readonly startNs?: bigint;
  readonly endNs?: bigint;
}

/** A table as GetTables / GetSchemas list it. */
export interface TableInfo {
  readonly name: string;
  readonly desc: string;
  readonly relation: Relation;
  /** Pixie pattern type per column (GENERAL, METRIC_COUNTER, ...), when known. */
  readonly patternTypes?: readonly string[];
}

export interface TableProvider {
  /** Every table (for px.GetTables() / px.GetSchemas()); optional. */
  tables?(): readonly TableInfo[];
  /** The table's full relation, or undefined when the table does not exist. */
  relation(table: string): Relation | undefined;
  /**
   * Batches holding `columns` (in that order) of exactly the rows whose `time_` is in
   * `range`, in table (time) order (whole batches outside the range are skipped unread).
   */
  scan(table: string, columns: readonly string[], range: TimeRange, signal?: AbortSignal): AsyncIterable<RowBatch>;
}

/** In-memory tables of full-relation batches (fixtures, benchmarks). */
export class MemoryTableProvider implements TableProvider {
  private readonly byName = new Map<string, { relation: Relation; batches: RowBatch[] }>();

  /** Adds (or replaces) a table; batches larger than `batchRows` are split. */
  add(table: string, relation: Relation, batches: readonly RowBatch[], batchRows = 65536): this {
    const split: RowBatch[] = [];
    for (const b of batches) {
      for (let off = 0; off < b.numRows; off += batchRows) split.push(sliceBatch(b, off, Math.min(b.numRows, off + batchRows)));
    }
    this.byName.set(table, { relation, batches: split });
    return this;
  }

  relation(table: string): Relation | undefined {
    return this.byName.get(table)?.relation;
  }

  tables(): TableInfo[] {
    return [...this.byName].map(([name, t]) => ({ name, desc: '', relation: t.relation }));
  }

  async *scan(table: string, columns: readonly string[], range: TimeRange): AsyncIterable<RowBatch> {
    const t = this.byName.get(table);
    if (t === undefined) return;
    const idx = columns.map((c) => t.relation.findIndex((ci) => ci.name === c));
    const timeIdx = boundedTimeColumn(t.relation, range);
    for (const b of t.batches) {
      const out = scanBatch(b, idx, timeIdx, range);
      if (out !== undefined) yield out;
    }
  }
}

/** The `time_` column a scan must bound to `range`, or −1 (no such column, or an open range). */
export function boundedTimeColumn(relation: Relation, range: TimeRange): number {
  if (range.startNs === undefined && range.endNs === undefined) return -1;
  return relation.findIndex((c) => c.name === 'time_' && c.type === DataType.TIME64NS);
}

/**
 * Columns `idx` of a batch, keeping only rows whose time (column `timeIdx`; −1: no bound) is
 * in `range`; undefined when no row is.
 */
export function scanBatch(b: RowBatch, idx: readonly number[], timeIdx: number, range: TimeRange): RowBatch | undefined {
  const out: RowBatch = { numRows: b.numRows, columns: idx.map((i) => b.columns[i]!) };
  if (timeIdx < 0) return out;
  const sel = timeSelection((b.columns[timeIdx] as { data: BigInt64Array }).data, b.numRows, range);
  if (sel === 'none') return undefined;
  return sel === 'all' ? out : gatherBatch(out, sel, sel.length);
}

/** Rows of a time column inside the range: all, none, or a selection vector. */
function timeSelection(t: BigInt64Array, n: number, range: TimeRange): Uint32Array | 'all' | 'none' {
  const v = i32(t);
  const lo = range.startNs === undefined ? undefined : splitI64(range.startNs);
  const hi = range.endNs === undefined ? undefined : splitI64(range.endNs);
  const sel = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const h = v[2 * i + 1]!, l = v[2 * i]! >>> 0;
    if (lo !== undefined && (h < lo[0] || (h === lo[0] && l < lo[1]))) continue;
    if (hi !== undefined && (h > hi[0] || (h === hi[0] && l >= hi[1]))) continue;
    sel[k++] = i;
  }
  if (k === n) return 'all';
  if (k === 0) return 'none';
  return sel.subarray(0, k);
}
