// Arithmetic operators (a.5): add, subtract, multiply, divide, modulo, negate, invert.
// INT64/TIME64NS results are exact and wrap at 64 bits like Pixie's C++ int64 arithmetic;
// division always yields FLOAT64; a modulo by zero yields 0 (C++ leaves it undefined).

import { DataType as T, SemanticType } from '../../types/index.js';
import type { DataType, Column } from '../../types/index.js';
import type { ScalarOverload, SemanticRule } from './registry.js';
import { defineScalar, floats, int64Binary, ints, keepShared, none, toFloat64, argColumn, i32, readSafe, writeSafe } from './kernel.js';

type FloatOp = (x: number, y: number) => number;

function floatBinary(op: FloatOp): ScalarOverload['exec'] {
  return (args, n) => {
    const a = toFloat64(args[0]!, n);
    const b = toFloat64(args[1]!, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = op(a[i]!, b[i]!);
    return { type: T.FLOAT64, data: out };
  };
}

const arith = keepShared();

/** ST_NONE / ST_DURATION_NS → throughput; ST_BYTES / ST_DURATION_NS → byte throughput. */
const divideSemantic: SemanticRule = ([a, b]) => {
  if (b === SemanticType.ST_DURATION_NS) {
    if (a === SemanticType.ST_BYTES) return SemanticType.ST_THROUGHPUT_BYTES_PER_NS;
    if (a === SemanticType.ST_NONE || a === SemanticType.ST_UNSPECIFIED) return SemanticType.ST_THROUGHPUT_PER_NS;
  }
  return SemanticType.ST_NONE;
};

function numericFamily(
  name: string,
  intOut: boolean,
  fast: FloatOp,
  slow: (x: bigint, y: bigint) => bigint,
  sem: SemanticRule,
): ScalarOverload[] {
  const f = floatBinary(fast);
  const list: ScalarOverload[] = [
    defineScalar(name, [T.FLOAT64, T.FLOAT64], T.FLOAT64, sem, f),
    defineScalar(name, [T.INT64, T.FLOAT64], T.FLOAT64, sem, f),
    defineScalar(name, [T.FLOAT64, T.INT64], T.FLOAT64, sem, f),
  ];
  list.push(intOut
    ? defineScalar(name, [T.INT64, T.INT64], T.INT64, sem, int64Binary(T.INT64, fast, slow))
    : defineScalar(name, [T.INT64, T.INT64], T.FLOAT64, sem, f));
  return list;
}

const add = (x: number, y: number): number => x + y;
const sub = (x: number, y: number): number => x - y;
const mul = (x: number, y: number): number => x * y;

/** C++-style remainder (sign of the dividend); x % 0 → 0. */
const modFast = (x: number, y: number): number => (y === 0 ? 0 : x % y);
const modSlow = (x: bigint, y: bigint): bigint => (y === 0n ? 0n : x % y);

function concat(): ScalarOverload['exec'] {
  return (args, n) => {
    const a = (argColumn(args[0]!, n) as { data: readonly string[] }).data;
    const b = (argColumn(args[1]!, n) as { data: readonly string[] }).data;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
    return { type: T.STRING, data: out };
  };
}

function intUnary(type: DataType, f: (x: number) => number, slow: (x: bigint) => bigint): ScalarOverload['exec'] {
  return (args, n) => {
    const a = ints(args[0]!, n);
    const out = new BigInt64Array(n);
    const va = i32(a);
    const vo = i32(out);
    for (let i = 0; i < n; i++) {
      const r = f(readSafe(va, i));
      if (Number.isSafeInteger(r)) writeSafe(vo, i, r);
      else out[i] = BigInt.asIntN(64, slow(a[i]!));
    }
    return { type, data: out } as Column;
  };
}

/** All arithmetic overloads. */
export function arithmeticFunctions(): ScalarOverload[] {
  return [
    ...numericFamily('add', true, add, (x, y) => x + y, arith),
    defineScalar('add', [T.STRING, T.STRING], T.STRING, none, concat()),
    defineScalar('add', [T.TIME64NS, T.INT64], T.TIME64NS, arith, int64Binary(T.TIME64NS, add, (x, y) => x + y)),
    defineScalar('add', [T.INT64, T.TIME64NS], T.TIME64NS, arith, int64Binary(T.TIME64NS, add, (x, y) => x + y)),

    ...numericFamily('subtract', true, sub, (x, y) => x - y, arith),
    defineScalar('subtract', [T.TIME64NS, T.TIME64NS], T.INT64, arith, int64Binary(T.INT64, sub, (x, y) => x - y)),
    defineScalar('subtract', [T.TIME64NS, T.INT64], T.TIME64NS, arith, int64Binary(T.TIME64NS, sub, (x, y) => x - y)),
    defineScalar('subtract', [T.INT64, T.TIME64NS], T.INT64, arith, int64Binary(T.INT64, sub, (x, y) => x - y)),

    ...numericFamily('multiply', true, mul, (x, y) => x * y, none),
    ...numericFamily('divide', false, (x, y) => x / y, () => 0n, divideSemantic),

    defineScalar('modulo', [T.INT64, T.INT64], T.INT64, none, int64Binary(T.INT64, modFast, modSlow)),
    defineScalar('modulo', [T.TIME64NS, T.INT64], T.INT64, none, int64Binary(T.INT64, modFast, modSlow)),
    defineScalar('modulo', [T.TIME64NS, T.TIME64NS], T.INT64, none, int64Binary(T.INT64, modFast, modSlow)),
    defineScalar('modulo', [T.INT64, T.TIME64NS], T.INT64, none, int64Binary(T.INT64, modFast, modSlow)),

    defineScalar('negate', [T.INT64], T.INT64, ([s]) => s ?? SemanticType.ST_NONE, intUnary(T.INT64, (x) => -x, (x) => -x)),
    defineScalar('negate', [T.FLOAT64], T.FLOAT64, ([s]) => s ?? SemanticType.ST_NONE, (args, n) => {
      const a = floats(args[0]!, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = -a[i]!;
      return { type: T.FLOAT64, data: out };
    }),
    defineScalar('invert', [T.INT64], T.INT64, none, intUnary(T.INT64, (x) => -x - 1, (x) => ~x)),
  ];
}
