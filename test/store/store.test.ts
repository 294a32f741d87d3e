import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TableStore, StoreError, STRING_VALUE_OVERHEAD, tableSchema, parseTableDeclaration } from '../../src/store/index.js';
import { DataType, dataTypeName } from '../../src/types/index.js';
import { processStatsBatch, times } from './helpers.js';

const MIB = 1024 * 1024;
const T0 = 1_700_000_000_000_000_000n;

function stat(store: TableStore, name: string) {
  return store.stats().find((s) => s.name === name)!;
}

test('gives http_events its percentage and splits the rest evenly over the other 18 tables', () => {
  const store = new TableStore({ dataLimitMiB: 100, httpEventsPercent: 40 });
  assert.is(stat(store, 'http_events').budgetBytes, 40 * MIB);
  assert.is(stat(store, 'process_stats').budgetBytes, Math.floor(60 * MIB / 18));
  store.declareTable(parseTableDeclaration({ name: 'mine', columns: [{ name: 'x', type: 'INT64' }] }, 'm.json'));
  assert.is(stat(store, 'process_stats').budgetBytes, Math.floor(60 * MIB / 19));
  assert.is(stat(store, 'mine').budgetBytes, Math.floor(60 * MIB / 19));
});

test('eviction keeps the newest rows and holds the table within 5 % under its budget', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const budget = stat(store, 'process_stats').budgetBytes;
  const total = 100_000;
  for (let i = 0; i < total; i += 1000) store.append('process_stats', processStatsBatch(T0 + BigInt(i), 1000));
  const s = stat(store, 'process_stats');
  assert.ok(s.bytes <= budget, `bytes ${s.bytes} over budget ${budget}`);
  assert.ok(s.bytes >= budget * 0.95, `bytes ${s.bytes} below 95 % of ${budget}`);
  const kept = times(store.snapshot('process_stats').batches);
  assert.is(kept.length, s.rows);
  assert.is(kept[kept.length - 1], T0 + BigInt(total - 1));
  assert.is(kept[0], T0 + BigInt(total - kept.length));
  assert.is(s.rowsIngested, total);
  assert.is(s.rowsEvicted + s.rows, total);
  assert.is(s.bytesIngested, total * 112);
  assert.is(s.bytesEvicted + s.bytes, s.bytesIngested);
});

test('a snapshot stays the same while ingest and eviction go on', () => {
  const store = new TableStore({ dataLimitMiB: 8, httpEventsPercent: 40, sealRows: 256 });
  store.append('process_stats', processStatsBatch(T0, 1000, 1n));
  const snap = store.snapshot('process_stats');
  const before = times(snap.batches);
  const tagsBefore = snap.batches.map((b) => Array.from((b.columns[2] as { data: BigInt64Array }).data));
  for (let i = 1; i <= 200; i++) store.append('process_stats', processStatsBatch(T0 + BigInt(i * 1000), 1000, 2n));
  assert.ok(stat(store, 'process_stats').rowsEvicted > 1000, 'the snapshot rows were evicted from the table');
  assert.equal(times(snap.batches), before);
  assert.equal(snap.batches.map((b) => Array.from((b.columns[2] as { data: BigInt64Array }).data)), tagsBefore);
  assert.is(snap.numRows, 1000);
  assert.ok(Object.isFrozen(snap.batches));
});

test('a snapshot of the growing batch does not see rows appended later', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  store.append('process_stats', processStatsBatch(T0, 10));
  const snap = store.snapshot('process_stats');
  store.append('process_stats', processStatsBatch(T0 + 10n, 10));
  assert.is(snap.numRows, 10);
  assert.equal(times(snap.batches).length, 10);
  assert.is(store.snapshot('process_stats').numRows, 20);
});

test('snapshots view the growing batch once per new rows: earlier views are shared, small ones redone', () => {
  // A budget large enough that 1515 rows stay in one growing batch.
  const store = new TableStore({ dataLimitMiB: 4096, httpEventsPercent: 40 });
  store.append('process_stats', processStatsBatch(T0, 1500));
  const first = store.snapshot('process_stats');
  assert.equal(first.batches.map((b) => b.numRows), [1500]);
  store.append('process_stats', processStatsBatch(T0 + 1500n, 10));
  const second = store.snapshot('process_stats');
  // The 1500 rows are the same view object in both snapshots; the 10 new rows get their own.
  assert.is(second.batches[0], first.batches[0]);
  assert.equal(second.batches.map((b) => b.numRows), [1500, 10]);
  store.append('process_stats', processStatsBatch(T0 + 1510n, 5));
  const third = store.snapshot('process_stats');
  // A view under 1024 rows is redone with the new rows, so views do not pile up one per query.
  assert.is(third.batches[0], first.batches[0]);
  assert.equal(third.batches.map((b) => b.numRows), [1500, 15]);
  assert.equal(times(third.batches), times([processStatsBatch(T0, 1515)]));
  // Earlier snapshots keep what they saw, and the table itself still has one (growing) batch.
  assert.equal(second.batches.map((b) => b.numRows), [1500, 10]);
  assert.equal([stat(store, 'process_stats').batches, stat(store, 'process_stats').rows], [1, 1515]);
  // Time pruning works on each view's own range.
  assert.equal(store.snapshot('process_stats', { startTime: T0 + 1505n }).batches.map((b) => b.numRows), [15]);
  // No new rows, no new view.
  assert.is(store.snapshot('process_stats').batches[1], store.snapshot('process_stats').batches[1]);
});

test('sealing the growing batch replaces its views with the sealed batch', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40, sealRows: 256 });
  store.append('process_stats', processStatsBatch(T0, 100));
  assert.equal(store.snapshot('process_stats').batches.map((b) => b.numRows), [100]);
  store.append('process_stats', processStatsBatch(T0 + 100n, 200));
  const snap = store.snapshot('process_stats');
  assert.equal(snap.batches.map((b) => b.numRows), [256, 44]);
  assert.equal(times(snap.batches), times([processStatsBatch(T0, 300)]));
});

test('prunes batches whose time range misses the requested one', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40, sealRows: 100 });
  for (let i = 0; i < 10; i++) store.append('process_stats', processStatsBatch(T0 + BigInt(i * 100), 100));
  const snap = store.snapshot('process_stats', { startTime: T0 + 250n, endTime: T0 + 499n });
  assert.equal(snap.batches.map((b) => [b.minTime, b.maxTime]), [[T0 + 200n, T0 + 299n], [T0 + 300n, T0 + 399n], [T0 + 400n, T0 + 499n]]);
  assert.is(snap.numRows, 300);
  assert.is(store.snapshot('process_stats', { startTime: T0 + 1000n }).numRows, 0);
  assert.is(store.snapshot('process_stats', { endTime: T0 + 99n }).numRows, 100);
});

test('tracks exact min and max times of unsorted rows, beyond 2^53 and negative', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const b = processStatsBatch(0n, 4);
  const t = (b.columns[0] as { data: BigInt64Array }).data;
  t.set([9007199254740993n, -5n, 9007199254740995n, 9007199254740994n]);
  store.append('process_stats', b);
  const [only] = store.snapshot('process_stats').batches;
  assert.is(only!.minTime, -5n);
  assert.is(only!.maxTime, 9007199254740995n);
});

test('accounts strings as their length plus a per-value overhead', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  store.appendRows('proc_exit_events', [
    [T0, { high: 1n, low: 2n }, 0n, 9n, 'abc'],
    [T0 + 1n, { high: 1n, low: 2n }, 1n, 0n, ''],
  ]);
  const s = stat(store, 'proc_exit_events');
  assert.is(s.rows, 2);
  assert.is(s.bytes, 2 * (8 + 16 + 8 + 8) + 3 + 2 * STRING_VALUE_OVERHEAD);
  const snap = store.snapshot('proc_exit_events');
  const comm = snap.batches[0]!.columns[4]!;
  assert.equal(comm.type === DataType.STRING ? comm.data : null, ['abc', '']);
});

test('adopts a whole batch without copying and keeps arrival order', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  store.append('process_stats', processStatsBatch(T0, 5));
  const big = processStatsBatch(T0 + 5n, 50);
  store.adopt('process_stats', big);
  const snap = store.snapshot('process_stats');
  assert.is(snap.batches.length, 2);
  assert.is(snap.batches[1]!.columns[0], big.columns[0]);
  assert.equal(times(snap.batches), Array.from({ length: 55 }, (_, i) => T0 + BigInt(i)));
});

test('rejects a batch of the wrong shape with a coded error naming the table', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  try {
    store.append('http_events', processStatsBatch(T0, 1));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, StoreError);
    assert.equal({ code: (e as StoreError).code, message: (e as StoreError).message, table: (e as StoreError).table },
      { code: 'ERR_STORE_BAD_BATCH', message: 'table http_events: batch has 13 columns, the table has 22', table: 'http_events' });
  }
  const bad = processStatsBatch(T0, 3);
  const cols = [...bad.columns];
  cols[3] = { type: DataType.FLOAT64, data: new Float64Array(3) };
  assert.throws(() => store.append('process_stats', { numRows: 3, columns: cols }), /column minor_faults has data type 4, expected 2/);
  assert.throws(() => store.append('process_stats', { numRows: 4, columns: bad.columns }), /column time_ has 3 values, the batch has 4 rows/);
});

test('rejects an unknown table and a conflicting redeclaration', () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  assert.throws(() => store.snapshot('nope'), (e: unknown) => e instanceof StoreError && e.code === 'ERR_STORE_UNKNOWN_TABLE' && e.message === 'unknown table "nope"');
  // The same relation again is accepted as a no-op.
  store.declareTable(parseTableDeclaration({ name: 'process_stats', columns: tableSchema('process_stats')!.map((c) => ({ name: c.name, type: dataTypeName(c.type) })) }, 'p.json'));
  assert.throws(() => store.declareTable(parseTableDeclaration({ name: 'process_stats', columns: [{ name: 'x', type: 'INT64' }] }, 'p.json')),
    (e: unknown) => e instanceof StoreError && e.code === 'ERR_STORE_TABLE_EXISTS' && e.message === 'table process_stats already exists with different columns');
  assert.is(store.tableNames().length, 19);
});

test('a budget smaller than one growing batch still holds', () => {
  const store = new TableStore({ dataLimitMiB: 1, httpEventsPercent: 100 });
  store.append('process_stats', processStatsBatch(T0, 100));
  const s = stat(store, 'process_stats');
  assert.equal([s.budgetBytes, s.bytes, s.rows, s.rowsEvicted], [0, 0, 0, 100]);
});

test.run();
