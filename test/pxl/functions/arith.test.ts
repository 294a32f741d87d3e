import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../../src/types/index.js';
import { defaultRegistry } from '../../../src/pxl/functions/index.js';
import type { FunctionContext } from '../../../src/pxl/functions/registry.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { c, col, k, values } from '../../exec/fixtures.js';
import type { Arg } from '../../../src/pxl/functions/registry.js';
import type { DataType } from '../../../src/types/index.js';

const r = defaultRegistry();
const ctx: FunctionContext = { metadata: metadataBuilder().build(), hostname: 'h', numCpus: 2 };
const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

function run(name: string, types: DataType[], args: Arg[], n: number): unknown[] {
  const o = r.resolveScalar(name, types);
  if (!o) throw new Error(`no overload ${name}`);
  return values(o.exec(args, n, ctx));
}

test('adds int64 exactly at the extremes and wraps on overflow like C++', () => {
  assert.equal(run('add', [T.INT64, T.INT64], [c(col.int([MAX - 1n, MIN, 2n ** 53n, 1n])), c(col.int([1n, 0n, 1n, 2n]))], 4),
    [MAX, MIN, 2n ** 53n + 1n, 3n]);
  assert.equal(run('add', [T.INT64, T.INT64], [c(col.int([MAX])), k(T.INT64, 1n)], 1), [MIN]);
});

test('subtracts nanosecond timestamps exactly', () => {
  const t = 1_700_000_000_123_456_789n;
  assert.equal(run('subtract', [T.TIME64NS, T.TIME64NS], [c(col.time([t])), c(col.time([t - 1n]))], 1), [1n]);
  assert.equal(run('add', [T.TIME64NS, T.INT64], [c(col.time([t])), k(T.INT64, 1n)], 1), [t + 1n]);
  assert.equal(r.resolveScalar('subtract', [T.TIME64NS, T.TIME64NS])!.returnType, T.INT64);
});

test('multiplies with 64-bit wrap and divides always to float', () => {
  assert.equal(run('multiply', [T.INT64, T.INT64], [c(col.int([3n, 2n ** 62n])), k(T.INT64, 2n)], 2), [6n, MIN]);
  assert.equal(run('divide', [T.INT64, T.INT64], [c(col.int([7n, 1n])), k(T.INT64, 2n)], 2), [3.5, 0.5]);
  assert.equal(run('divide', [T.INT64, T.INT64], [c(col.int([1n])), k(T.INT64, 0n)], 1), [Infinity]);
  assert.equal(r.resolveScalar('divide', [T.INT64, T.INT64])!.returnType, T.FLOAT64);
});

test('mixes int and float operands into floats', () => {
  assert.equal(run('add', [T.INT64, T.FLOAT64], [c(col.int([1n])), c(col.float([0.5]))], 1), [1.5]);
  assert.equal(run('subtract', [T.FLOAT64, T.INT64], [c(col.float([0.5])), k(T.INT64, 1n)], 1), [-0.5]);
});

test('concatenates strings with add', () => {
  assert.equal(run('add', [T.STRING, T.STRING], [c(col.str(['a', 'b'])), k(T.STRING, '_x')], 2), ['a_x', 'b_x']);
});

test('takes the C++ remainder sign and gives 0 for a zero divisor', () => {
  assert.equal(run('modulo', [T.INT64, T.INT64], [c(col.int([7n, -7n, 5n, MIN])), c(col.int([3n, 3n, 0n, 3n]))], 4),
    [1n, -1n, 0n, MIN % 3n]);
});

test('negates and inverts', () => {
  assert.equal(run('negate', [T.INT64], [c(col.int([5n, MAX]))], 2), [-5n, -MAX]);
  assert.equal(run('negate', [T.INT64], [c(col.int([MIN]))], 1), [MIN]);
  assert.equal(run('negate', [T.FLOAT64], [c(col.float([1.5]))], 1), [-1.5]);
  assert.equal(run('invert', [T.INT64], [c(col.int([0n, 5n]))], 2), [-1n, -6n]);
});

test('keeps a shared byte or duration semantic type through add, and derives throughputs on divide', () => {
  const add = r.resolveScalar('add', [T.INT64, T.INT64])!;
  assert.is(add.semanticType([S.ST_BYTES, S.ST_BYTES]), S.ST_BYTES);
  assert.is(add.semanticType([S.ST_BYTES, S.ST_NONE]), S.ST_NONE);
  assert.is(add.semanticType([S.ST_PERCENT, S.ST_PERCENT]), S.ST_NONE);
  const div = r.resolveScalar('divide', [T.INT64, T.INT64])!;
  assert.is(div.semanticType([S.ST_BYTES, S.ST_DURATION_NS]), S.ST_THROUGHPUT_BYTES_PER_NS);
  assert.is(div.semanticType([S.ST_NONE, S.ST_DURATION_NS]), S.ST_THROUGHPUT_PER_NS);
  assert.is(div.semanticType([S.ST_BYTES, S.ST_BYTES]), S.ST_NONE);
});

test.run();
