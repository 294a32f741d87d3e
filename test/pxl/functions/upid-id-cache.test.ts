import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import type { Column, UInt128Column } from '../../../src/types/index.js';
import type { MetadataState } from '../../../src/metadata/api.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { upidHigh } from '../../../src/metadata/api.js';
import { dictionaryOf } from '../../../src/pxl/functions/kernel.js';
import { UpidIdCache } from '../../../src/pxl/functions/upid-id-cache.js';
import { UpidIds } from '../../../src/pxl/functions/upid-ids.js';
import { c, col, values } from '../../exec/fixtures.js';
import { registry } from './helpers.js';

const u = (pid: number, low = 1n): [bigint, bigint] => [upidHigh(3, pid), low];
const u128 = (rows: [bigint, bigint][]): UInt128Column => col.u128(rows) as UInt128Column;

/** A table that counts the encode() calls that reach it. */
function countingTable(): { table: UpidIds; calls: () => number } {
  const table = new UpidIds();
  const encode = table.encode.bind(table);
  let n = 0;
  table.encode = (cl, rows, out) => { n++; return encode(cl, rows, out); };
  return { table, calls: () => n };
}

/** cache.encode over all rows of `cl`: [distinct ids, per-row ids]. */
function enc(cache: UpidIdCache, table: UpidIds, cl: UInt128Column): [number[], number[]] {
  const out = new Int32Array(cl.high.length).fill(-9);
  const present = cache.encode(table, cl, cl.high.length, out);
  return [[...present], Array.from(out)];
}

test('keeps a column\'s ids from its second encode on and serves the same ids and distinct ids', () => {
  const cache = new UpidIdCache(1000);
  const { table, calls } = countingTable();
  const a = u128([u(1), u(2), u(1), u(3), u(2, 9n)]);
  const want: [number[], number[]] = [[0, 1, 2, 3], [0, 1, 0, 2, 3]];
  assert.equal(enc(cache, table, a), want);
  assert.is(cache.bytes, 0);
  assert.equal(enc(cache, table, a), want);
  assert.is(cache.bytes, 5 * 2 + 4 * 8, 'two bytes per row, a row count per distinct id');
  assert.equal(enc(cache, table, a), want);
  assert.equal(enc(cache, table, a), want);
  assert.is(calls(), 2);
});

test('another table misses and the ids are kept again under it; other columns are encoded', () => {
  const cache = new UpidIdCache(1000);
  const first = countingTable(), second = countingTable();
  const a = u128([u(5), u(6), u(5)]);
  const b = u128([u(6), u(5)]);
  enc(cache, first.table, a);
  enc(cache, first.table, a);
  // A new table (a metadata generation change, or the old one full) numbers upids afresh.
  assert.equal(enc(cache, second.table, b), [[0, 1], [0, 1]]);
  assert.equal(enc(cache, second.table, a), [[1, 0], [1, 0, 1]]);
  assert.equal(enc(cache, second.table, a), [[1, 0], [1, 0, 1]]);
  assert.is(second.calls(), 2);
  // Equal contents in another column object are not the kept column.
  assert.equal(enc(cache, first.table, u128([u(5), u(6), u(5)])), [[0, 1], [0, 1, 0]]);
  assert.is(first.calls(), 3);
  assert.is(cache.bytes, 3 * 2 + 2 * 8);
});

test('evicts the least recently used ids beyond its byte limit and keeps nothing larger than it', () => {
  // Entries: a and b 3 * 2 + 2 * 8 = 22 bytes each, d (three distinct ids) 30.
  const cache = new UpidIdCache(52);
  const { table, calls } = countingTable();
  const [a, b, d] = [u128([u(1), u(2), u(1)]), u128([u(2), u(2), u(3)]), u128([u(3), u(1), u(4)])];
  for (const x of [a, b, a, b]) enc(cache, table, x);
  assert.is(cache.bytes, 44);
  assert.equal(enc(cache, table, a), [[0, 1], [0, 1, 0]]); // a is now the most recent
  enc(cache, table, d);
  enc(cache, table, d); // kept: b goes
  assert.is(cache.bytes, 52);
  assert.is(calls(), 6);
  assert.equal(enc(cache, table, a), [[0, 1], [0, 1, 0]]);
  assert.equal(enc(cache, table, d), [[2, 0, 3], [2, 0, 3]]);
  assert.is(calls(), 6);
  assert.equal(enc(cache, table, b), [[1, 2], [1, 1, 2]]);
  assert.is(calls(), 7);
  const big = u128(Array.from({ length: 7 }, (_, i) => u(i)));
  enc(cache, table, big);
  enc(cache, table, big); // 7 * 2 + 7 * 8 = 70 bytes: over the limit, never kept
  assert.is(cache.bytes, 52);
  assert.is(calls(), 9);
});

test('kept ids come with each distinct id\'s row count; encodes that reach the table give none', () => {
  const cache = new UpidIdCache(1000);
  const { table } = countingTable();
  const a = u128([u(1), u(2), u(1), u(3), u(1), u(2)]);
  const out = new Int32Array(6);
  const first = cache.encodeCounted(table, a, 6, out);
  assert.equal([...first.present], [0, 1, 2]);
  assert.is(first.rows, undefined);
  assert.is(cache.encodeCounted(table, a, 6, out).rows, undefined, 'the second encode keeps the ids');
  const kept = cache.encodeCounted(table, a, 6, out);
  assert.equal([...kept.present], [0, 1, 2]);
  assert.equal(Array.from(kept.rows!), [3, 2, 1]);
  assert.equal(Array.from(kept.ids!), [0, 1, 0, 2, 0, 1]);
  // Without the copy, `out` is left alone and the kept ids are the answer.
  const untouched = new Int32Array(6).fill(-7);
  const noCopy = cache.encodeCounted(table, a, 6, untouched, false);
  assert.equal(Array.from(untouched), [-7, -7, -7, -7, -7, -7]);
  assert.equal(Array.from(noCopy.ids!), [0, 1, 0, 2, 0, 1]);
  // The counting scratch is clean for the next column.
  const b = u128([u(3), u(3), u(2)]);
  for (let i = 0; i < 2; i++) cache.encodeCounted(table, b, 3, out);
  const kb = cache.encodeCounted(table, b, 3, out);
  assert.equal([...kb.present], [2, 1]);
  assert.equal(Array.from(kb.rows!), [2, 1]);
});

test('ids past 16 bits are not kept; empty columns keep nothing', () => {
  const cache = new UpidIdCache(1 << 20);
  const { table, calls } = countingTable();
  const n = (1 << 16) + 1;
  const many = u128(Array.from({ length: n }, (_, i) => u(i)));
  const [, first] = enc(cache, table, many);
  const [, again] = enc(cache, table, many);
  assert.is(again[n - 1], 1 << 16);
  assert.equal(again, first);
  assert.is(cache.bytes, 0);
  const empty = u128([]);
  for (let i = 0; i < 3; i++) assert.equal(enc(cache, table, empty), [[], []]);
  assert.is(cache.bytes, 0);
  assert.is(calls(), 5);
});

test('upid_to_pod_name over one stored column: the same answers per query, new ones after a generation change', () => {
  const state = metadataBuilder({ nodeName: 'n', asid: 3 })
    .pod({ name: 'web', namespace: 'default', containers: [{ id: 'c1', name: 'web' }] })
    .process({ pid: 42, startTicks: 1n, containerId: 'c1' })
    .build();
  let generation = 1, answer = 'default/web';
  const m = Object.create(state, {
    generation: { get: () => generation },
    upidToPodName: { value: (h: bigint) => (h === upidHigh(3, 42) ? answer : '') },
  }) as MetadataState;
  const stored = col.u128([u(42), u(7), u(42)]);
  const o = registry.resolveScalar('upid_to_pod_name', [T.UINT128])!;
  const names = (): Column => o.exec([c(stored)], 3, { metadata: m, hostname: 'h', numCpus: 1 });
  for (let q = 0; q < 3; q++) {
    const r = names();
    const d = dictionaryOf(r)!;
    // From the third query the ids are kept: 16-bit ids and row counts, 32-bit codes on demand.
    assert.is(d.codes16 !== undefined, q === 2, `kept ids on query ${q + 1}`);
    if (q === 2) {
      assert.equal(Array.from(d.codes16!), [0, 1, 0]);
      assert.equal(Array.from(d.presentRows!), [2, 1]);
      assert.equal(Array.from(d.codes), [0, 1, 0]);
    }
    assert.equal(values(r), ['default/web', '', 'default/web']);
    assert.equal(dictionaryOf(r)!.present, [0, 1]);
  }
  generation = 2;
  answer = 'default/web-2';
  for (let q = 0; q < 3; q++) assert.equal(values(names()), ['default/web-2', '', 'default/web-2']);
});

test('two metadata functions over one kept column, alternating: each query gets its own function\'s answers', () => {
  const state = metadataBuilder({ nodeName: 'n', asid: 3 })
    .pod({ name: 'web', namespace: 'default', containers: [{ id: 'c1', name: 'web' }] })
    .pod({ name: 'db', namespace: 'data', containers: [{ id: 'c2', name: 'db' }] })
    .service({ name: 'front', namespace: 'default', pods: ['default/web'] })
    .process({ pid: 42, startTicks: 1n, containerId: 'c1' })
    .process({ pid: 43, startTicks: 1n, containerId: 'c2' })
    .build();
  const stored = col.u128([u(42), u(43), u(42), u(7)]);
  const fn = (name: string): Column => registry.resolveScalar(name, [T.UINT128])!.exec([c(stored)], 4, { metadata: state, hostname: 'h', numCpus: 1 });
  for (let q = 0; q < 4; q++) {
    assert.equal(values(fn('upid_to_pod_name')), ['default/web', 'data/db', 'default/web', ''], `pod names, query ${q + 1}`);
    assert.equal(values(fn('upid_to_service_name')), ['default/front', '', 'default/front', ''], `services, query ${q + 1}`);
    assert.equal(values(fn('upid_to_namespace')), ['default', 'data', 'default', ''], `namespaces, query ${q + 1}`);
  }
});

test.run();
