import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { Relation, RowBatch } from '../../src/types/index.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { ExecError } from '../../src/exec/errors.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import type { TableProvider, TimeRange } from '../../src/exec/provider.js';
import { executePlan } from '../../src/exec/executor.js';
import { T0, exec, httpRelation as rel, metadata, provider, resultRows, sink, source } from './plans.js';
import { col, info, rows } from './fixtures.js';
import { metadataBuilder } from '../../src/metadata/state.js';

test('result tables come out in the order the sinks are declared', async () => {
  const nodes: PlanNode[] = [source(1, ['service']), sink(2, 1, [rel[1]!], 'second'), sink(3, 1, [rel[1]!], 'first')];
  const res = await exec({ nodes, sinks: [3, 2] });
  assert.equal(res.map((r) => [r.name, r.numRows]), [['first', 7], ['second', 7]]);
  assert.equal(rows(res[0]!.batches), rows(res[1]!.batches));
});

test('events announce each table before its batches and end it with the row count', async () => {
  const nodes: PlanNode[] = [source(1, ['status']), sink(2, 1, [rel[2]!], 'a', 2), sink(3, 1, [rel[2]!], 'b', 0)];
  const kinds: string[] = [];
  for await (const e of executePlan({ nodes, sinks: [2, 3] }, { provider: provider(), metadata, nowNs: T0 })) {
    kinds.push(e.kind === 'batch' ? `batch:${e.name}:${e.batch.numRows}` : e.kind === 'end' ? `end:${e.name}:${e.numRows}` : `table:${e.name}`);
  }
  assert.equal(kinds, ['table:a', 'batch:a:2', 'end:a:2', 'table:b', 'end:b:0']);
});

test('a sink caps its rows, and so does the per-query row limit', async () => {
  const nodes: PlanNode[] = [source(1, ['latency']), sink(2, 1, [rel[3]!], 'out', 5)];
  assert.equal((await resultRows({ nodes, sinks: [2] })).length, 5);
  assert.equal((await resultRows({ nodes, sinks: [2] }, { maxRowsPerTable: 2 })).length, 2);
});

test('a node read by two consumers runs once', async () => {
  let scans = 0;
  const base = provider();
  const counting: TableProvider = {
    relation: (t) => base.relation(t),
    scan: (t, c, r: TimeRange) => { scans++; return base.scan(t, c, r); },
  };
  const nodes: PlanNode[] = [source(1, ['latency']), sink(2, 1, [rel[3]!], 'x'), sink(3, 1, [rel[3]!], 'y')];
  const res = await exec({ nodes, sinks: [2, 3] }, { provider: counting });
  assert.equal([scans, res[0]!.numRows, res[1]!.numRows], [1, 7, 7]);
});

test('head stops pulling batches from its source', async () => {
  let pulled = 0;
  const batches: RowBatch[] = Array.from({ length: 100 }, (_, i) => ({ numRows: 10, columns: [col.int(Array(10).fill(BigInt(i)))] }));
  const lazy: TableProvider = {
    relation: () => [info('x', T.INT64)],
    async *scan() { for (const b of batches) { pulled++; yield b; } },
  };
  const r: Relation = [info('x', T.INT64)];
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 't', columns: ['x'], relation: r },
    { id: 2, kind: 'head', inputs: [1], relation: r, n: 25 }, sink(3, 2, r),
  ];
  const res = await exec({ nodes, sinks: [3] }, { provider: lazy });
  assert.equal([res[0]!.numRows, pulled], [25, 3]);
});

test('append unions inputs by column maps and merges them in time order', async () => {
  const r1: Relation = [info('time_', T.TIME64NS), info('v', T.STRING)];
  const r2: Relation = [info('v', T.STRING), info('time_', T.TIME64NS)];
  const p = new MemoryTableProvider()
    .add('a', r1, [{ numRows: 2, columns: [col.time([1n, 5n]), col.str(['a1', 'a5'])] }])
    .add('b', r2, [{ numRows: 2, columns: [col.str(['b1', 'b3']), col.time([1n, 3n])] }]);
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'a', columns: ['time_', 'v'], relation: r1 },
    { id: 2, kind: 'source', inputs: [], table: 'b', columns: ['v', 'time_'], relation: r2 },
    { id: 3, kind: 'append', inputs: [1, 2], relation: r1, columnMaps: [[0, 1], [1, 0]] },
    sink(4, 3, r1),
  ];
  assert.equal(await resultRows({ nodes, sinks: [4] }, { provider: p }), [[1n, 'a1'], [1n, 'b1'], [3n, 'b3'], [5n, 'a5']]);
  const noTime: Relation = [info('v', T.STRING)];
  const plain: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'a', columns: ['v'], relation: noTime },
    { id: 2, kind: 'source', inputs: [], table: 'b', columns: ['v'], relation: noTime },
    { id: 3, kind: 'append', inputs: [1, 2], relation: noTime, columnMaps: [[0], [0]] }, sink(4, 3, noTime),
  ];
  assert.equal(await resultRows({ nodes: plain, sinks: [4] }, { provider: p }), [['a1'], ['a5'], ['b1'], ['b3']]);
});

test('append sorts an unordered input and merges in chunks, equal times in input order', async () => {
  const r1: Relation = [info('time_', T.TIME64NS), info('v', T.STRING)];
  const p = new MemoryTableProvider()
    .add('a', r1, [{ numRows: 3, columns: [col.time([5n, 1n, 3n]), col.str(['a5', 'a1', 'a3'])] }])
    .add('b', r1, [{ numRows: 3, columns: [col.time([2n, 3n, 4n]), col.str(['b2', 'b3', 'b4'])] }]);
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'a', columns: ['time_', 'v'], relation: r1 },
    { id: 2, kind: 'source', inputs: [], table: 'b', columns: ['time_', 'v'], relation: r1 },
    { id: 3, kind: 'append', inputs: [1, 2], relation: r1, columnMaps: [[0, 1], [0, 1]] },
    sink(4, 3, r1),
  ];
  const res = await exec({ nodes, sinks: [4] }, { provider: p, batchRows: 4 });
  assert.equal(res[0]!.batches.map((b) => b.numRows), [4, 2]);
  assert.equal(rows(res[0]!.batches).map((r) => r[1]), ['a1', 'b2', 'a3', 'b3', 'b4', 'a5']);
});

test('an aborted query stops with ERR_EXEC_ABORTED', async () => {
  const ac = new AbortController();
  ac.abort();
  try {
    await exec({ nodes: [source(1), sink(2, 1, rel)], sinks: [2] }, { signal: ac.signal });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ExecError);
    assert.equal([(e as ExecError).code, (e as Error).message], ['ERR_EXEC_ABORTED', 'query aborted']);
  }
});

test('a long scan yields to the event loop between batches', async () => {
  const many = new MemoryTableProvider().add('http', rel, Array.from({ length: 20 }, () => ({
    numRows: 7, columns: [col.time(Array(7).fill(T0)), col.str(Array(7).fill('a')), col.int(Array(7).fill(1n)), col.int(Array(7).fill(1n))],
  })), 7);
  let ranDuringQuery = false;
  let done = false;
  setImmediate(() => { ranDuringQuery = !done; });
  await exec({ nodes: [source(1), sink(2, 1, rel)], sinks: [2] }, { provider: many, sliceMs: 0 });
  done = true;
  assert.ok(ranDuringQuery);
});

test('a function refusing its arguments fails the query with ERR_EXEC_FUNCTION', async () => {
  const r2 = [rel[1]!];
  const predicate = { kind: 'call', fn: 'regex_match(STRING,STRING)', name: 'regex_match', type: T.BOOLEAN, semanticType: 1,
    args: [{ kind: 'literal', type: T.STRING, value: '(', semanticType: 1 }, { kind: 'column', index: 0, name: 'service', type: T.STRING, semanticType: 1 }] } as const;
  const nodes: PlanNode[] = [source(1, ['service']), { id: 2, kind: 'filter', inputs: [1], relation: r2, predicate }, sink(3, 2, r2)];
  try {
    await exec({ nodes, sinks: [3] });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ExecError);
    assert.is((e as ExecError).code, 'ERR_EXEC_FUNCTION');
    assert.equal((e as ExecError).details, { function: 'regex_match' });
    assert.match((e as Error).message, /^regex_match: invalid regular expression '\(':/);
  }
});

test('_exec_hostname defaults to the metadata host name', async () => {
  const out = [info('h', T.STRING)];
  const call = { kind: 'call', fn: '_exec_hostname()', name: '_exec_hostname', args: [], type: T.STRING, semanticType: 1 } as const;
  const nodes: PlanNode[] = [source(1, ['status']), { id: 2, kind: 'map', inputs: [1], relation: out, exprs: [{ name: 'h', expr: call }] }, { id: 3, kind: 'head', inputs: [2], relation: out, n: 1 }, sink(4, 3, out)];
  const res = await exec({ nodes, sinks: [4] }, { metadata: metadataBuilder({ hostname: 'meta-host' }).build() });
  assert.equal(rows(res[0]!.batches), [['meta-host']]);
});

test('plans naming unknown nodes or functions are rejected as bad plans', async () => {
  const bad = async (nodes: PlanNode[], sinks: number[]): Promise<string> => {
    try { await exec({ nodes, sinks }); return 'ok'; } catch (e) { return `${(e as ExecError).code}: ${(e as Error).message}`; }
  };
  assert.is(await bad([source(1)], [9]), 'ERR_EXEC_BAD_PLAN: unknown plan node id 9');
  assert.is(await bad([source(1), source(1)], [1]), 'ERR_EXEC_BAD_PLAN: duplicate plan node id 1');
  assert.is(await bad([source(1)], [1]), 'ERR_EXEC_BAD_PLAN: node 1 is not a sink');
  const f: PlanNode = { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: { kind: 'call', fn: 'nope()', name: 'nope', args: [], type: T.BOOLEAN, semanticType: 1 } };
  assert.is(await bad([source(1), f, sink(3, 2, rel)], [3]), 'ERR_EXEC_BAD_PLAN: unknown scalar function overload nope()');
});

test.run();
