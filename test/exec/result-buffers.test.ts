// The result buffer pool: a query's result arrays come back when its caller releases the
// lease, only buffers the pool made are ever handed out again, within a byte limit, and an
// idle pool lets its memory go.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResultBufferPool } from '../../src/exec/result-buffers.js';
import { DataType as T } from '../../src/types/index.js';
import type { Relation, RowBatch } from '../../src/types/index.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { executePlan, runPlan } from '../../src/exec/executor.js';
import { call, colRef, lit, metadata, sink } from './plans.js';
import { batch, col, exact, info, rows } from './fixtures.js';

test('a released lease gives its buffers back once; the next lease gets them again', () => {
  const pool = new ResultBufferPool(1 << 20);
  const first = pool.lease();
  const a = first.take(800), b = first.take(800), c = first.take(64);
  assert.is(first.leasedCount, 3);
  assert.is(pool.bytes, 0, 'nothing is free while leased');
  first.release();
  assert.is(pool.bytes, 1664);
  first.release(); // a second release does nothing
  assert.is(pool.bytes, 1664);
  assert.is(first.take(800).byteLength, 800, 'a released lease still answers, with fresh memory');
  assert.is(pool.bytes, 1664);
  const second = pool.lease();
  const got = [second.take(800), second.take(800), second.take(64), second.take(800)];
  assert.ok(got[0] === b && got[1] === a && got[2] === c, 'the same buffers, most recently returned first');
  assert.ok(got[3] !== a && got[3] !== b && got[3]!.byteLength === 800, 'then fresh ones');
  assert.is(pool.reused, 3);
  assert.is(pool.bytes, 0);
});

test('only buffers the pool made come back, once, within its limit', () => {
  const pool = new ResultBufferPool(1000);
  const foreign = new ArrayBuffer(100);
  pool.giveBack(foreign);
  assert.is(pool.bytes, 0, 'a buffer the pool did not make (stored data) is never taken');
  const lease = pool.lease();
  const bufs = [lease.take(600), lease.take(300), lease.take(300), lease.take(0)];
  lease.release();
  assert.is(pool.bytes, 900, '600 + 300 fit the limit; the second 300 and the empty buffer are not kept');
  pool.giveBack(bufs[0]!);
  assert.is(pool.bytes, 900, 'a free buffer is not taken twice');
  const next = pool.lease();
  assert.ok(next.take(600) === bufs[0]);
  assert.is(pool.bytes, 300);
  pool.clear();
  assert.is(pool.bytes, 0);
  assert.ok(next.take(300) !== bufs[1], 'cleared buffers are not handed out');
});

test('an idle pool drops its free buffers', async () => {
  const pool = new ResultBufferPool(1 << 20, 30);
  const lease = pool.lease();
  lease.take(1024);
  lease.release();
  assert.is(pool.bytes, 1024);
  await new Promise((r) => setTimeout(r, 80));
  assert.is(pool.bytes, 0);
});

// A filter's results in leased memory: correct, reused by the next query after release, and
// the stored table never enters the pool (a filter that keeps every row hands stored batches on).
const rel: Relation = [info('k', T.INT64), info('s', T.STRING), info('f', T.FLOAT64)];
const N = 3000;
const stored: RowBatch = batch([
  col.int(Array.from({ length: N }, (_, i) => BigInt(i % 13) - 6n)),
  col.str(Array.from({ length: N }, (_, i) => `v${i % 5}`)),
  { type: T.FLOAT64, data: Float64Array.from({ length: N }, (_, i) => i / 7) },
]);
const provider = new MemoryTableProvider().add('t', rel, [stored], 500);
const expectedRows = (keep: (k: bigint) => boolean): unknown[][] => rows([stored]).filter((r) => keep(r[0] as bigint));

function query(min: bigint, pool: ResultBufferPool) {
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 't', columns: rel.map((c) => c.name), relation: rel },
    { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: call('greaterThanEqual', [colRef(rel, 'k'), lit(T.INT64, min)]) },
    sink(3, 2, rel),
  ];
  const lease = pool.lease();
  return runPlan({ nodes, sinks: [3] }, { provider, metadata, nowNs: 0n, batchRows: 500, resultBuffers: lease }).then((t) => ({ t: t[0]!, lease }));
}

test('filter results taken from a lease are exact, and the next query reuses them once released', async () => {
  const pool = new ResultBufferPool();
  const before = exact(rows([stored]));
  const first = await query(2n, pool);
  assert.equal(exact(rows(first.t.batches)), exact(expectedRows((k) => k >= 2n)));
  assert.ok(first.lease.leasedCount > 0);
  first.lease.release();
  const freed = pool.bytes;
  assert.ok(freed > 0);
  const second = await query(-1n, pool);
  assert.ok(pool.reused > 0, 'the second query wrote into released memory');
  assert.equal(exact(rows(second.t.batches)), exact(expectedRows((k) => k >= -1n)));
  second.lease.release();
  // Everything passes: stored batches go through as they are and stay out of the pool.
  const all = await query(-6n, pool);
  assert.is(all.lease.leasedCount, 0);
  all.lease.release();
  const overwrite = await query(0n, pool);
  overwrite.lease.release();
  assert.equal(exact(rows([stored])), before, 'stored data untouched');
  assert.equal(exact(rows(all.t.batches)), before);
});


test('a query stopped early does no more work in its lease: release is safe once its events stop', async () => {
  // A shared filter (two sinks read it) is materialised before its first reader yields, so
  // when the caller stops at the first batch nothing runs on in the background.
  const pool = new ResultBufferPool();
  const lease = pool.lease();
  const filter: PlanNode = { id: 2, kind: 'filter', inputs: [1], relation: rel, predicate: call('greaterThanEqual', [colRef(rel, 'k'), lit(T.INT64, 0n)]) };
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 't', columns: rel.map((c) => c.name), relation: rel },
    filter,
    { id: 3, kind: 'head', inputs: [2], relation: rel, n: 3 },
    sink(4, 3, rel),
    sink(5, 2, rel),
  ];
  for await (const e of executePlan({ nodes, sinks: [4, 5] }, { provider, metadata, nowNs: 0n, batchRows: 500, resultBuffers: lease })) {
    if (e.kind === 'batch') break;
  }
  const taken = lease.leasedCount;
  assert.ok(taken > 0, 'the shared filter wrote its rows into the lease');
  await new Promise((r) => setTimeout(r, 30));
  assert.is(lease.leasedCount, taken, 'no buffer taken after the caller stopped');
  lease.release();
  assert.ok(pool.bytes > 0);
});

test.run();
