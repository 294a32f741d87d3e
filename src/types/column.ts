// Columnar value representation shared by the store, the engine and the wire encoders.
// Exact by construction: INT64 and TIME64NS live in BigInt64Array (nanosecond timestamps
// exceed 2^53), UINT128 as two BigUint64Array halves. Pixie columns have no nulls.

import { DataType } from './datatype.js';

export interface BooleanColumn { readonly type: typeof DataType.BOOLEAN; readonly data: Uint8Array }
export interface Int64Column { readonly type: typeof DataType.INT64; readonly data: BigInt64Array }
export interface Time64NSColumn { readonly type: typeof DataType.TIME64NS; readonly data: BigInt64Array }
export interface Float64Column { readonly type: typeof DataType.FLOAT64; readonly data: Float64Array }
export interface StringColumn { readonly type: typeof DataType.STRING; readonly data: readonly string[] }
export interface UInt128Column {
  readonly type: typeof DataType.UINT128;
  readonly high: BigUint64Array;
  readonly low: BigUint64Array;
}

export type Column =
  | BooleanColumn
  | Int64Column
  | Time64NSColumn
  | Float64Column
  | StringColumn
  | UInt128Column;

/** Number of values in a column. */
export function columnLength(c: Column): number {
  return c.type === DataType.UINT128 ? c.low.length : c.data.length;
}

/** An empty column of the given type with room for `n` values (strings start as ''). */
export function allocColumn(type: DataType, n: number): Column {
  switch (type) {
    case DataType.BOOLEAN: return { type, data: new Uint8Array(n) };
    case DataType.INT64: return { type, data: new BigInt64Array(n) };
    case DataType.TIME64NS: return { type, data: new BigInt64Array(n) };
    case DataType.FLOAT64: return { type, data: new Float64Array(n) };
    case DataType.STRING: return { type, data: new Array<string>(n).fill('') };
    case DataType.UINT128: return { type, high: new BigUint64Array(n), low: new BigUint64Array(n) };
    default: throw new TypeError(`cannot allocate a column of data type ${type}`);
  }
}

/**
 * Like allocColumn, but a string column's slots start empty (holes), not ''. For writers
 * that fill every slot before handing rows on: a large array is made at full size once,
 * without a pass over every slot.
 */
export function allocColumnToFill(type: DataType, n: number): Column {
  return type === DataType.STRING ? { type, data: new Array<string>(n) } : allocColumn(type, n);
}

/**
 * Rows [start, end) of a column: a view for typed arrays, a copy for strings unless the
 * range is the whole array. Columns are never written after they are handed on, so views
 * are safe.
 */
export function sliceColumn(c: Column, start: number, end: number): Column {
  switch (c.type) {
    case DataType.UINT128: return { type: c.type, high: c.high.subarray(start, end), low: c.low.subarray(start, end) };
    case DataType.STRING: return { type: c.type, data: start === 0 && end === c.data.length ? c.data : c.data.slice(start, end) };
    case DataType.BOOLEAN: return { type: c.type, data: c.data.subarray(start, end) };
    case DataType.FLOAT64: return { type: c.type, data: c.data.subarray(start, end) };
    case DataType.INT64: return { type: c.type, data: c.data.subarray(start, end) };
    case DataType.TIME64NS: return { type: c.type, data: c.data.subarray(start, end) };
  }
}
