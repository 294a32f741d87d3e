import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { ExecError } from '../../src/exec/errors.js';
import { T0, call, colRef, exec, httpRelation as rel, lit, resultRows, sink, source } from './plans.js';
import { info, rows } from './fixtures.js';

const s = (k: number): bigint => T0 + BigInt(k) * 1_000_000_000n;

test('a source prunes columns and keeps table order', async () => {
  const src = source(1, ['latency', 'service']);
  const got = await resultRows({ nodes: [src, sink(2, 1, src.relation)], sinks: [2] });
  assert.equal(got, [[10n, 'a'], [20n, 'b'], [30n, 'a'], [40n, 'c'], [50n, 'b'], [60n, 'a'], [70n, 'a']]);
});

test('a source keeps rows in [start_time, end_time) for absolute and relative bounds', async () => {
  const abs = source(1, ['time_'], { startTime: { kind: 'absolute', ns: s(2) }, endTime: { kind: 'absolute', ns: s(4) } } as Partial<PlanNode>);
  assert.equal(await resultRows({ nodes: [abs, sink(2, 1, abs.relation)], sinks: [2] }), [[s(2)], [s(3)]]);
  // now = T0 + 10 s, so '-5s' starts at T0 + 5 s.
  const rel5 = source(1, ['time_'], { startTime: { kind: 'relative', offsetNs: -5_000_000_000n } } as Partial<PlanNode>);
  assert.equal(await resultRows({ nodes: [rel5, sink(2, 1, rel5.relation)], sinks: [2] }), [[s(5)], [s(6)]]);
  const none = source(1, ['time_'], { startTime: { kind: 'absolute', ns: s(100) } } as Partial<PlanNode>);
  assert.equal(await resultRows({ nodes: [none, sink(2, 1, none.relation)], sinks: [2] }), []);
});

test('an unknown table fails with ERR_EXEC_UNKNOWN_TABLE', async () => {
  const src = { ...source(1), table: 'nope' } as PlanNode;
  try {
    await exec({ nodes: [src, sink(2, 1, src.relation)], sinks: [2] });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ExecError);
    assert.equal([(e as ExecError).code, (e as Error).message], ['ERR_EXEC_UNKNOWN_TABLE', "table 'nope' not found"]);
  }
});

test('a filter keeps the rows where the predicate holds, across batches', async () => {
  const pred = call('greaterThanEqual', [colRef(rel, 'status'), lit(T.INT64, 400n)]);
  const nodes: PlanNode[] = [source(1), { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: pred }, sink(3, 2, rel)];
  const got = await resultRows({ nodes, sinks: [3] });
  assert.equal(got.map((r) => [r[1], r[2]]), [['b', 500n], ['a', 404n], ['a', 503n]]);
});

test('a filter coalesces small selections into larger batches in row order', async () => {
  const two = [rel[1]!, rel[3]!];
  const pred = call('notEqual', [colRef(two, 'service'), lit(T.STRING, 'c')]);
  const nodes: PlanNode[] = [source(1, ['service', 'latency']), { id: 2, kind: 'filter', inputs: [1], relation: two, predicate: pred }, sink(3, 2, two)];
  // 7 rows arrive in batches of 3; batchRows 4 → output capacity 4 rows. The first batch
  // passes whole and is handed on as is; the second's 2 kept rows and the third's 1 share one.
  const res = await exec({ nodes, sinks: [3] }, { batchRows: 4 });
  assert.equal(res[0]!.batches.map((b) => b.numRows), [3, 3]);
  assert.equal(rows(res[0]!.batches).map((r) => r[1]), [10n, 20n, 30n, 50n, 60n, 70n]);
});

test('the int comparison fast path agrees with the kernel for every operator and either operand order', async () => {
  const ops = ['lessThan', 'lessThanEqual', 'greaterThan', 'greaterThanEqual', 'equal', 'notEqual'];
  for (const op of ops) {
    for (const leftLit of [false, true]) {
      const args = leftLit ? [lit(T.TIME64NS, s(3)), colRef(rel, 'time_')] : [colRef(rel, 'time_'), lit(T.TIME64NS, s(3))];
      const fast: PlanNode = { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: call(op, args) };
      // The same predicate wrapped in logicalAnd(true, ...) takes the general mask path.
      const slow: PlanNode = { ...fast, predicate: call('logicalAnd', [lit(T.BOOLEAN, true), call(op, args)]) } as PlanNode;
      const a = await resultRows({ nodes: [source(1), fast, sink(3, 2, rel)], sinks: [3] });
      const b = await resultRows({ nodes: [source(1), slow, sink(3, 2, rel)], sinks: [3] });
      assert.equal(a, b, `${op} literal-left=${leftLit}`);
    }
  }
  const got = await resultRows({ nodes: [source(1), { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: call('greaterThan', [lit(T.TIME64NS, s(2)), colRef(rel, 'time_')]) }, sink(3, 2, rel)], sinks: [3] });
  assert.equal(got.map((r) => r[0]), [s(0), s(1)]);
});

test('a map computes expressions and references columns', async () => {
  const out = [info('service', T.STRING), info('lat2', T.INT64), info('slow', T.BOOLEAN), info('k', T.INT64)];
  const nodes: PlanNode[] = [source(1), {
    id: 2, kind: 'map', inputs: [1], relation: out, exprs: [
      { name: 'service', expr: colRef(rel, 'service') },
      { name: 'lat2', expr: call('multiply', [colRef(rel, 'latency'), lit(T.INT64, 2n)]) },
      { name: 'slow', expr: call('greaterThan', [colRef(rel, 'latency'), lit(T.INT64, 50n)]) },
      { name: 'k', expr: lit(T.INT64, 1n) },
    ],
  }, sink(3, 2, out)];
  const got = await resultRows({ nodes, sinks: [3] });
  assert.equal(got[0], ['a', 20n, false, 1n]);
  assert.equal(got[6], ['a', 140n, true, 1n]);
  assert.is(got.length, 7);
});

test('project keeps the listed order and drop removes by name', async () => {
  const p = [rel[3]!, rel[1]!];
  const d = [rel[0]!, rel[2]!];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'project', inputs: [1], relation: p, columns: [3, 1] }, sink(3, 2, p, 'p'),
    { id: 4, kind: 'drop', inputs: [1], relation: d, columns: ['service', 'latency'] }, sink(5, 4, d, 'd'),
  ];
  const res = await exec({ nodes, sinks: [3, 5] });
  assert.equal(res.map((r) => r.name), ['p', 'd']);
  assert.equal(res[0]!.batches[0]!.columns.length, 2);
  assert.equal((await resultRows({ nodes, sinks: [3, 5] }, {}, 1))[1], [s(1), 500n]);
  assert.equal((await resultRows({ nodes, sinks: [3, 5] }, {}, 0))[1], [20n, 'b']);
});

test('head returns the first n rows and stops reading its input', async () => {
  const nodes: PlanNode[] = [source(1, ['latency']), { id: 2, kind: 'head', inputs: [1], relation: [rel[3]!], n: 4 }, sink(3, 2, [rel[3]!])];
  assert.equal(await resultRows({ nodes, sinks: [3] }), [[10n], [20n], [30n], [40n]]);
  const zero: PlanNode[] = [source(1, ['latency']), { id: 2, kind: 'head', inputs: [1], relation: [rel[3]!], n: 0 }, sink(3, 2, [rel[3]!])];
  assert.equal(await resultRows({ nodes: zero, sinks: [3] }), []);
});

test.run();
