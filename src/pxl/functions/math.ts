// floor, bin and select. `bin(v, w)` is Pixie's `v - (v % w)` (C++ truncating remainder);
// for nanosecond timestamps (beyond 2^53) with a constant width it works relative to an
// exact bigint base per call, so the per-row loop stays in doubles and stays exact.

import { DataType as T, SemanticType } from '../../types/index.js';
import type { Column, DataType } from '../../types/index.js';
import type { Arg, ScalarOverload } from './registry.js';
import { argColumn, defineScalar, floats, i32, ints, none, readSafe, recordRuns, writeSafe } from './kernel.js';
import { outInt64 } from './buffers.js';

const floor: ScalarOverload['exec'] = (args, n) => {
  const a = floats(args[0]!, n);
  const out = new BigInt64Array(n);
  const vo = i32(out);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(a[i]!);
    if (Number.isSafeInteger(r)) writeSafe(vo, i, r);
    else out[i] = r !== r ? 0n : r >= 9.2e18 ? 2n ** 63n - 1n : r <= -9.2e18 ? -(2n ** 63n) : BigInt(r);
  }
  return { type: T.INT64, data: out };
};

/** C++ `v - v % w`; w == 0 leaves v unchanged (C++ would fault). */
function binBig(v: bigint, w: bigint): bigint {
  return w === 0n ? v : BigInt.asIntN(64, v - (v % w));
}

/** bin over int64-backed values (v INT64/TIME64NS, w INT64/TIME64NS). */
function binInt(type: DataType): ScalarOverload['exec'] {
  return (args, n, ctx) => {
    const [va, wa] = args as [Arg, Arg];
    const v = ints(va, n);
    const out = outInt64(ctx, n);
    let starts: Int32Array | undefined;
    if (wa.kind === 'const' && n > 0) starts = binConst(v, wa.value as bigint, out, n);
    else {
      const w = ints(wa, n);
      const x = i32(v), y = i32(w), o = i32(out);
      for (let i = 0; i < n; i++) {
        const a = readSafe(x, i), b = readSafe(y, i);
        if (a === a && b === b && b !== 0) writeSafe(o, i, a - (a % b));
        else out[i] = binBig(v[i]!, w[i]!);
      }
    }
    const col = { type, data: out } as Column;
    if (starts !== undefined) recordRuns(col, starts);
    return col;
  };
}

/**
 * Constant width. From each non-negative row, the run of following rows inside the same bin
 * [lo, lo + w) (time-ordered data comes in long runs) is found with two 64-bit compares per
 * row (bigints read straight from the BigInt64Array compile to plain compares, no
 * allocation) and written with one fill. Negative rows (truncation toward zero) and
 * non-positive widths take binBig.
 */
function binConst(v: BigInt64Array, w: bigint, out: BigInt64Array, n: number): Int32Array | undefined {
  if (w <= 0n) {
    for (let i = 0; i < n; i++) out[i] = binBig(v[i]!, w);
    return undefined;
  }
  // Start rows of the runs of equal bins, kept while runs are long (see recordRuns).
  let starts: number[] | undefined = [];
  const maxRuns = n >> 4;
  let i = 0;
  while (i < n) {
    const x = v[i]!;
    const lo = x < 0n ? binBig(x, w) : x - (x % w);
    let j = i + 1;
    if (x >= 0n) {
      const hi = lo + w;
      while (j < n) {
        const y = v[j]!;
        if (y < lo || y >= hi) break;
        j++;
      }
    }
    if (j - i > 16) out.fill(lo, i, j);
    else for (let k = i; k < j; k++) out[k] = lo;
    if (starts !== undefined) {
      // A negative row is a run of its own; the next row may share its bin, so runs are
      // only a partition into equal values, not into maximal runs.
      if (starts.length >= maxRuns) starts = undefined;
      else starts.push(i);
    }
    i = j;
  }
  return starts === undefined ? undefined : Int32Array.from(starts);
}

/** bin(F, I) → I: the float is truncated to an int first. */
const binFloat: ScalarOverload['exec'] = (args, n) => {
  const a = floats(args[0]!, n);
  const w = ints(args[1]!, n);
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.trunc(a[i]!);
    out[i] = binBig(Number.isFinite(t) ? BigInt(t) : 0n, w[i]!);
  }
  return { type: T.INT64, data: out };
};

/** select(c, a, b): per-row ternary. */
function select(type: DataType): ScalarOverload['exec'] {
  return (args, n) => {
    const c = argColumn(args[0]!, n) as { data: Uint8Array };
    const a = argColumn(args[1]!, n);
    const b = argColumn(args[2]!, n);
    const cd = c.data;
    if (type === T.STRING) {
      const ad = (a as { data: readonly string[] }).data, bd = (b as { data: readonly string[] }).data;
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = cd[i] ? ad[i]! : bd[i]!;
      return { type: T.STRING, data: out };
    }
    const ad = (a as { data: ArrayLike<number | bigint> }).data;
    const bd = (b as { data: ArrayLike<number | bigint> }).data;
    const out = type === T.FLOAT64 ? new Float64Array(n) : type === T.BOOLEAN ? new Uint8Array(n) : new BigInt64Array(n);
    const o = out as unknown as (number | bigint)[];
    for (let i = 0; i < n; i++) o[i] = cd[i] ? ad[i]! : bd[i]!;
    return { type, data: out } as Column;
  };
}

const sameOrNone = ([, a, b]: readonly SemanticType[]): SemanticType =>
  a !== undefined && a === b ? a : SemanticType.ST_NONE;

/** floor, bin, select. */
export function mathFunctions(): ScalarOverload[] {
  const list: ScalarOverload[] = [defineScalar('floor', [T.FLOAT64], T.INT64, none, floor)];
  list.push(defineScalar('bin', [T.TIME64NS, T.INT64], T.TIME64NS, none, binInt(T.TIME64NS)));
  list.push(defineScalar('bin', [T.INT64, T.INT64], T.INT64, ([s]) => s ?? SemanticType.ST_NONE, binInt(T.INT64)));
  list.push(defineScalar('bin', [T.TIME64NS, T.TIME64NS], T.TIME64NS, none, binInt(T.TIME64NS)));
  list.push(defineScalar('bin', [T.INT64, T.TIME64NS], T.INT64, none, binInt(T.INT64)));
  list.push(defineScalar('bin', [T.FLOAT64, T.INT64], T.INT64, none, binFloat));
  for (const t of [T.BOOLEAN, T.INT64, T.FLOAT64, T.TIME64NS, T.STRING] as DataType[]) {
    list.push(defineScalar('select', [T.BOOLEAN, t, t], t, sameOrNone, select(t)));
  }
  return list;
}
