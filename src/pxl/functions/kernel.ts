// Helpers shared by the scalar kernels: broadcasting constants, reading INT64/TIME64NS
// values through an Int32 view (two halves per value) so hot loops avoid BigInt, and the
// common semantic-type rules.

import { DataType, SemanticType, allocColumn } from '../../types/index.js';
import type { Column } from '../../types/index.js';
import type { LiteralValue, Uint128Value } from '../plan.js';
import type { Arg, ScalarOverload, SemanticRule } from './registry.js';
import { overloadId } from './registry.js';

const TWO32 = 4294967296;
/** |hi| below this keeps hi * 2^32 + lo inside the exact double range. */
const SAFE_HI = 1 << 20;

/** The Int32 view of an int64 array: element 2i is the low half (unsigned), 2i+1 the high half. */
export function i32(a: BigInt64Array | BigUint64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Reads value i as a double when it is exactly representable (|v| < 2^52), else NaN. */
export function readSafe(v: Int32Array, i: number): number {
  const hi = v[2 * i + 1]!;
  if (hi >= SAFE_HI || hi < -SAFE_HI) return NaN;
  return hi * TWO32 + (v[2 * i]! >>> 0);
}

/** Writes an exact integer double `r` (a safe integer) into value i. */
export function writeSafe(v: Int32Array, i: number, r: number): void {
  const hi = Math.floor(r / TWO32);
  v[2 * i + 1] = hi;
  v[2 * i] = r - hi * TWO32;
}

/** Splits a bigint into [hi, loUnsigned] of its int64 two's complement. */
export function splitI64(x: bigint): [number, number] {
  const w = BigInt.asIntN(64, x);
  return [Number(w >> 32n), Number(w & 0xffffffffn)];
}

/** Materialises an argument as a column of `n` rows (constants are broadcast). */
export function argColumn(a: Arg, n: number): Column {
  if (a.kind === 'column') return a.column;
  return broadcast(a.type, a.value, n);
}

/** A column of `n` copies of `value`. */
export function broadcast(type: DataType, value: LiteralValue, n: number): Column {
  const c = allocColumn(type, n);
  switch (c.type) {
    case DataType.BOOLEAN: c.data.fill(value ? 1 : 0); break;
    case DataType.INT64:
    case DataType.TIME64NS: c.data.fill(BigInt.asIntN(64, value as bigint)); break;
    case DataType.FLOAT64: c.data.fill(value as number); break;
    case DataType.STRING: (c.data as string[]).fill(value as string); break;
    case DataType.UINT128: {
      const u = value as Uint128Value;
      c.high.fill(u.high);
      c.low.fill(u.low);
      break;
    }
  }
  return c;
}

/** A string-valued argument as an accessor (constant or column). */
export function stringArg(a: Arg): (i: number) => string {
  if (a.kind === 'const') {
    const v = a.value as string;
    return () => v;
  }
  const d = (a.column as { data: readonly string[] }).data;
  return (i) => d[i]!;
}

/** An INT64/TIME64NS argument as a bigint accessor. */
export function bigintArg(a: Arg): (i: number) => bigint {
  if (a.kind === 'const') {
    const v = a.value as bigint;
    return () => v;
  }
  const d = (a.column as { data: BigInt64Array }).data;
  return (i) => d[i]!;
}

/** Maps each row of string args through `f` into a new STRING column. */
export function mapStrings(n: number, f: (i: number) => string): Column {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return { type: DataType.STRING, data: out };
}

/** Semantic types that add/subtract/min/max/mean keep when all arguments share them. */
const keptByArith = new Set<SemanticType>([
  SemanticType.ST_BYTES,
  SemanticType.ST_DURATION_NS,
  SemanticType.ST_THROUGHPUT_PER_NS,
  SemanticType.ST_THROUGHPUT_BYTES_PER_NS,
]);

/** Keeps the shared semantic type when it is one of `kept`, else ST_NONE. */
export function keepShared(kept: ReadonlySet<SemanticType> = keptByArith): SemanticRule {
  return (args) => {
    const first = args[0];
    if (first === undefined || !kept.has(first)) return SemanticType.ST_NONE;
    return args.every((s) => s === first) ? first : SemanticType.ST_NONE;
  };
}

export const MINMAX_KEPT: ReadonlySet<SemanticType> = new Set([...keptByArith, SemanticType.ST_PERCENT]);
export const SUM_KEPT: ReadonlySet<SemanticType> = new Set(
  [...keptByArith].filter((s) => s !== SemanticType.ST_DURATION_NS),
);

export const none: SemanticRule = () => SemanticType.ST_NONE;

/** Builds a scalar overload with its id derived from name and arg types. */
export function defineScalar(
  name: string,
  argTypes: readonly DataType[],
  returnType: DataType,
  semanticType: SemanticRule,
  exec: ScalarOverload['exec'],
  constArgs?: readonly number[],
): ScalarOverload {
  const o: ScalarOverload = { kind: 'scalar', id: overloadId(name, argTypes), name, argTypes, returnType, semanticType, exec };
  return constArgs === undefined ? o : { ...o, constArgs };
}

/** An INT64/TIME64NS argument as a Float64Array (exact below 2^53, rounded above). */
export function toFloat64(a: Arg, n: number): Float64Array {
  if (a.kind === 'const') {
    const v = a.value;
    return new Float64Array(n).fill(typeof v === 'bigint' ? Number(v) : (v as number));
  }
  const c = a.column;
  if (c.type === DataType.FLOAT64) return c.data;
  const d = (c as { data: BigInt64Array }).data;
  const v = i32(d);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = readSafe(v, i);
    out[i] = x === x ? x : Number(d[i]!);
  }
  return out;
}

/** A FLOAT64 argument's values (broadcast when constant). */
export function floats(a: Arg, n: number): Float64Array {
  if (a.kind === 'const') return new Float64Array(n).fill(a.value as number);
  return (a.column as { data: Float64Array }).data;
}

/** An INT64/TIME64NS argument's values (broadcast when constant). */
export function ints(a: Arg, n: number): BigInt64Array {
  if (a.kind === 'const') return new BigInt64Array(n).fill(BigInt.asIntN(64, a.value as bigint));
  return (a.column as { data: BigInt64Array }).data;
}

/**
 * An exact int64 binary kernel: tries `fast` on doubles (both inputs below 2^52 and the
 * result a safe integer), else falls back to `slow` on bigints, wrapping to 64 bits.
 */
export function int64Binary(
  type: typeof DataType.INT64 | typeof DataType.TIME64NS,
  fast: (x: number, y: number) => number,
  slow: (x: bigint, y: bigint) => bigint,
): ScalarOverload['exec'] {
  return (args, n) => {
    const a = ints(args[0]!, n);
    const b = ints(args[1]!, n);
    const out = new BigInt64Array(n);
    const va = i32(a);
    const vb = i32(b);
    const vo = i32(out);
    for (let i = 0; i < n; i++) {
      const r = fast(readSafe(va, i), readSafe(vb, i));
      if (Number.isSafeInteger(r)) writeSafe(vo, i, r);
      else out[i] = BigInt.asIntN(64, slow(a[i]!, b[i]!));
    }
    return { type, data: out } as Column;
  };
}

/** A dictionary encoding of a STRING column, recorded by the kernel that made it. */
export interface StringDictionary {
  /** Per row: index into `values`, or into `map` when it is present. */
  readonly codes: Int32Array;
  /** Optional second level: row i's value is values[map[codes[i]]] (saves a pass per batch). */
  readonly map?: Int32Array;
  /** The distinct strings. */
  readonly values: readonly string[];
  /**
   * Optional, with `map`: the distinct codes of this batch's rows, in first-seen row order
   * (`values` then lists their strings in the order they first occur). Set by producers
   * whose codes are ids that keep their meaning across batches (upid ids of one metadata
   * generation), so a consumer may key state by code across batches.
   */
  readonly present?: readonly number[];
  /**
   * Optional, with `present`: how many rows hold each present code (aligned with
   * `present`), when the producer knows it without a pass (a kept column's ids).
   */
  readonly presentRows?: ArrayLike<number>;
  /**
   * Optional, with `presentRows`: the same per-row codes as 16-bit values (kept upid ids).
   * A consumer that can read them spares the widening into `codes`, which the producer then
   * does only when `codes` is first read.
   */
  readonly codes16?: Uint16Array;
}

// Keyed by the column object, so the Column shape stays the plain shared type and any
// derived column (gather, slice) simply has no dictionary.
const dictionaries = new WeakMap<object, StringDictionary>();

/**
 * A STRING column backed by a dictionary. Its `data` array is built on first access, so a
 * consumer that only needs codes (group-by, join keys) never materialises the strings.
 */
export function dictionaryColumn(dict: StringDictionary): Column {
  let data: string[] | undefined;
  const col = {
    type: DataType.STRING,
    get data(): readonly string[] {
      if (data === undefined) {
        const { codes, values } = dict;
        const direct = dict.map === undefined ? values : Array.from(dict.map, (k) => values[k]!);
        const out: string[] = [];
        for (let i = 0; i < codes.length; i++) out.push(direct[codes[i]!]!);
        data = out;
      }
      return data;
    },
  } as Column;
  dictionaries.set(col, dict);
  return col;
}

/** The dictionary of a STRING column, if its producer recorded one. */
export function dictionaryOf(col: Column): StringDictionary | undefined {
  return dictionaries.get(col);
}

// Runs of equal values, recorded by kernels that produce them (bin over time-ordered rows)
// for consumers that can work a run at a time (group-by keys). Keyed by the column object,
// like dictionaries: any derived column (gather, slice, concat) has none.
const runStarts = new WeakMap<object, Int32Array>();

/**
 * Records that `col`'s rows come in runs of equal values starting at `starts` (ascending,
 * starts[0] = 0, each run ends where the next starts or at the column's end). The producer
 * must guarantee it; consumers trust it.
 */
export function recordRuns(col: Column, starts: Int32Array): void {
  runStarts.set(col, starts);
}

/** The recorded run starts of a column, if its producer recorded them. */
export function runsOf(col: Column): Int32Array | undefined {
  return runStarts.get(col);
}
