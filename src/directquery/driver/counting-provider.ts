// Wraps the engine's table provider for one query: counts the records and bytes the query
// reads (ExecuteScript's execution_stats, the audit line, and the observable proof that a
// cancelled query stopped reading), and clamps every scan to the request's plugin_config
// time window when one is given.

import { DataType, type Relation, type RowBatch } from '../../types/index.js';
import type { TableProvider, TimeRange } from '../../exec/index.js';
import { fixedWidth } from '../../store/bytes.js';

export class CountingProvider implements TableProvider {
  records = 0;
  bytes = 0;

  constructor(
    private readonly inner: TableProvider,
    private readonly window: TimeRange = {},
  ) {}

  relation(table: string): Relation | undefined {
    return this.inner.relation(table);
  }

  async *scan(table: string, columns: readonly string[], range: TimeRange, signal?: AbortSignal): AsyncIterable<RowBatch> {
    for await (const b of this.inner.scan(table, columns, intersect(range, this.window), signal)) {
      this.records += b.numRows;
      for (const c of b.columns) this.bytes += columnBytes(c, b.numRows);
      yield b;
    }
  }
}

function intersect(a: TimeRange, b: TimeRange): TimeRange {
  const start = max(a.startNs, b.startNs);
  const end = min(a.endNs, b.endNs);
  return { ...(start !== undefined ? { startNs: start } : {}), ...(end !== undefined ? { endNs: end } : {}) };
}

function max(x?: bigint, y?: bigint): bigint | undefined {
  return x === undefined ? y : y === undefined ? x : x > y ? x : y;
}
function min(x?: bigint, y?: bigint): bigint | undefined {
  return x === undefined ? y : y === undefined ? x : x < y ? x : y;
}

const STRING_SAMPLE = 256;

/**
 * String column sizes by column object: stored batches hand the same column objects to
 * every query, so each is measured once, not once per query that reads it.
 */
const stringBytes = new WeakMap<object, { readonly n: number; readonly bytes: number }>();

function columnBytes(c: RowBatch['columns'][number], n: number): number {
  if (c.type !== DataType.STRING) return approxBytes(c.type, n, c);
  const known = stringBytes.get(c);
  if (known !== undefined && known.n === n) return known.bytes;
  const bytes = approxBytes(c.type, n, c);
  stringBytes.set(c, { n, bytes });
  return bytes;
}

/**
 * Bytes of `n` values of a column: the fixed width of its type (as the store counts it), or
 * for strings their lengths, without the store's per-value overhead.
 */
export function approxBytes(type: DataType, n: number, c: RowBatch['columns'][number]): number {
  if (type !== DataType.STRING) return fixedWidth(type) * n;
  // Exact up to STRING_SAMPLE values; beyond, estimated from that many evenly spaced ones:
  // a store batch holds up to 16 Ki rows, and summing every string of every batch a head(1)
  // touches cost more than the rest of such a query.
  const data = (c as { data: readonly string[] }).data;
  let s = 0;
  if (n <= STRING_SAMPLE) {
    for (let i = 0; i < n; i++) s += data[i]!.length;
    return s;
  }
  const step = n / STRING_SAMPLE;
  for (let k = 0; k < STRING_SAMPLE; k++) s += data[Math.floor(k * step)]!.length;
  return Math.round((s * n) / STRING_SAMPLE);
}
