// Filters end to end over a table of every column type: which rows come out (batch edges,
// nothing, everything), in which batches, and that results outlive the query.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { Relation, RowBatch } from '../../src/types/index.js';
import type { Expr, PlanNode } from '../../src/pxl/plan.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { runPlan } from '../../src/exec/executor.js';
import { FIRST_BATCH_ROWS } from '../../src/exec/operators/basic.js';
import type { ResultTable } from '../../src/exec/executor.js';
import { call, colRef, lit, metadata, sink } from './plans.js';
import { batch, batchOfRows, col, exact, info, rows } from './fixtures.js';
import { keyDictionaryCache } from '../../src/exec/key-dict-cache.js';

const N = 50;
/** Input batches of 7 rows: 7 full ones and a last one of 1. */
const IN_ROWS = 7;

const rel: Relation = [
  info('k', T.INT64), info('time_', T.TIME64NS), info('f', T.FLOAT64), info('s', T.STRING),
  info('b', T.BOOLEAN), info('u', T.UINT128),
];

/** Row i: k = i, and edge values in the other columns (empty strings, all-ones words, NaN, −0). */
function row(i: number): unknown[] {
  return [
    BigInt(i),
    1_700_000_000_000_000_000n + BigInt(i) * 1_000n,
    [NaN, -0, i / 4, -Infinity][i % 4]!,
    ['', `svc-${i}`, 'ü'][i % 3]!,
    i % 2 === 1,
    [i % 5 === 0 ? 2n ** 64n - 1n : BigInt(i), 2n ** 64n - 1n - BigInt(i)],
  ];
}

function table(): RowBatch {
  return batchOfRows(rel.map((c) => c.type), Array.from({ length: N }, (_, i) => row(i)));
}

const provider = new MemoryTableProvider().add('t', rel, [table()], IN_ROWS);

function run(predicate: Expr, batchRows: number): Promise<ResultTable[]> {
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 't', columns: rel.map((c) => c.name), relation: rel },
    { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate },
    sink(3, 2, rel),
  ];
  return runPlan({ nodes, sinks: [3] }, { provider, metadata, nowNs: 0n, batchRows });
}

const k = colRef(rel, 'k');
/** k mod 7 (the row's position in its input batch) compared with a constant: the general mask path. */
const posIs = (op: string, v: bigint): Expr => call(op, [call('modulo', [k, lit(T.INT64, BigInt(IN_ROWS))]), lit(T.INT64, v)]);

const CASES: [string, Expr, (i: number) => boolean][] = [
  ['the first row of every input batch', posIs('equal', 0n), (i) => i % IN_ROWS === 0],
  ['the last row of every input batch', posIs('equal', BigInt(IN_ROWS - 1)), (i) => i % IN_ROWS === IN_ROWS - 1],
  ['all but the first row of every input batch', posIs('greaterThan', 0n), (i) => i % IN_ROWS !== 0],
  ['every row (the fast int path)', call('greaterThanEqual', [k, lit(T.INT64, 0n)]), () => true],
  ['no row (the fast int path)', call('lessThan', [k, lit(T.INT64, 0n)]), () => false],
  ['a suffix starting mid-batch (the fast int path)', call('greaterThanEqual', [k, lit(T.INT64, 10n)]), (i) => i >= 10],
  ['a prefix ending mid-batch, constant on the left', call('greaterThan', [lit(T.INT64, 17n), k]), (i) => i < 17],
];

test('filters keep exactly the matching rows of every column type, for any output batch size', async () => {
  for (const [what, predicate, keep] of CASES) {
    const expected = Array.from({ length: N }, (_, i) => i).filter(keep).map(row);
    for (const batchRows of [1, 2, 3, 5, 8, 64]) {
      const [t] = await run(predicate, batchRows);
      assert.equal(exact(rows(t!.batches)), exact(expected), `${what}, batchRows ${batchRows}`);
      assert.is(t!.numRows, expected.length);
      assert.ok(t!.batches.every((b) => b.numRows > 0 && b.numRows <= Math.max(batchRows, IN_ROWS)), `${what}: batch sizes ${t!.batches.map((b) => b.numRows)}`);
    }
  }
});

test('output batches start at a quarter of FIRST_BATCH_ROWS and double up to batchRows; whole input batches pass as they are', async () => {
  const big = 30_000;
  const many = new MemoryTableProvider().add('t', [rel[0]!], [batch([col.int(Array.from({ length: big }, (_, i) => i))])], 1000);
  const src: PlanNode = { id: 1, kind: 'source', inputs: [], table: 't', columns: ['k'], relation: [rel[0]!] };
  const plan = (p: Expr) => ({ nodes: [src, { id: 2, kind: 'filter', inputs: [1], relation: [rel[0]!], predicate: p } as PlanNode, sink(3, 2, [rel[0]!])], sinks: [3] });
  // Every other row: 500 per input batch of 1000, 15 000 in all.
  const odd = call('equal', [call('modulo', [k, lit(T.INT64, 2n)]), lit(T.INT64, 1n)]);
  const [t] = await runPlan(plan(odd), { provider: many, metadata, nowNs: 0n, batchRows: 4096 });
  const q = FIRST_BATCH_ROWS / 4;
  assert.equal(t!.batches.map((b) => b.numRows), [q, 2 * q, 4 * q, 4096, big / 2 - 7 * q - 4096]);
  assert.equal(rows(t!.batches).map((r) => r[0]), Array.from({ length: big / 2 }, (_, i) => BigInt(2 * i + 1)));
  // Everything passes: the source's batches are handed on unchanged.
  const [all] = await runPlan(plan(call('greaterThanEqual', [k, lit(T.INT64, 0n)])), { provider: many, metadata, nowNs: 0n, batchRows: 1000 });
  assert.equal(all!.batches.map((b) => b.numRows), Array<number>(big / 1000).fill(1000));
  assert.equal(rows(all!.batches).map((r) => r[0]), Array.from({ length: big }, (_, i) => BigInt(i)));
});

test('results stay intact after later queries run', async () => {
  const predicate = posIs('greaterThan', 2n);
  const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i % IN_ROWS > 2).map(row);
  const [first] = await run(predicate, 4);
  for (let r = 0; r < 3; r++) await run(posIs('lessThan', 3n), 4);
  assert.equal(exact(rows(first!.batches)), exact(expected));
});


// `int column <op> constant` over a stored column with few distinct values: from the second
// query on the predicate is decided per distinct value and rows are picked by their kept codes.
for (const [how, status] of [
  ['codes (10 values)', [200, 404, 200, 500, 301, 200, 503, -1, 0, 2 ** 62, 302, 201]],
  ['row bitmaps (6 values)', [200, 404, 200, 500, 301, 200, 503, -1]],
] as const) test(`int filters through kept dictionaries (${how}) select exactly the rows the compare selects, for every operator`, async () => {
  const n = 2400 + 17; // a last bitmap word only partly used
  const values = Array.from({ length: n }, (_, i) => BigInt(status[(i * 7 + (i >> 4)) % status.length]!));
  const r: Relation = [info('status', T.INT64), info('id', T.INT64)];
  const stored = batch([col.int(values), col.int(Array.from({ length: n }, (_, i) => BigInt(i)))]);
  const p = new MemoryTableProvider().add('t', r, [stored], 810);
  const ops: [string, (a: bigint, b: bigint) => boolean][] = [
    ['lessThan', (a, b) => a < b], ['lessThanEqual', (a, b) => a <= b], ['equal', (a, b) => a === b],
    ['notEqual', (a, b) => a !== b], ['greaterThan', (a, b) => a > b], ['greaterThanEqual', (a, b) => a >= b],
  ];
  const statusRef = colRef(r, 'status');
  for (const [op, holds] of ops) {
    for (const k of [400n, 200n, -5n, 2n ** 63n - 1n]) {
      for (const left of [false, true]) {
        const predicate = left ? call(op, [lit(T.INT64, k), statusRef]) : call(op, [statusRef, lit(T.INT64, k)]);
        const expected = values.map((v, i) => [v, BigInt(i)]).filter(([v]) => (left ? holds(k, v!) : holds(v!, k)));
        const plan = { nodes: [{ id: 1, kind: 'source', inputs: [], table: 't', columns: ['status', 'id'], relation: r } as PlanNode, { id: 2, kind: 'filter', inputs: [1], relation: r, predicate } as PlanNode, sink(3, 2, r)], sinks: [3] };
        // Three queries: the second keeps the dictionaries, the third reads them.
        for (let q = 0; q < 3; q++) {
          const hits = keyDictionaryCache.hits;
          const [t] = await runPlan(plan, { provider: p, metadata, nowNs: 0n, batchRows: 810 });
          assert.equal(rows(t!.batches), expected, `${left ? `${k} ${op} status` : `status ${op} ${k}`}, query ${q + 1}`);
          if (q === 2) assert.ok(keyDictionaryCache.hits >= hits + 3, 'the third query read the kept codes of all three batches');
        }
      }
    }
  }
  // The stored column's batches (810 rows, the last 797) keep dictionaries; the id column, all distinct, none.
  const scanned: RowBatch[] = [];
  for await (const b of p.scan('t', ['status', 'id'], {})) scanned.push(b);
  assert.ok(scanned.every((b) => keyDictionaryCache.lookup(b.columns[0]!, b.numRows) !== undefined));
  assert.ok(scanned.every((b) => (keyDictionaryCache.lookup(b.columns[0]!, b.numRows)!.bits !== undefined) === (new Set(status).size <= 8)), how);
  assert.ok(scanned.every((b) => keyDictionaryCache.lookup(b.columns[1]!, b.numRows) === undefined));
});

test.run();
