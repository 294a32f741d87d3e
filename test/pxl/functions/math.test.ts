import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../../src/types/index.js';
import { c, col, k, values } from '../../exec/fixtures.js';
import { registry, run } from './helpers.js';

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

test('floors floats to int64, saturating beyond the int64 range', () => {
  assert.equal(run('floor', [T.FLOAT64], [c(col.float([1.7, -1.2, 2 ** 60, 1e30, -1e30, NaN]))], 6),
    [1n, -2n, 2n ** 60n, MAX, MIN, 0n]);
});

test('bins nanosecond timestamps exactly with a constant width', () => {
  const w = 10_000_000_000n;
  const ts = [1_700_000_000_123_456_789n, 1_700_000_009_999_999_999n, 1_700_000_010_000_000_000n, 1_700_100_000_000_000_001n, 5n, 2n ** 62n + 7n];
  const got = run('bin', [T.TIME64NS, T.INT64], [c(col.time(ts)), k(T.INT64, w)], ts.length);
  assert.equal(got, ts.map((t) => t - (t % w)));
  const base = 1_700_000_000_000_000_000n;
  const jumpy = [15n, 3n, 17n, 3n, 10n, 9n, 25n, 19n].map((s) => base + s * 1_000_000_000n + 7n);
  assert.equal(run('bin', [T.TIME64NS, T.INT64], [c(col.time(jumpy)), k(T.INT64, w)], jumpy.length), jumpy.map((t) => t - (t % w)));
});

test('constant-width bins over long runs of one bin (filled at once), runs cut by edges, jumps back and negatives', () => {
  const base = 1_700_000_000_000_000_000n;
  const w = 1_000_000_000n;
  const v: bigint[] = [];
  for (let i = 0; i < 100; i++) v.push(base + BigInt(i) * 30_000_000n); // 34 rows per 1 s bin
  v.push(base + 999_999_999n, base + w, -1n, -1_500_000_001n, base + w - 1n, 0n, base + 2n * w - 1n, base + 2n * w);
  for (let i = 0; i < 40; i++) v.push(base + 5n * w + BigInt(i));
  const trunc = (x: bigint): bigint => x - (x % w);
  assert.equal(run('bin', [T.TIME64NS, T.INT64], [c(col.time(v)), k(T.INT64, w)], v.length), v.map(trunc));
  assert.equal(run('bin', [T.INT64, T.INT64], [c(col.int(v)), k(T.INT64, w)], v.length), v.map(trunc));
});

test('constant-width bins record their runs when there are few (for run-wise group-by keys), not otherwise', async () => {
  const { runsOf } = await import('../../../src/pxl/functions/kernel.js');
  const o = registry.resolveScalar('bin', [T.TIME64NS, T.INT64])!;
  const ctx = { metadata: undefined as never, hostname: 'h', numCpus: 1 };
  const base = 1_700_000_000_000_000_000n, w = 1_000_000_000n;
  const sorted = Array.from({ length: 200 }, (_, i) => base + BigInt(i) * 20_000_000n); // 50 rows per bin
  const a = o.exec([c(col.time(sorted)), k(T.INT64, w)], sorted.length, ctx);
  assert.equal(Array.from(runsOf(a)!), [0, 50, 100, 150]);
  // Negative rows are runs of their own (same bin as a neighbour or not).
  const mixed = [...Array.from({ length: 40 }, () => 5n), -3n, -3n, ...Array.from({ length: 40 }, () => 7n)];
  const m = o.exec([c(col.int(mixed)), k(T.INT64, 10n)], mixed.length, ctx);
  assert.equal(Array.from(runsOf(m)!), [0, 40, 41, 42]);
  assert.equal(values(m), mixed.map((x) => x - (x % 10n)));
  const jumpy = Array.from({ length: 200 }, (_, i) => base + BigInt((i * 7919) % 200) * w);
  assert.is(runsOf(o.exec([c(col.time(jumpy)), k(T.INT64, w)], jumpy.length, ctx)), undefined, 'too many runs');
  assert.is(runsOf(o.exec([c(col.time(sorted.slice(0, 8))), k(T.INT64, w)], 8, ctx)), undefined, 'too few rows');
  assert.is(runsOf(o.exec([c(col.time(sorted)), c(col.int(sorted.map(() => w)))], sorted.length, ctx)), undefined, 'per-row widths');
});

test('constant-width bins stay exact around bin edges, across signs, at the int64 extremes and for non-positive widths', () => {
  const MIN = -(2n ** 63n), MAX = 2n ** 63n - 1n;
  const v = [-25n, -20n, -19n, -1n, 0n, 1n, 9n, 10n, 11n, 19n, 20n, 9n, -9n, 0n, MAX, MAX - 1n, MIN, MIN + 1n, 5n];
  const trunc = (x: bigint, w: bigint): bigint => (w === 0n ? x : BigInt.asIntN(64, x - (x % w)));
  for (const w of [10n, 1n, 3n, 2n ** 62n, MAX, 0n, -10n, MIN]) {
    assert.equal(run('bin', [T.INT64, T.INT64], [c(col.int(v)), k(T.INT64, w)], v.length), v.map((x) => trunc(x, w)), `width ${w}`);
  }
});

test('bins with C++ truncation for negative values and per-row widths', () => {
  const v = [-7n, 7n, MIN, 100n];
  const w = [3n, 3n, 10n, 0n];
  assert.equal(run('bin', [T.INT64, T.INT64], [c(col.int(v)), c(col.int(w))], 4), [-6n, 6n, MIN - (MIN % 10n), 100n]);
  assert.equal(run('bin', [T.INT64, T.INT64], [c(col.int([-7n, 25n])), k(T.INT64, 10n)], 2), [0n, 20n]);
  assert.equal(run('bin', [T.FLOAT64, T.INT64], [c(col.float([25.9, -25.9])), k(T.INT64, 10n)], 2), [20n, -20n]);
  assert.equal(run('bin', [T.TIME64NS, T.TIME64NS], [c(col.time([25n])), k(T.TIME64NS, 10n)], 1), [20n]);
});

test('selects per row for every non-uint128 type', () => {
  const cond = c(col.bool([true, false]));
  assert.equal(run('select', [T.BOOLEAN, T.STRING, T.STRING], [cond, c(col.str(['a', 'b'])), k(T.STRING, 'z')], 2), ['a', 'z']);
  assert.equal(run('select', [T.BOOLEAN, T.INT64, T.INT64], [cond, k(T.INT64, MAX), k(T.INT64, MIN)], 2), [MAX, MIN]);
  assert.equal(run('select', [T.BOOLEAN, T.FLOAT64, T.FLOAT64], [cond, k(T.FLOAT64, 1.5), c(col.float([0, 2.5]))], 2), [1.5, 2.5]);
  assert.equal(run('select', [T.BOOLEAN, T.BOOLEAN, T.BOOLEAN], [cond, k(T.BOOLEAN, true), k(T.BOOLEAN, true)], 2), [true, true]);
  assert.equal(registry.resolveScalar('select', [T.BOOLEAN, T.UINT128, T.UINT128]), undefined);
});

test('tags semantic types with casts and leaves values alone', () => {
  const d = registry.resolveScalar('DurationNanos', [T.INT64])!;
  assert.is(d.semanticType([S.ST_NONE]), S.ST_DURATION_NS);
  assert.equal(run('DurationNanos', [T.INT64], [c(col.int([5n]))], 1), [5n]);
  assert.is(registry.resolveScalar('Percent', [T.FLOAT64])!.semanticType([]), S.ST_PERCENT);
  assert.is(registry.resolveScalar('Bytes', [T.INT64])!.semanticType([]), S.ST_BYTES);
  assert.is(registry.resolveScalar('Service', [T.STRING])!.semanticType([]), S.ST_SERVICE_NAME);
  assert.equal(registry.resolveScalar('DurationNanos', [T.FLOAT64]), undefined);
  assert.equal(run('Node', [T.STRING], [k(T.STRING, 'n1')], 2), ['n1', 'n1']);
});

test.run();
