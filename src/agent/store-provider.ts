// Adapts the table store to the executor's TableProvider: a query scans one snapshot per
// table (immutable batches, so ingest can go on), pruned by batch time ranges, with the
// exact [start, end) bounds applied per row and only the requested columns handed on.

import { DataType, type Relation, type RowBatch } from '../types/index.js';
import type { TableStore } from '../store/index.js';
import type { TableProvider, TimeRange } from '../exec/index.js';
import type { Catalog } from '../pxl/index.js';
import { ExecError } from '../exec/index.js';
import { timeSelection } from '../exec/provider.js';
import { gatherBatch } from '../exec/columns.js';

export class StoreTableProvider implements TableProvider, Catalog {
  constructor(private readonly store: TableStore) {}

  relation(table: string): Relation | undefined {
    return this.store.relation(table);
  }

  tableNames(): Iterable<string> {
    return this.store.tableNames();
  }

  async *scan(table: string, columns: readonly string[], range: TimeRange, signal?: AbortSignal): AsyncIterable<RowBatch> {
    const relation = this.store.relation(table);
    if (relation === undefined) return;
    // The store's bounds are inclusive; the executor's end is exclusive.
    const snap = this.store.snapshot(table, {
      ...(range.startNs !== undefined ? { startTime: range.startNs } : {}),
      ...(range.endNs !== undefined ? { endTime: range.endNs - 1n } : {}),
    });
    const idx = columns.map((c) => {
      const i = relation.findIndex((ci) => ci.name === c);
      if (i < 0) throw new TypeError(`table ${table} has no column ${c}`);
      return i;
    });
    const timeIdx = relation.findIndex((c) => c.name === 'time_' && c.type === DataType.TIME64NS);
    const bounded = range.startNs !== undefined || range.endNs !== undefined;
    for (const b of snap.batches) {
      // Ending quietly would pass a partial table off as complete.
      if (signal?.aborted) throw new ExecError('ERR_EXEC_ABORTED', 'query aborted');
      let out: RowBatch = { numRows: b.numRows, columns: idx.map((i) => b.columns[i]!) };
      if (timeIdx >= 0 && bounded) {
        const sel = timeSelection((b.columns[timeIdx] as { data: BigInt64Array }).data, b.numRows, range);
        if (sel === 'none') continue;
        if (sel !== 'all') out = gatherBatch(out, sel, sel.length);
      }
      yield out;
    }
  }
}
