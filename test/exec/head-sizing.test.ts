// head(n) above filters, maps and projections sizes the batches below it (headRowHints):
// the source and filters start with about n rows. Only batch boundaries may change: every
// result must equal the first n rows of the same plan without the head, and an agg or merge
// in between must keep reading its whole input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { Relation, RowBatch } from '../../src/types/index.js';
import type { Expr, Plan, PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import type { TableProvider } from '../../src/exec/provider.js';
import { headRowHints, runPlan } from '../../src/exec/executor.js';
import { FIRST_BATCH_ROWS } from '../../src/exec/operators/basic.js';
import { call, colRef, lit, metadata, sink } from './plans.js';
import { col, info, rows } from './fixtures.js';

const N = 10_000;
/** Rows per stored batch of the fixture table. */
const STORED = 2_500;
const rel: Relation = [info('k', T.INT64), info('s', T.STRING), info('time_', T.TIME64NS)];
const table: RowBatch = {
  numRows: N,
  columns: [
    col.int(Array.from({ length: N }, (_, i) => i)),
    col.str(Array.from({ length: N }, (_, i) => `r${i % 13}`)),
    col.time(Array.from({ length: N }, (_, i) => 1_000n * BigInt(i))),
  ],
};
const provider = new MemoryTableProvider()
  .add('e', rel, [table], STORED)
  .add('names', [info('s', T.STRING), info('ns', T.STRING)], [{ numRows: 3, columns: [col.str(['r1', 'r2', 'r9']), col.str(['a', 'b', 'c'])] }]);

const k = colRef(rel, 'k');
const PREDICATES: [string, Expr][] = [
  ['every 10th row (mask path)', call('equal', [call('modulo', [k, lit(T.INT64, 10n)]), lit(T.INT64, 9n)])],
  ['nothing', call('lessThan', [k, lit(T.INT64, 0n)])],
  ['everything', call('greaterThanEqual', [k, lit(T.INT64, 0n)])],
  ['only the last rows of the table', call('greaterThanEqual', [k, lit(T.INT64, BigInt(N - 150))])],
];
const HEADS = [0, 1, 7, FIRST_BATCH_ROWS / 4, STORED, FIRST_BATCH_ROWS, N - 1, N, 2 * N];

const agg = (name: string, t: T) => defaultRegistry().resolveAggregate(name, [t])!.id;
const mapped: Relation = [info('s', T.STRING), info('k2', T.INT64)];
const counted: Relation = [info('s', T.STRING), info('n', T.INT64)];
const joined: Relation = [info('k', T.INT64), info('s', T.STRING), info('time_', T.TIME64NS), info('s_y', T.STRING), info('ns', T.STRING)];

const src: PlanNode = { id: 1, kind: 'source', inputs: [], table: 'e', columns: rel.map((c) => c.name), relation: rel };
const filter = (id: number, input: number, predicate: Expr): PlanNode => ({ id, kind: 'filter', inputs: [input], relation: rel, predicate });

/** Plan shapes below the head: the nodes (the top one has id 9) and their output relation. */
const SHAPES: [string, (p: Expr) => PlanNode[], Relation][] = [
  ['filter', (p) => [src, filter(9, 1, p)], rel],
  ['filter then map', (p) => [src, filter(2, 1, p), {
    id: 9, kind: 'map', inputs: [2], relation: mapped,
    exprs: [{ name: 's', expr: colRef(rel, 's') }, { name: 'k2', expr: call('multiply', [k, lit(T.INT64, 2n)]) }],
  }], mapped],
  ['project, filter, drop', (p) => [
    src, { id: 2, kind: 'project', inputs: [1], relation: rel, columns: [0, 1, 2] }, filter(3, 2, p),
    { id: 9, kind: 'drop', inputs: [3], relation: rel.slice(0, 2), columns: ['time_'] },
  ], rel.slice(0, 2)],
  ['filter then agg', (p) => [src, filter(2, 1, p), {
    id: 9, kind: 'agg', inputs: [2], relation: counted, groups: [1], aggs: [{ name: 'n', fn: agg('count', T.INT64), args: [0] }],
  }], counted],
  ['filter then merge', (p) => [
    src, filter(2, 1, p),
    { id: 3, kind: 'source', inputs: [], table: 'names', columns: ['s', 'ns'], relation: [info('s', T.STRING), info('ns', T.STRING)] },
    { id: 9, kind: 'merge', inputs: [2, 3], relation: joined, how: 'inner', leftOn: [1], rightOn: [0] },
  ], joined],
];

function withHead(nodes: PlanNode[], relation: Relation, n: number): Plan {
  return { nodes: [...nodes, { id: 10, kind: 'head', inputs: [9], relation, n }, sink(11, 10, relation)], sinks: [11] };
}

test('head(n) over filters, maps, projections, aggs and merges returns the first n rows of the plan without it', async () => {
  for (const [shape, build, relation] of SHAPES) {
    for (const [what, p] of PREDICATES) {
      for (const batchRows of [65536, 1000]) {
        const opts = { provider, metadata, nowNs: 0n, batchRows };
        const [whole] = await runPlan({ nodes: [...build(p), sink(11, 9, relation)], sinks: [11] }, opts);
        const all = rows(whole!.batches);
        for (const n of HEADS) {
          const [t] = await runPlan(withHead(build(p), relation, n), opts);
          assert.equal(rows(t!.batches), all.slice(0, n), `${shape}, ${what}, head(${n}), batchRows ${batchRows}`);
          assert.is(t!.numRows, Math.min(n, all.length));
        }
      }
    }
  }
});

test('the sizes reach through filters, maps, projections and stacked heads, but not past an agg, a merge or a shared node', () => {
  const p = PREDICATES[0]![1];
  const hints = (nodes: PlanNode[], relation: Relation, n: number) => Object.fromEntries(headRowHints(withHead(nodes, relation, n)));
  assert.equal(hints(SHAPES[0]![1](p), rel, 5), { 1: 5, 9: 5 });
  assert.equal(hints(SHAPES[1]![1](p), mapped, 5), { 1: 5, 2: 5, 9: 5 });
  assert.equal(hints(SHAPES[2]![1](p), rel.slice(0, 2), 5), { 1: 5, 2: 5, 3: 5, 9: 5 });
  assert.equal(hints(SHAPES[3]![1](p), counted, 5), {});
  assert.equal(hints(SHAPES[4]![1](p), joined, 5), {});
  // head(3) below head(40): everything below takes the smaller n.
  const stacked: PlanNode[] = [src, filter(2, 1, p), { id: 9, kind: 'head', inputs: [2], relation: rel, n: 3 }];
  assert.equal(hints(stacked, rel, 40), { 1: 3, 2: 3, 9: 3 });
  // The filter also feeds a second sink: it is materialised whole, so nothing below the head is sized.
  const shared = withHead(SHAPES[0]![1](p), rel, 5);
  assert.equal(Object.fromEntries(headRowHints({ nodes: [...shared.nodes, sink(12, 9, rel, 'other')], sinks: [11, 12] })), {});
});

test('head(n) over a selective filter reads only the rows it needs', async () => {
  // Stored batches of 10 rows, one of them selected (a batch that passes whole would be handed
  // on as it is, whatever the sizes).
  let pulled = 0;
  const lazy: TableProvider = {
    relation: () => rel,
    async *scan() {
      for (let i = 0; i < N; i += 10) {
        pulled++;
        const ks = Array.from({ length: 10 }, (_, j) => i + j);
        yield { numRows: 10, columns: [col.int(ks), col.str(ks.map(() => 'x')), col.time(ks)] };
      }
    },
  };
  const [t] = await runPlan(withHead(SHAPES[0]![1](PREDICATES[0]![1]), rel, 10), { provider: lazy, metadata, nowNs: 0n });
  // The 10th selected row is k = 99: the filter hands its 10 rows on before reading more.
  assert.equal(rows(t!.batches).map((r) => r[0]), Array.from({ length: 10 }, (_, i) => BigInt(10 * i + 9)));
  assert.is(pulled, 10);
});

test.run();
