import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../src/types/index.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { T0, call, colRef, httpRelation as rel, lit, resultRows, sink, source } from './plans.js';
import { col, info } from './fixtures.js';

const r = defaultRegistry();
const agg = (name: string, t: number) => r.resolveAggregate(name, [t as never])!.id;

test('groups by a string key: groups in first-seen order, then aggregates', async () => {
  const out = [info('service', T.STRING), info('n', T.INT64), info('lat', T.FLOAT64), info('mx', T.INT64)];
  const nodes: PlanNode[] = [source(1), {
    id: 2, kind: 'agg', inputs: [1], relation: out, groups: [1],
    aggs: [{ name: 'n', fn: agg('count', T.INT64), args: [3] }, { name: 'lat', fn: agg('mean', T.INT64), args: [3] }, { name: 'mx', fn: agg('max', T.INT64), args: [2] }],
  }, sink(3, 2, out)];
  assert.equal(await resultRows({ nodes, sinks: [3] }), [['a', 4n, 42.5, 503n], ['b', 2n, 35, 500n], ['c', 1n, 40, 200n]]);
});

test('groups by several keys of mixed types, including 10-second time bins', async () => {
  const binned = call('bin', [colRef(rel, 'time_'), lit(T.INT64, 2_000_000_000n)]);
  const mid = [info('w', T.TIME64NS), info('service', T.STRING), info('status', T.INT64)];
  const out = [info('w', T.TIME64NS), info('service', T.STRING), info('n', T.INT64)];
  const nodes: PlanNode[] = [source(1), {
    id: 2, kind: 'map', inputs: [1], relation: mid,
    exprs: [{ name: 'w', expr: binned }, { name: 'service', expr: colRef(rel, 'service') }, { name: 'status', expr: colRef(rel, 'status') }],
  }, {
    id: 3, kind: 'agg', inputs: [2], relation: out, groups: [0, 1], aggs: [{ name: 'n', fn: agg('count', T.INT64), args: [2] }],
  }, sink(4, 3, out)];
  const s = (k: number): bigint => T0 + BigInt(k) * 1_000_000_000n;
  assert.equal(await resultRows({ nodes, sinks: [4] }), [
    [s(0), 'a', 1n], [s(0), 'b', 1n], [s(2), 'a', 1n], [s(2), 'c', 1n], [s(4), 'b', 1n], [s(4), 'a', 1n], [s(6), 'a', 1n],
  ]);
});

test('keeps int64 keys apart that differ by 1 ns beyond 2^53', async () => {
  const t = 2n ** 60n;
  const p = new MemoryTableProvider().add('k', [info('key', T.INT64)], [{ numRows: 4, columns: [col.int([t, t + 1n, t, -t])] }]);
  const out = [info('key', T.INT64), info('n', T.INT64)];
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'k', columns: ['key'], relation: [info('key', T.INT64)] },
    { id: 2, kind: 'agg', inputs: [1], relation: out, groups: [0], aggs: [{ name: 'n', fn: agg('count', T.INT64), args: [0] }] },
    sink(3, 2, out),
  ];
  assert.equal(await resultRows({ nodes, sinks: [3] }, { provider: p }), [[t, 2n], [t + 1n, 1n], [-t, 1n]]);
});

test('groups by float, boolean and uint128 keys', async () => {
  const relK = [info('f', T.FLOAT64), info('b', T.BOOLEAN), info('u', T.UINT128)];
  const p = new MemoryTableProvider().add('k', relK, [{ numRows: 4, columns: [col.float([1.5, 1.5, 2, 1.5]), col.bool([true, true, false, false]), col.u128([[1n, 2n], [1n, 2n], [3n, 4n], [1n, 2n]])] }]);
  const out = [...relK, info('n', T.INT64)];
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'k', columns: ['f', 'b', 'u'], relation: relK },
    { id: 2, kind: 'agg', inputs: [1], relation: out, groups: [0, 1, 2], aggs: [{ name: 'n', fn: agg('count', T.FLOAT64), args: [0] }] },
    sink(3, 2, out),
  ];
  assert.equal(await resultRows({ nodes, sinks: [3] }, { provider: p }), [[1.5, true, [1n, 2n], 2n], [2, false, [3n, 4n], 1n], [1.5, false, [1n, 2n], 1n]]);
});

test('an agg without groups gives one row, even on empty input', async () => {
  const out = [info('n', T.INT64), info('s', T.INT64), info('m', T.FLOAT64)];
  const aggs = [{ name: 'n', fn: agg('count', T.INT64), args: [3] }, { name: 's', fn: agg('sum', T.INT64), args: [3] }, { name: 'm', fn: agg('mean', T.INT64), args: [3] }];
  const all: PlanNode[] = [source(1), { id: 2, kind: 'agg', inputs: [1], relation: out, groups: [], aggs }, sink(3, 2, out)];
  assert.equal(await resultRows({ nodes: all, sinks: [3] }), [[7n, 280n, 40]]);
  const empty: PlanNode[] = [source(1, undefined, { startTime: { kind: 'absolute', ns: T0 * 2n } } as Partial<PlanNode>),
    { id: 2, kind: 'agg', inputs: [1], relation: out, groups: [], aggs }, sink(3, 2, out)];
  const got = await resultRows({ nodes: empty, sinks: [3] });
  assert.equal(got.length, 1);
  assert.equal(got[0]!.slice(0, 2), [0n, 0n]);
  assert.ok(Number.isNaN(got[0]![2]));
});

test('groupby().agg() with no aggregates gives the distinct groups; quantiles finalize per group', async () => {
  const distinct: PlanNode[] = [source(1), { id: 2, kind: 'agg', inputs: [1], relation: [rel[1]!], groups: [1], aggs: [] }, sink(3, 2, [rel[1]!])];
  assert.equal(await resultRows({ nodes: distinct, sinks: [3] }), [['a'], ['b'], ['c']]);
  const out = [info('service', T.STRING), info('q', T.STRING, S.ST_DURATION_NS_QUANTILES)];
  const q: PlanNode[] = [source(1), { id: 2, kind: 'agg', inputs: [1], relation: out, groups: [1], aggs: [{ name: 'q', fn: agg('quantiles', T.INT64), args: [3] }] }, sink(3, 2, out)];
  const rows = await resultRows({ nodes: q, sinks: [3] });
  assert.is(rows[2]![1], '{"p01":40.0,"p10":40.0,"p25":40.0,"p50":40.0,"p75":40.0,"p90":40.0,"p99":40.0}');
});


test('a count next to sum/mean is counted in their loop: every combination, over several batches', async () => {
  const relK = [info('k', T.STRING), info('i', T.INT64), info('f', T.FLOAT64), info('b', T.BOOLEAN)];
  const n = 23;
  const ks = Array.from({ length: n }, (_, j) => ['x', 'y', 'z'][(j * 7) % 3]!);
  const is = Array.from({ length: n }, (_, j) => BigInt(j * j) - 100n);
  const fs = Array.from({ length: n }, (_, j) => j / 4);
  const bs = Array.from({ length: n }, (_, j) => j % 3 === 0);
  const p = new MemoryTableProvider().add('k', relK, [{ numRows: n, columns: [col.str(ks), col.int(is), col.float(fs), col.bool(bs)] }], 5);
  const src: PlanNode = { id: 1, kind: 'source', inputs: [], table: 'k', columns: ['k', 'i', 'f', 'b'], relation: relK };
  const cases: [string, number, number][][] = [
    [['count', T.INT64, 1], ['sum', T.INT64, 1]],
    [['sum', T.INT64, 1], ['count', T.STRING, 0]],
    [['count', T.FLOAT64, 2], ['mean', T.INT64, 1]],
    [['count', T.INT64, 1], ['mean', T.FLOAT64, 2], ['count', T.BOOLEAN, 3]],
    [['count', T.BOOLEAN, 3], ['sum', T.BOOLEAN, 3], ['mean', T.BOOLEAN, 3]],
    [['count', T.INT64, 1], ['max', T.INT64, 1]],
  ];
  for (const aggs of cases) {
    const out = [info('k', T.STRING), ...aggs.map(([fn], j) => info(`a${j}`, fn === 'mean' ? T.FLOAT64 : fn === 'max' ? T.INT64 : T.INT64))];
    const nodes: PlanNode[] = [src, {
      id: 2, kind: 'agg', inputs: [1], relation: out, groups: [0],
      aggs: aggs.map(([fn, t, a], j) => ({ name: `a${j}`, fn: agg(fn, t), args: [a] })),
    }, sink(3, 2, out)];
    const expected = ['x', 'y', 'z'].filter((k) => ks.includes(k)).map((k) => {
      const rows = ks.map((kk, j) => (kk === k ? j : -1)).filter((j) => j >= 0);
      return [k, ...aggs.map(([fn, , a]) => {
        const vals = rows.map((j) => (a === 1 ? Number(is[j]) : a === 2 ? fs[j]! : a === 3 ? (bs[j] ? 1 : 0) : 0));
        if (fn === 'count') return BigInt(rows.length);
        if (fn === 'sum') return BigInt(vals.reduce((x, y) => x + y, 0));
        if (fn === 'max') return BigInt(Math.max(...vals));
        return vals.reduce((x, y) => x + y, 0) / rows.length;
      })];
    });
    const order = [...new Set(ks)];
    expected.sort((a, b) => order.indexOf(a[0] as string) - order.indexOf(b[0] as string));
    assert.equal(await resultRows({ nodes, sinks: [3] }, { provider: p }), expected, aggs.map((a) => a[0]).join(','));
  }
});

test.run();
