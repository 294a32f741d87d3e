// The table store as a TableProvider: a scan takes one store snapshot (the data present
// when it starts), skips batches outside the time range, applies the exact bounds to the
// batches it keeps, and hands out the requested columns without copying them.

import type { Relation, RowBatch } from '../types/index.js';
import type { TableInfo, TableProvider, TimeRange } from './provider.js';
import { builtinTable } from '../store/schemas.js';
import { boundedTimeColumn, scanBatch } from './provider.js';
import { ExecError } from './errors.js';

/** The part of the table store a query reads (src/store's TableStore satisfies it). */
export interface SnapshotSource {
  relation(table: string): Relation | undefined;
  tableNames(): readonly string[];
  /** Batches that may hold rows with startTime ≤ time_ ≤ endTime (both inclusive). */
  snapshot(table: string, range: { startTime?: bigint; endTime?: bigint }): { readonly batches: readonly RowBatch[] };
}

/** Column name → index, once per relation object (stored tables keep theirs for good). */
const indexes = new WeakMap<Relation, ReadonlyMap<string, number>>();
function columnIndex(relation: Relation): ReadonlyMap<string, number> {
  let m = indexes.get(relation);
  if (m === undefined) {
    const built = new Map<string, number>();
    relation.forEach((c, i) => { if (!built.has(c.name)) built.set(c.name, i); });
    indexes.set(relation, built);
    m = built;
  }
  return m;
}

export class StoreTableProvider implements TableProvider {
  constructor(private readonly store: SnapshotSource) {}

  relation(table: string): Relation | undefined {
    return this.store.relation(table);
  }

  tables(): TableInfo[] {
    return this.store.tableNames().map((name) => {
      const builtin = builtinTable(name);
      return { name, desc: builtin?.desc ?? '', relation: this.store.relation(name) ?? [], ...(builtin ? { patternTypes: builtin.patternTypes } : {}) };
    });
  }

  async *scan(table: string, columns: readonly string[], range: TimeRange, signal?: AbortSignal): AsyncIterable<RowBatch> {
    const relation = this.store.relation(table);
    if (relation === undefined) return;
    // Our end bound is exclusive; the store's is inclusive.
    const snap = this.store.snapshot(table, {
      ...(range.startNs !== undefined ? { startTime: range.startNs } : {}),
      ...(range.endNs !== undefined ? { endTime: range.endNs - 1n } : {}),
    });
    const byName = columnIndex(relation);
    const idx = columns.map((c) => byName.get(c) ?? -1);
    const timeIdx = boundedTimeColumn(relation, range);
    for (const b of snap.batches) {
      // Ending quietly would pass a partial table off as complete.
      if (signal?.aborted) throw new ExecError('ERR_EXEC_ABORTED', 'query aborted');
      const out = scanBatch(b, idx, timeIdx, range);
      if (out !== undefined && out.numRows > 0) yield out;
    }
  }
}
