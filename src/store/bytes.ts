// Byte accounting for columns. Typed arrays cost their byteLength. A string costs its
// length (V8 keeps ASCII/Latin-1 strings one byte per char) plus a per-value overhead:
// the 8-byte array slot and V8's 16-byte string header, rounded up to 24. Strings shared
// between rows are counted once per row, so the figure errs on the high side.

import { DataType, type Column } from '../types/index.js';

export const STRING_VALUE_OVERHEAD = 24;

/** Bytes per value of a fixed-width type (UINT128 counts both halves); 0 for STRING. */
export function fixedWidth(type: DataType): number {
  switch (type) {
    case DataType.BOOLEAN: return 1;
    case DataType.INT64:
    case DataType.TIME64NS:
    case DataType.FLOAT64: return 8;
    case DataType.UINT128: return 16;
    default: return 0;
  }
}

/** Accounted bytes of strings[from, to). */
export function stringBytes(values: readonly string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += (values[i] as string).length;
  return n + (to - from) * STRING_VALUE_OVERHEAD;
}

/** Accounted bytes of rows [from, to) of a column. */
export function columnBytes(c: Column, from: number, to: number): number {
  if (c.type === DataType.STRING) return stringBytes(c.data, from, to);
  return (to - from) * fixedWidth(c.type);
}
