import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import type { Column } from '../../../src/types/index.js';
import type { MetadataState } from '../../../src/metadata/api.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { upidHigh } from '../../../src/metadata/api.js';
import { dictionaryOf } from '../../../src/pxl/functions/kernel.js';
import { MAX_UPID_IDS, UpidIds, upidTables } from '../../../src/pxl/functions/upid-ids.js';
import { c, col, values } from '../../exec/fixtures.js';
import { registry } from './helpers.js';

const state = metadataBuilder({ nodeName: 'node-1', asid: 7 })
  .pod({ name: 'web-1', namespace: 'default', containers: [{ id: 'c1', name: 'web' }] })
  .pod({ name: 'db-1', namespace: 'data', containers: [{ id: 'c2', name: 'db' }] })
  .process({ pid: 42, startTicks: 1000n, containerId: 'c1' })
  .process({ pid: 43, startTicks: 2000n, containerId: 'c2' })
  .build();
const web: [bigint, bigint] = [upidHigh(7, 42), 1000n];
const db: [bigint, bigint] = [upidHigh(7, 43), 2000n];
const unknown: [bigint, bigint] = [upidHigh(7, 99), 5n];

function podNames(m: MetadataState, rows: [bigint, bigint][]): Column {
  const o = registry.resolveScalar('upid_to_pod_name', [T.UINT128])!;
  return o.exec([c(col.u128(rows))], rows.length, { metadata: m, hostname: 'h', numCpus: 1 });
}

test('a batch dictionary lists only the answers of its own upids, though ids carry over', () => {
  const m = Object.create(state, { generation: { value: 1 }, upidToPodName: { value: state.upidToPodName.bind(state) } }) as MetadataState;
  const a = podNames(m, [web, db, web]);
  const b = podNames(m, [db, unknown, db]);
  assert.equal(values(a), ['default/web-1', 'data/db-1', 'default/web-1']);
  assert.equal(values(b), ['data/db-1', '', 'data/db-1']);
  assert.equal(dictionaryOf(a)!.values, ['default/web-1', 'data/db-1']);
  assert.equal(dictionaryOf(b)!.values, ['data/db-1', '']);
  assert.equal(Array.from(dictionaryOf(b)!.codes), [1, 2, 1]);
  assert.is(upidTables(m).ids.size, 3);
});

test('answers are resolved once per generation and again after the state changes', () => {
  let generation = 1, calls = 0, answer = 'ns/a';
  const m = Object.create(state, {
    generation: { get: () => generation },
    upidToPodName: { value: () => { calls++; return answer; } },
  }) as MetadataState;
  assert.equal(values(podNames(m, [web, web])), ['ns/a', 'ns/a']);
  assert.equal(values(podNames(m, [web])), ['ns/a']);
  assert.is(calls, 1);
  generation = 2;
  answer = 'ns/b';
  assert.equal(values(podNames(m, [web])), ['ns/b']);
  assert.is(calls, 2);
});

test('ids list each distinct upid once, in first-seen order, and start over past the cap', () => {
  const ids = new UpidIds();
  const out = new Int32Array(4);
  const rows = col.u128([db, web, db, unknown]) as Extract<Column, { type: typeof T.UINT128 }>;
  assert.equal(ids.encode(rows, 4, out), [0, 1, 2]);
  assert.equal(Array.from(out), [0, 1, 0, 2]);
  assert.equal(ids.encode(rows, 2, out), [0, 1]);
  assert.equal([ids.highs, ids.lows], [[db[0], web[0], unknown[0]], [db[1], web[1], unknown[1]]]);

  const m = Object.create(state, { generation: { value: 5 }, upidToPodName: { value: () => 'p' } }) as MetadataState;
  const n = MAX_UPID_IDS + 2;
  const many = Array.from({ length: n }, (_, i): [bigint, bigint] => [upidHigh(1, i), BigInt(i)]);
  assert.equal(dictionaryOf(podNames(m, many))!.values, ['p']);
  assert.is(upidTables(m).ids.size, 0);
});

test('upids sharing a front-cache slot keep their own ids, within a batch and across batches', () => {
  const ids = new UpidIds();
  // All share slot (pid ^ low word) & 1023 = 4: different pids, asids or high words of `low`.
  const x: [bigint, bigint] = [upidHigh(0, 5), 1n];
  const y: [bigint, bigint] = [upidHigh(0, 1029), 1n];
  const z: [bigint, bigint] = [upidHigh(9, 5), 1n];
  const w: [bigint, bigint] = [upidHigh(0, 5), (1n << 40n) | 1n];
  const enc = (rows: [bigint, bigint][]): [number[], number[]] => {
    const out = new Int32Array(rows.length);
    const present = ids.encode(col.u128(rows) as Extract<Column, { type: typeof T.UINT128 }>, rows.length, out);
    return [present, Array.from(out)];
  };
  assert.equal(enc([x, y, x, z, y, w, x]), [[0, 1, 2, 3], [0, 1, 0, 2, 1, 3, 0]]);
  assert.equal(enc([y, y]), [[1], [1, 1]]);
  assert.equal(enc([w, z, x, z, w]), [[3, 2, 0], [3, 2, 0, 2, 3]]);
  assert.equal(enc([]), [[], []]);
  assert.equal(ids.highs, [x[0], y[0], z[0], w[0]]);
  assert.equal(ids.lows, [x[1], y[1], z[1], w[1]]);
});

test('every row gets the id of its own 128 bits: odd and even lengths, pairs broken at either row', () => {
  const ids = new UpidIds();
  // 0-4 share a front-cache slot and differ from 0 in one 32-bit word each (a, b, c, d).
  const pool: [bigint, bigint][] = [
    [upidHigh(0, 5), 1n], [upidHigh(0, 1029), 1n], [upidHigh(9, 5), 1n], [upidHigh(0, 5), (1n << 20n) | 1n],
    [upidHigh(0, 5), (1n << 40n) | 1n], [upidHigh(0, 4), 0n], [upidHigh(0, 6), 2n], [upidHigh(2, 70), 99n],
  ];
  const seqs = [[], [0], [0, 4], [0, 0, 4, 4, 0, 4, 4, 0, 0], [0, 3, 0, 3, 3], [0, 2, 2, 0, 0, 2], [1, 0, 0, 1, 1, 0, 7]];
  let x = 12345;
  for (const n of [3, 8, 64, 101]) {
    seqs.push(Array.from({ length: n }, () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % pool.length; }));
  }
  const want = new Map<string, number>();
  for (const seq of seqs) {
    const rows = seq.map((k) => pool[k]!);
    const out = new Int32Array(rows.length).fill(-1);
    const present = ids.encode(col.u128(rows) as Extract<Column, { type: typeof T.UINT128 }>, rows.length, out);
    const expect = rows.map(([h, l]) => {
      const key = `${h},${l}`;
      if (!want.has(key)) want.set(key, want.size);
      return want.get(key)!;
    });
    assert.equal(Array.from(out), expect);
    assert.equal(present, [...new Set(expect)]);
  }
});

test.run();
