import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S, sliceColumn } from '../../../src/types/index.js';
import type { Column, DataType } from '../../../src/types/index.js';
import { col, values } from '../../exec/fixtures.js';
import { registry } from './helpers.js';

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

/** Runs an aggregate over groups in one pass. */
function single(name: string, type: DataType, column: Column, gids: number[], groups: number): unknown[] {
  const a = registry.resolveAggregate(name, [type])!.create();
  a.resize(groups);
  a.update(Uint32Array.from(gids), [column], gids.length);
  return values(a.finalize(groups));
}

/** Splits rows in two halves, aggregates each, merges the (JSON round-tripped) partials. */
function merged(name: string, type: DataType, column: Column, gids: number[], groups: number): unknown[] {
  const o = registry.resolveAggregate(name, [type])!;
  const mid = Math.floor(gids.length / 2);
  const parts = [[0, mid], [mid, gids.length]].map(([s, e]) => {
    const a = o.create();
    a.resize(groups);
    a.update(Uint32Array.from(gids.slice(s, e)), [sliceColumn(column, s!, e!)], e! - s!);
    return a;
  });
  const final = o.create();
  final.resize(groups);
  for (const p of parts) for (let g = 0; g < groups; g++) final.merge(g, JSON.parse(JSON.stringify(p.partial(g))));
  return values(final.finalize(groups));
}

const gids = [0, 1, 0, 1, 0, 2];
const cases: [string, DataType, Column, unknown[]][] = [
  ['count', T.STRING, col.str(['a', 'b', 'c', 'd', 'e', 'f']), [3n, 2n, 1n]],
  ['sum', T.INT64, col.int([MAX, 1n, 1n, -5n, -1n, 7n]), [MAX, -4n, 7n]],
  ['sum', T.BOOLEAN, col.bool([true, true, false, true, true, false]), [2n, 2n, 0n]],
  ['sum', T.FLOAT64, col.float([0.5, 1, 0.25, 2, 0.25, -1]), [1, 3, -1]],
  ['mean', T.INT64, col.int([1n, 2n, 2n, 4n, 6n, 9n]), [3, 3, 9]],
  ['mean', T.BOOLEAN, col.bool([true, false, false, true, true, true]), [2 / 3, 0.5, 1]],
  ['min', T.INT64, col.int([MAX, 5n, MIN, 6n, 0n, 1n]), [MIN, 5n, 1n]],
  ['max', T.INT64, col.int([MIN, 5n, MAX, 6n, 0n, -1n]), [MAX, 6n, -1n]],
  ['max', T.TIME64NS, col.time([1_700_000_000_000_000_001n, 1n, 1_700_000_000_000_000_002n, 2n, 0n, 3n]), [1_700_000_000_000_000_002n, 2n, 3n]],
  ['min', T.FLOAT64, col.float([1.5, -2, 0.5, 3, 7, 1]), [0.5, -2, 1]],
  ['max', T.FLOAT64, col.float([1.5, -2, 0.5, 3, 7, 1]), [7, 3, 1]],
  ['any', T.STRING, col.str(['a', 'b', 'c', 'd', 'e', 'f']), ['a', 'b', 'f']],
  ['any', T.INT64, col.int([MAX, 2n, 3n, 4n, 5n, MIN]), [MAX, 2n, MIN]],
  ['any', T.UINT128, col.u128([[1n, 2n], [3n, 4n], [5n, 6n], [7n, 8n], [9n, 9n], [0n, 1n]]), [[1n, 2n], [3n, 4n], [0n, 1n]]],
];

for (const [name, type, column, expected] of cases) {
  test(`${name}(${type}) computes per group, and merging partial states equals one pass`, () => {
    assert.equal(single(name, type, column, gids, 3), expected);
    assert.equal(merged(name, type, column, gids, 3), expected);
  });
}

test('an int64 sum wraps at 64 bits and stays exact over many large values', () => {
  const n = 3_000_000;
  const data = new BigInt64Array(n).fill(2n ** 40n + 3n);
  assert.equal(single('sum', T.INT64, { type: T.INT64, data }, new Array(n).fill(0), 1), [BigInt(n) * (2n ** 40n + 3n)]);
  assert.equal(single('sum', T.INT64, col.int([MAX, MAX]), [0, 0], 1), [-2n]);
});

test('empty groups hold the initial values: count 0, sum 0, extremes, mean NaN, any zero', () => {
  assert.equal(single('count', T.INT64, col.int([]), [], 1), [0n]);
  assert.equal(single('sum', T.INT64, col.int([]), [], 1), [0n]);
  assert.equal(single('max', T.INT64, col.int([]), [], 1), [MIN]);
  assert.equal(single('min', T.TIME64NS, col.time([]), [], 1), [MAX]);
  assert.ok(Number.isNaN(single('mean', T.FLOAT64, col.float([]), [], 1)[0]));
  assert.equal(single('any', T.STRING, col.str([]), [], 1), ['']);
});

test('aggregate semantic types follow Pixie: sum drops durations, mean keeps percent', () => {
  assert.is(registry.resolveAggregate('sum', [T.INT64])!.semanticType([S.ST_DURATION_NS]), S.ST_NONE);
  assert.is(registry.resolveAggregate('sum', [T.INT64])!.semanticType([S.ST_BYTES]), S.ST_BYTES);
  assert.is(registry.resolveAggregate('mean', [T.FLOAT64])!.semanticType([S.ST_PERCENT]), S.ST_PERCENT);
  assert.is(registry.resolveAggregate('max', [T.INT64])!.semanticType([S.ST_DURATION_NS]), S.ST_DURATION_NS);
  assert.is(registry.resolveAggregate('count', [T.STRING])!.semanticType([S.ST_POD_NAME]), S.ST_NONE);
  assert.is(registry.resolveAggregate('any', [T.STRING])!.semanticType([S.ST_POD_NAME]), S.ST_POD_NAME);
  assert.is(registry.resolveAggregate('sum', [T.STRING]), undefined);
});

test.run();
