// Builders of test batches for the store tests.
import { DataType, type Column, type RowBatch } from '../../src/types/index.js';
import { tableSchema } from '../../src/store/index.js';

/** A process_stats batch of `n` rows with time_ = t0 + i and every counter = tag. */
export function processStatsBatch(t0: bigint, n: number, tag = 1n): RowBatch {
  const rel = tableSchema('process_stats')!;
  const columns: Column[] = rel.map((c) => {
    if (c.type === DataType.TIME64NS) return { type: c.type, data: BigInt64Array.from({ length: n }, (_, i) => t0 + BigInt(i)) };
    if (c.type === DataType.UINT128) return { type: c.type, high: new BigUint64Array(n).fill(7n), low: new BigUint64Array(n).fill(9n) };
    return { type: DataType.INT64, data: new BigInt64Array(n).fill(tag) };
  });
  return { numRows: n, columns };
}

/** All time_ values of a table snapshot's batches, in order. */
export function times(batches: readonly RowBatch[]): bigint[] {
  const out: bigint[] = [];
  for (const b of batches) {
    const c = b.columns[0]!;
    if (c.type !== DataType.TIME64NS) throw new TypeError('first column is not time_');
    for (let i = 0; i < b.numRows; i++) out.push(c.data[i]!);
  }
  return out;
}
