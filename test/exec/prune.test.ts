import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { Plan, PlanNode, SourceNode } from '../../src/pxl/plan.js';
import { prunePlan } from '../../src/exec/prune.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { call, colRef, exec, httpRelation as rel, lit, resultRows, sink, source } from './plans.js';
import { info, rows } from './fixtures.js';

const r = defaultRegistry();

/** source → map(all + slow) → filter(status >= 400) → project(latency, slow) → sink */
function wide(): Plan {
  const mapped = [...rel, info('slow', T.BOOLEAN)];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'map', inputs: [1], relation: mapped, exprs: [...rel.map((c) => ({ name: c.name, expr: colRef(rel, c.name) })), { name: 'slow', expr: call('greaterThan', [colRef(rel, 'latency'), lit(T.INT64, 25n)]) }] },
    { id: 3, kind: 'filter', inputs: [2], relation: mapped, predicate: call('greaterThanEqual', [colRef(rel, 'status'), lit(T.INT64, 400n)]) },
    { id: 4, kind: 'project', inputs: [3], relation: [mapped[3]!, mapped[4]!], columns: [3, 4] },
    sink(5, 4, [mapped[3]!, mapped[4]!]),
  ];
  return { nodes, sinks: [5] };
}

test('sources scan only the columns someone reads', () => {
  const p = prunePlan(wide());
  const src = p.nodes.find((n) => n.kind === 'source') as SourceNode;
  assert.equal(src.columns, ['status', 'latency']);
  const map = p.nodes.find((n) => n.kind === 'map')!;
  assert.equal(map.relation.map((c) => c.name), ['status', 'latency', 'slow']);
});

test('a frozen plan is pruned once (the result frozen too), others on every call', async () => {
  const open = wide();
  assert.ok(prunePlan(open) !== prunePlan(open));
  const frozen = Object.freeze({ nodes: Object.freeze(wide().nodes.map((n) => Object.freeze(n))), sinks: Object.freeze([5]) }) as Plan;
  const p = prunePlan(frozen);
  assert.ok(prunePlan(frozen) === p);
  assert.ok(Object.isFrozen(p) && p.nodes.every((n) => Object.isFrozen(n)));
  assert.equal(p, prunePlan(open));
  assert.equal(rows((await exec(frozen))[0]!.batches), rows((await exec(open))[0]!.batches));
});

test('pruned and unpruned plans give the same results', async () => {
  for (const plan of [wide(), joinPlan(), dropPlan(), appendPlan()]) {
    const a = await exec(plan, { prune: true });
    const b = await exec(plan, { prune: false });
    assert.equal(a.map((t) => [t.name, t.relation, rows(t.batches)]), b.map((t) => [t.name, t.relation, rows(t.batches)]));
  }
  assert.equal(rows((await exec(wide()))[0]!.batches), [[20n, false], [30n, true], [60n, true]]);
});

function joinPlan(): Plan {
  const aggOut = [info('service', T.STRING), info('n', T.INT64)];
  const out = [...aggOut, ...rel.map((c) => ({ ...c, name: `${c.name}_r` }))];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'agg', inputs: [1], relation: aggOut, groups: [1], aggs: [{ name: 'n', fn: r.resolveAggregate('count', [T.INT64])!.id, args: [3] }] },
    { id: 3, kind: 'merge', inputs: [2, 1], relation: out, how: 'left', leftOn: [0], rightOn: [1] },
    { id: 4, kind: 'project', inputs: [3], relation: [out[1]!, out[5]!], columns: [1, 5] },
    sink(6, 4, [out[1]!, out[5]!]),
    { id: 7, kind: 'head', inputs: [3], relation: out, n: 2 },
    sink(8, 7, out, 'all'),
  ];
  return { nodes, sinks: [6, 8] };
}

function dropPlan(): Plan {
  const d = [rel[0]!, rel[3]!];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'drop', inputs: [1], relation: d, columns: ['service', 'status'] },
    { id: 3, kind: 'filter', inputs: [2], relation: d, predicate: call('lessThan', [colRef(d, 'latency'), lit(T.INT64, 35n)]) },
    { id: 4, kind: 'map', inputs: [3], relation: [info('k', T.INT64)], exprs: [{ name: 'k', expr: lit(T.INT64, 7n) }] },
    sink(5, 4, [info('k', T.INT64)]),
  ];
  return { nodes, sinks: [5] };
}

function appendPlan(): Plan {
  const two = [rel[1]!, rel[0]!];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'project', inputs: [1], relation: two, columns: [1, 0] },
    { id: 3, kind: 'append', inputs: [2, 1], relation: two, columnMaps: [[0, 1], [1, 0]] },
    sink(4, 3, two),
  ];
  return { nodes, sinks: [4] };
}

/** source → project(status) → head(5) → map(status, k=7) → drop(status) → sink(k): nothing reads status. */
function constantMapPlan(): Plan {
  const st = [rel[2]!], mapped = [rel[2]!, info('k', T.INT64)], k = [info('k', T.INT64)];
  const nodes: PlanNode[] = [
    source(1),
    { id: 2, kind: 'project', inputs: [1], relation: st, columns: [2] },
    { id: 3, kind: 'head', inputs: [2], relation: st, n: 5 },
    { id: 4, kind: 'map', inputs: [3], relation: mapped, exprs: [{ name: 'status', expr: colRef(st, 'status') }, { name: 'k', expr: lit(T.INT64, 7n) }] },
    { id: 5, kind: 'drop', inputs: [4], relation: k, columns: ['status'] },
    sink(6, 5, k),
  ];
  return { nodes, sinks: [6] };
}

test('a constant map over a projection nobody reads still counts the rows of one real column', async () => {
  const p = prunePlan(constantMapPlan());
  const src = p.nodes.find((n) => n.kind === 'source') as SourceNode;
  const proj = p.nodes.find((n) => n.id === 2)!;
  assert.equal(src.columns, ['status']);
  assert.equal(proj.kind === 'project' && proj.columns, [0]);
  assert.equal(await resultRows(constantMapPlan()), [[7n], [7n], [7n], [7n], [7n]]);
});

test('rejects plans with cycles', () => {
  const nodes: PlanNode[] = [{ id: 1, kind: 'head', inputs: [2], relation: rel, n: 1 }, { id: 2, kind: 'head', inputs: [1], relation: rel, n: 1 }, sink(3, 1, rel)];
  assert.throws(() => prunePlan({ nodes, sinks: [3] }), /plan has a cycle through node 1/);
});

test.run();
