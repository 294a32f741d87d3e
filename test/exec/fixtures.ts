// Test fixtures: columns from plain values, relations, and rows back out of batches.

import { DataType, SemanticType } from '../../src/types/index.js';
import type { Column, ColumnInfo, DataType as DT, Relation, RowBatch, SemanticType as ST } from '../../src/types/index.js';
import type { Arg } from '../../src/pxl/functions/registry.js';
import type { LiteralValue } from '../../src/pxl/plan.js';

export const col = {
  bool: (v: boolean[]): Column => ({ type: DataType.BOOLEAN, data: Uint8Array.from(v.map((x) => (x ? 1 : 0))) }),
  int: (v: (bigint | number)[]): Column => ({ type: DataType.INT64, data: BigInt64Array.from(v.map((x) => BigInt(x))) }),
  time: (v: (bigint | number)[]): Column => ({ type: DataType.TIME64NS, data: BigInt64Array.from(v.map((x) => BigInt(x))) }),
  float: (v: number[]): Column => ({ type: DataType.FLOAT64, data: Float64Array.from(v) }),
  str: (v: string[]): Column => ({ type: DataType.STRING, data: v.slice() }),
  u128: (v: [bigint, bigint][]): Column => ({
    type: DataType.UINT128,
    high: BigUint64Array.from(v.map((x) => x[0])),
    low: BigUint64Array.from(v.map((x) => x[1])),
  }),
};

/** A column argument. */
export const c = (column: Column): Arg => ({ kind: 'column', column });
/** A constant argument. */
export const k = (type: DT, value: LiteralValue): Arg => ({ kind: 'const', type, value });

export function info(name: string, type: DT, semanticType: ST = SemanticType.ST_NONE): ColumnInfo {
  return { name, type, semanticType, desc: '' };
}

/** Plain JS values of a column (bigints stay bigints; UINT128 as [high, low]; booleans as boolean). */
export function values(col: Column): unknown[] {
  switch (col.type) {
    case DataType.BOOLEAN: return Array.from(col.data, (x) => x !== 0);
    case DataType.UINT128: return Array.from(col.high, (h, i) => [h, col.low[i]!]);
    default: return Array.from(col.data as ArrayLike<unknown>);
  }
}

/** Rows of batches as arrays of plain values. */
export function rows(batches: readonly RowBatch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches) {
    const cols = b.columns.map(values);
    for (let i = 0; i < b.numRows; i++) out.push(cols.map((v) => v[i]));
  }
  return out;
}

/** A column of `type` from plain values (the inverse of `values`). */
export function columnOf(type: DT, v: readonly unknown[]): Column {
  switch (type) {
    case DataType.BOOLEAN: return col.bool(v as boolean[]);
    case DataType.INT64: return col.int(v as bigint[]);
    case DataType.TIME64NS: return col.time(v as bigint[]);
    case DataType.FLOAT64: return col.float(v as number[]);
    case DataType.STRING: return col.str(v as string[]);
    case DataType.UINT128: return col.u128(v as [bigint, bigint][]);
    default: throw new Error(`no column of type ${type}`);
  }
}

/** One batch of `types` from rows of plain values (the inverse of `rows`). */
export function batchOfRows(types: readonly DT[], rs: readonly unknown[][]): RowBatch {
  return batch(types.map((t, k) => columnOf(t, rs.map((r) => r[k]))));
}

/** A one-batch table from a relation and columns. */
export function batch(columns: Column[]): RowBatch {
  const n = columns[0] === undefined ? 0 : values(columns[0]).length;
  return { numRows: n, columns };
}

/** Rows with floats replaced by their 64-bit patterns, so NaN and −0 compare exactly. */
export function exact(rs: unknown[][]): unknown[][] {
  const f = new Float64Array(1), w = new BigInt64Array(f.buffer);
  return rs.map((r) => r.map((v) => {
    if (typeof v !== 'number') return v;
    f[0] = v;
    return `f64:${w[0]}`;
  }));
}

export type { Relation };
