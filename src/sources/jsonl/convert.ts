// Per-column converters from parsed JSON values to column cells, chosen once per column.
// Exactness first: an integer JSON number beyond 2^53 has already lost digits, so it is
// refused with advice to send a decimal string; nothing is rounded silently.

import { DataType, type ColumnInfo } from '../../types/index.js';
import type { CellValue } from '../../store/index.js';
import { parseInt64, parseTimeNs } from '../../metadata/index.js';

/** A converted cell, or an error text saying what was wrong. */
export type Converted = { readonly ok: true; readonly value: CellValue } | { readonly ok: false; readonly error: string };

export type Converter = (v: unknown) => Converted;

const U64_MAX = 2n ** 64n - 1n;
const ok = (value: CellValue): Converted => ({ ok: true, value });
const bad = (error: string): Converted => ({ ok: false, error });

function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function int64(v: unknown, name: string, allowTime: boolean): Converted {
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
    return bad(`${name}: integer ${describe(v)} is beyond 2^53 and lost precision in JSON; write it as a decimal string`);
  }
  const n = allowTime ? parseTimeNs(v) : parseInt64(v);
  if (n !== undefined) return ok(n);
  return bad(`${name}: expected ${allowTime ? 'a time (integer ns, decimal string or RFC 3339)' : 'an int64 (integer or decimal string)'}, got ${describe(v)}`);
}

function u64(v: unknown): bigint | undefined {
  let n: bigint | undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) n = BigInt(v);
  return n !== undefined && n >= 0n && n <= U64_MAX ? n : undefined;
}

function uint128(v: unknown, name: string): Converted {
  let high: bigint | undefined, low: bigint | undefined;
  if (typeof v === 'string') {
    const i = v.indexOf(':');
    if (i > 0) { high = u64(v.slice(0, i)); low = u64(v.slice(i + 1)); }
  } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    high = u64(o['high']);
    low = u64(o['low']);
  }
  if (high === undefined || low === undefined) return bad(`${name}: expected a UINT128 as "high:low" in decimal or {"high","low"}, got ${describe(v)}`);
  return ok({ high, low });
}

/** The converter for a column; `null`/absent values are handled by the caller. */
export function converterFor(col: ColumnInfo): Converter {
  const name = col.name;
  switch (col.type) {
    case DataType.BOOLEAN:
      return (v) => (typeof v === 'boolean' ? ok(v) : v === 0 || v === 1 ? ok(v === 1) : bad(`${name}: expected true or false, got ${describe(v)}`));
    case DataType.INT64:
      return (v) => int64(v, name, false);
    case DataType.TIME64NS:
      return (v) => int64(v, name, true);
    case DataType.FLOAT64:
      return (v) => {
        if (typeof v === 'number') return ok(v);
        if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return ok(Number(v));
        return bad(`${name}: expected a number, got ${describe(v)}`);
      };
    case DataType.STRING:
      // Objects (e.g. headers) are kept as their JSON text, as Pixie stores them.
      return (v) => ok(typeof v === 'string' ? v : JSON.stringify(v));
    case DataType.UINT128:
      return (v) => uint128(v, name);
    default:
      return () => bad(`${name}: unsupported column type`);
  }
}

/** The value a column gets when a line omits it (Pixie columns have no nulls). */
export function zeroValue(type: DataType): CellValue {
  switch (type) {
    case DataType.BOOLEAN: return false;
    case DataType.FLOAT64: return 0;
    case DataType.STRING: return '';
    case DataType.UINT128: return { high: 0n, low: 0n };
    default: return 0n;
  }
}
