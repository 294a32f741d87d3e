import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { JoinType, PlanNode } from '../../src/pxl/plan.js';
import type { Relation } from '../../src/types/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { resultRows, sink } from './plans.js';
import { col, info } from './fixtures.js';

const lrel: Relation = [info('svc', T.STRING), info('n', T.INT64)];
const rrel: Relation = [info('svc', T.STRING), info('ns', T.STRING)];
const p = new MemoryTableProvider()
  .add('l', lrel, [{ numRows: 4, columns: [col.str(['a', 'b', 'z', 'a']), col.int([1n, 2n, 3n, 4n])] }])
  .add('r', rrel, [{ numRows: 4, columns: [col.str(['a', 'b', 'a', 'y']), col.str(['ns1', 'ns2', 'ns3', 'ns4'])] }]);
const out: Relation = [info('svc_x', T.STRING), info('n', T.INT64), info('svc_y', T.STRING), info('ns', T.STRING)];

function plan(how: JoinType, leftOn: number[], rightOn: number[]): { nodes: PlanNode[]; sinks: number[] } {
  return {
    nodes: [
      { id: 1, kind: 'source', inputs: [], table: 'l', columns: ['svc', 'n'], relation: lrel },
      { id: 2, kind: 'source', inputs: [], table: 'r', columns: ['svc', 'ns'], relation: rrel },
      { id: 3, kind: 'merge', inputs: [1, 2], relation: out, how, leftOn, rightOn },
      sink(4, 3, out),
    ],
    sinks: [4],
  };
}

test('an inner merge pairs each left row with its matches in right order', async () => {
  assert.equal(await resultRows(plan('inner', [0], [0]), { provider: p }), [
    ['a', 1n, 'a', 'ns1'], ['a', 1n, 'a', 'ns3'], ['b', 2n, 'b', 'ns2'], ['a', 4n, 'a', 'ns1'], ['a', 4n, 'a', 'ns3'],
  ]);
});

test('a left merge keeps unmatched left rows with zero-valued right columns', async () => {
  const got = await resultRows(plan('left', [0], [0]), { provider: p });
  assert.equal(got[3], ['z', 3n, '', '']);
  assert.is(got.length, 6);
});

test('a right merge keeps the column order and adds unmatched right rows', async () => {
  const got = await resultRows(plan('right', [0], [0]), { provider: p });
  assert.equal(got[got.length - 1], ['', 0n, 'y', 'ns4']);
  assert.is(got.length, 6);
});

test('an outer merge keeps both sides', async () => {
  const got = await resultRows(plan('outer', [0], [0]), { provider: p });
  assert.equal(got.filter((r) => r[0] === '' || r[2] === ''), [['z', 3n, '', ''], ['', 0n, 'y', 'ns4']]);
  assert.is(got.length, 7);
});

test('empty key lists make a cross join', async () => {
  const got = await resultRows(plan('inner', [], []), { provider: p });
  assert.is(got.length, 16);
  assert.equal(got.slice(0, 2), [['a', 1n, 'a', 'ns1'], ['a', 1n, 'b', 'ns2']]);
});

test('joins on several keys of different types', async () => {
  const l2: Relation = [info('k', T.STRING), info('t', T.TIME64NS)];
  const r2: Relation = [info('k', T.STRING), info('t', T.TIME64NS), info('v', T.FLOAT64)];
  const t = 1_700_000_000_000_000_001n;
  const p2 = new MemoryTableProvider()
    .add('l', l2, [{ numRows: 3, columns: [col.str(['a', 'a', 'b']), col.time([t, t + 1n, t])] }])
    .add('r', r2, [{ numRows: 2, columns: [col.str(['a', 'b']), col.time([t + 1n, t]), col.float([0.5, 1.5])] }]);
  const o2 = [...l2, ...r2];
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'l', columns: ['k', 't'], relation: l2 },
    { id: 2, kind: 'source', inputs: [], table: 'r', columns: ['k', 't', 'v'], relation: r2 },
    { id: 3, kind: 'merge', inputs: [1, 2], relation: o2, how: 'inner', leftOn: [0, 1], rightOn: [0, 1] },
    sink(4, 3, o2),
  ];
  assert.equal(await resultRows({ nodes, sinks: [4] }, { provider: p2 }), [['a', t + 1n, 'a', t + 1n, 0.5], ['b', t, 'b', t, 1.5]]);
});

test.run();
