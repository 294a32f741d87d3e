import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import { c, col, k } from '../../exec/fixtures.js';
import { run } from './helpers.js';
import { selectInt64Const } from '../../../src/pxl/functions/compare.js';

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

test('compares int64 exactly at ±2^63 and across the 32-bit halves', () => {
  const a = col.int([MIN, -1n, 0n, 2n ** 32n, MAX, 2n ** 53n + 1n]);
  const b = col.int([MIN + 1n, 0n, 0n, 2n ** 32n - 1n, MAX - 1n, 2n ** 53n]);
  assert.equal(run('lessThan', [T.INT64, T.INT64], [c(a), c(b)], 6), [true, true, false, false, false, false]);
  assert.equal(run('greaterThanEqual', [T.INT64, T.INT64], [c(a), c(b)], 6), [false, false, true, true, true, true]);
  assert.equal(run('equal', [T.INT64, T.INT64], [c(a), c(b)], 6), [false, false, true, false, false, false]);
});

test('compares a column against a constant on either side', () => {
  const s = col.int([399n, 400n, 500n]);
  assert.equal(run('greaterThanEqual', [T.INT64, T.INT64], [c(s), k(T.INT64, 400n)], 3), [false, true, true]);
  assert.equal(run('greaterThanEqual', [T.INT64, T.INT64], [k(T.INT64, 400n), c(s)], 3), [true, true, false]);
  assert.equal(run('lessThan', [T.INT64, T.INT64], [k(T.INT64, 400n), c(s)], 3), [false, false, true]);
  assert.equal(run('notEqual', [T.INT64, T.INT64], [c(s), k(T.INT64, 400n)], 3), [true, false, true]);
});

test('compares nanosecond timestamps that differ by one', () => {
  const t = 1_700_000_000_000_000_001n;
  assert.equal(run('lessThanEqual', [T.TIME64NS, T.TIME64NS], [c(col.time([t, t + 1n])), k(T.TIME64NS, t)], 2), [true, false]);
});

test('compares strings lexicographically and floats with NaN unordered', () => {
  assert.equal(run('lessThan', [T.STRING, T.STRING], [c(col.str(['a', 'b', 'ab'])), k(T.STRING, 'ab')], 3), [true, false, false]);
  assert.equal(run('greaterThan', [T.STRING, T.STRING], [k(T.STRING, 'b'), c(col.str(['a', 'c']))], 2), [true, false]);
  assert.equal(run('equal', [T.STRING, T.STRING], [c(col.str(['x', 'y'])), c(col.str(['x', 'z']))], 2), [true, false]);
  assert.equal(run('lessThan', [T.FLOAT64, T.FLOAT64], [c(col.float([1, NaN])), k(T.FLOAT64, 2)], 2), [true, false]);
  assert.equal(run('greaterThanEqual', [T.FLOAT64, T.FLOAT64], [c(col.float([2, NaN])), k(T.FLOAT64, 2)], 2), [true, false]);
});

test('treats floats as equal within a relative 1e-12 and compares int with float', () => {
  assert.equal(run('equal', [T.FLOAT64, T.FLOAT64], [c(col.float([0.1 + 0.2, 0.3001])), k(T.FLOAT64, 0.3)], 2), [true, false]);
  assert.equal(run('notEqual', [T.INT64, T.FLOAT64], [c(col.int([3n])), k(T.FLOAT64, 3)], 1), [false]);
});

test('compares booleans with ints and uint128 values by both halves', () => {
  assert.equal(run('equal', [T.BOOLEAN, T.INT64], [c(col.bool([true, false, true])), c(col.int([5n, 0n, 0n]))], 3), [true, true, false]);
  const u = col.u128([[1n, 2n], [1n, 3n]]);
  assert.equal(run('equal', [T.UINT128, T.UINT128], [c(u), k(T.UINT128, { high: 1n, low: 2n })], 2), [true, false]);
  assert.equal(run('notEqual', [T.UINT128, T.UINT128], [c(u), k(T.UINT128, { high: 1n, low: 2n })], 2), [false, true]);
});

test('combines with logicalAnd, logicalOr and logicalNot over booleans and ints', () => {
  const a = col.bool([true, true, false, false]), b = col.bool([true, false, true, false]);
  assert.equal(run('logicalAnd', [T.BOOLEAN, T.BOOLEAN], [c(a), c(b)], 4), [true, false, false, false]);
  assert.equal(run('logicalOr', [T.BOOLEAN, T.BOOLEAN], [c(a), k(T.BOOLEAN, false)], 4), [true, true, false, false]);
  assert.equal(run('logicalNot', [T.BOOLEAN], [c(a)], 4), [false, false, true, true]);
  assert.equal(run('logicalNot', [T.INT64], [c(col.int([0n, 2n ** 40n]))], 2), [true, false]);
  assert.equal(run('logicalAnd', [T.INT64, T.INT64], [c(col.int([1n, 2n ** 32n])), k(T.INT64, 3n)], 2), [true, true]);
});

test('the selection fast path refuses names that are not comparisons', () => {
  assert.throws(() => selectInt64Const('add', new BigInt64Array(1), 0n, false, new Uint32Array(1), 1), /not a comparison: add/);
  const sel = new Uint32Array(4);
  assert.is(selectInt64Const('lessThan', BigInt64Array.from([-(2n ** 63n), 5n, 2n ** 63n - 1n, 4n]), 5n, false, sel, 4), 2);
  assert.equal(Array.from(sel.subarray(0, 2)), [0, 3]);
});

test('the selection fast path agrees with plain bigint comparison for every operator, constant on either side', () => {
  const vals = [-(2n ** 63n), -(2n ** 32n), -1n, 0n, 1n, 5n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n];
  const ops: Record<string, (a: bigint, b: bigint) => boolean> = {
    lessThan: (a, b) => a < b, equal: (a, b) => a === b, greaterThan: (a, b) => a > b,
    lessThanEqual: (a, b) => a <= b, greaterThanEqual: (a, b) => a >= b, notEqual: (a, b) => a !== b,
  };
  const col = BigInt64Array.from(vals);
  for (const [op, f] of Object.entries(ops)) {
    for (const k of vals) {
      for (const left of [false, true]) {
        // Every prefix length: the four-row loop and each tail length.
        for (let n = 0; n <= vals.length; n++) {
          const sel = new Uint32Array(vals.length);
          const cnt = selectInt64Const(op, col, k, left, sel, n);
          const want = vals.slice(0, n).map((v, i) => [v, i] as const).filter(([v]) => (left ? f(k, v) : f(v, k))).map(([, i]) => i);
          assert.equal(Array.from(sel.subarray(0, cnt)), want, `${left ? `${k} ${op} col` : `col ${op} ${k}`} (${n} rows)`);
        }
      }
    }
  }
});

test.run();
