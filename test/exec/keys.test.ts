import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import { KeyEncoder } from '../../src/exec/keys.js';
import { col, values } from './fixtures.js';
import { mulberry32 } from '../helpers/rng.js';

test('combines two keys densely and keeps ids stable across batches', () => {
  const enc = new KeyEncoder([T.STRING, T.INT64]);
  const out = new Int32Array(4);
  enc.encode([col.str(['a', 'b', 'a', 'a']), col.int([1n, 1n, 2n, 1n])], 4, out);
  assert.equal(Array.from(out), [0, 1, 2, 0]);
  enc.encode([col.str(['c', 'a', 'b', 'b']), col.int([9n, 2n, 1n, 3n])], 4, out);
  assert.equal(Array.from(out), [3, 2, 1, 4]);
  assert.equal(enc.keyColumns().map(values), [['a', 'b', 'a', 'c', 'b'], [1n, 1n, 2n, 9n, 3n]]);
});

test('falls back from the dense table to a map when the key space grows large, without losing ids', () => {
  const enc = new KeyEncoder([T.INT64, T.INT64]);
  const n = 5000;
  const a = col.int(Array.from({ length: n }, (_, i) => BigInt(i)));
  const b = col.int(Array.from({ length: n }, (_, i) => BigInt(n - i)));
  const out = new Int32Array(n);
  enc.encode([a, b], n, out);
  assert.is(enc.size, n);
  const again = new Int32Array(n);
  enc.encode([a, b], n, again);
  assert.equal(Array.from(again), Array.from(out));
  const keys = enc.keyColumns().map(values);
  assert.equal([keys[0]![4999], keys[1]![4999]], [4999n, 1n]);
});

test('probing without insert marks unseen keys as -1', () => {
  const enc = new KeyEncoder([T.STRING, T.BOOLEAN]);
  const out = new Int32Array(2);
  enc.encode([col.str(['x', 'y']), col.bool([true, false])], 2, out);
  const probe = new Int32Array(3);
  enc.encode([col.str(['x', 'x', 'z']), col.bool([true, false, true])], 3, probe, false);
  assert.equal(Array.from(probe), [0, -1, -1]);
});

test('upid keys hit the front cache and stay exact when cache slots collide', () => {
  const enc = new KeyEncoder([T.UINT128]);
  // 1 and 1025 share a front-cache slot; both must keep their own ids.
  const u = col.u128([[1n, 0n], [1025n, 0n], [1n, 0n], [1025n, 0n], [1n, 2n ** 63n]]);
  const out = new Int32Array(5);
  enc.encode([u], 5, out);
  assert.equal(Array.from(out), [0, 1, 0, 1, 2]);
  const probe = new Int32Array(2);
  enc.encode([col.u128([[1025n, 0n], [7n, 7n]])], 2, probe, false);
  assert.equal(Array.from(probe), [1, -1]);
  assert.equal(values(enc.keyColumns()[0]!), [[1n, 0n], [1025n, 0n], [1n, 2n ** 63n]]);
});

test('runs of equal int64 keys, long and short, share their code; unseen runs stay -1 when probing', () => {
  const enc = new KeyEncoder([T.TIME64NS]);
  const keys = [...Array(12).fill(7n), 8n, 8n, 7n, -(2n ** 63n), ...Array(10).fill(2n ** 32n), 7n];
  const out = new Int32Array(keys.length);
  enc.encode([col.time(keys)], keys.length, out);
  assert.equal(Array.from(out), [...Array(12).fill(0), 1, 1, 0, 2, ...Array(10).fill(3), 0]);
  const probe = [...Array(9).fill(5n), 8n, 1n];
  enc.encode([col.time(probe)], probe.length, out, false);
  assert.equal(Array.from(out.subarray(0, probe.length)), [...Array(9).fill(-1), 1, -1]);
  assert.equal(enc.keyColumns().map(values), [[7n, 8n, -(2n ** 63n), 2n ** 32n]]);
});

test('a dictionary-encoded second key combines through its table in one pass: same ids as plain strings', async () => {
  const { dictionaryColumn } = await import('../../src/pxl/functions/kernel.js');
  const n = 400;
  const words = ['x', 'y', 'z', 'w'];
  const pick = (b: number, i: number): number => (i * 7 + b * 3 + (i >> 5)) % 4;
  const bins = (b: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(b * 2 + (i >> 7)));
  const plain = new KeyEncoder([T.INT64, T.STRING]);
  const viaDict = new KeyEncoder([T.INT64, T.STRING]);
  for (let b = 0; b < 4; b++) {
    const idx = Array.from({ length: n }, (_, i) => pick(b, i));
    // Dictionary with a second level (rows hold indices into `map`), values in a batch-specific order.
    const order = b % 2 === 0 ? words : [...words].reverse();
    const dict = dictionaryColumn({
      codes: Int32Array.from(idx.map((k) => k)),
      map: Int32Array.from(words.map((wd) => order.indexOf(wd))),
      values: order,
    });
    const o1 = new Int32Array(n), o2 = new Int32Array(n);
    plain.encode([col.int(bins(b)), col.str(idx.map((k) => words[k]!))], n, o1);
    viaDict.encode([col.int(bins(b)), dict], n, o2);
    assert.equal(Array.from(o2), Array.from(o1), `batch ${b}`);
  }
  assert.equal(viaDict.keyColumns().map(values), plain.keyColumns().map(values));
  // Probing (no insert): a value the encoder never saw stays -1, known pairs keep their ids.
  const probe = dictionaryColumn({ codes: Int32Array.from({ length: n }, (_, i) => i % 2), values: ['x', 'never'] });
  const out = new Int32Array(n);
  viaDict.encode([col.int(Array.from({ length: n }, () => 0n)), probe], n, out, false);
  const expectX = new Int32Array(1);
  plain.encode([col.int([0n]), col.str(['x'])], 1, expectX, false);
  assert.equal([out[0], out[1], out[2], out[3]], [expectX[0], -1, expectX[0], -1]);
});

test('a dictionary second key keeps its ids when the dense table gives way to a map', async () => {
  const { dictionaryColumn } = await import('../../src/pxl/functions/kernel.js');
  const n = 5000;
  const enc = new KeyEncoder([T.INT64, T.STRING]);
  const ref = new KeyEncoder([T.INT64, T.STRING]);
  const vals = Array.from({ length: 600 }, (_, k) => `s${k}`);
  const codes = Int32Array.from({ length: n }, (_, i) => (i * 13) % 600);
  const first = col.int(Array.from({ length: n }, (_, i) => BigInt(i % 4500) * 1000n));
  const o1 = new Int32Array(n), o2 = new Int32Array(n);
  enc.encode([first, dictionaryColumn({ codes, values: vals })], n, o1);
  ref.encode([first, col.str(Array.from(codes, (k) => vals[k]!))], n, o2);
  assert.equal(Array.from(o1), Array.from(o2));
  assert.is(enc.size, ref.size);
  assert.is((enc as unknown as { stages: { map?: Map<number, number> }[] }).stages[0]!.map !== undefined, true, 'the dense table gave way');
  enc.encode([first, dictionaryColumn({ codes, values: vals })], n, o1);
  assert.equal(Array.from(o1), Array.from(o2), 'ids stable on the map path');
});

test('time-bin runs × a dictionary key: one resolve per code and run, same ids as the general path', async () => {
  const { dictionaryColumn, recordRuns } = await import('../../src/pxl/functions/kernel.js');
  const n = 300;
  const words = ['a', 'b', 'c'];
  const fast = new KeyEncoder([T.TIME64NS, T.STRING]);
  const slow = new KeyEncoder([T.TIME64NS, T.STRING]);
  // Runs of 100, 150 and 50 rows; the middle bin repeats the first one (runs need not be maximal).
  const binOf = (b: number, i: number): bigint => BigInt(b) * 10n + (i < 100 ? 0n : i < 250 ? 1n : 0n);
  for (let b = 0; b < 3; b++) {
    const idx = Array.from({ length: n }, (_, i) => (i * 5 + b) % 3 === 0 ? 0 : (i % 7 === 0 ? 2 : 1));
    const time = col.time(Array.from({ length: n }, (_, i) => binOf(b, i)));
    const runsCol = col.time(Array.from({ length: n }, (_, i) => binOf(b, i)));
    recordRuns(runsCol, Int32Array.from([0, 100, 250]));
    const dict = dictionaryColumn({ codes: Int32Array.from(idx), values: words });
    const o1 = new Int32Array(n), o2 = new Int32Array(n);
    fast.encode([runsCol, dict], n, o1);
    slow.encode([time, col.str(idx.map((k) => words[k]!))], n, o2);
    assert.equal(Array.from(o1), Array.from(o2), `batch ${b}`);
  }
  assert.equal(fast.keyColumns().map(values), slow.keyColumns().map(values));
  // Probing: an unseen bin gives −1 for its whole run; an unseen string −1 for its rows.
  const probeTime = col.time(Array.from({ length: n }, (_, i) => (i < 150 ? 0n : 999n)));
  recordRuns(probeTime, Int32Array.from([0, 150]));
  const probe = dictionaryColumn({ codes: Int32Array.from({ length: n }, (_, i) => i % 2), values: ['a', 'zzz'] });
  const out = new Int32Array(n);
  fast.encode([probeTime, probe], n, out, false);
  const ref = new Int32Array(n);
  slow.encode([col.time(Array.from({ length: n }, (_, i) => (i < 150 ? 0n : 999n))), col.str(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'zzz')))], n, ref, false);
  assert.equal(Array.from(out), Array.from(ref));
  assert.ok(out[0]! >= 0 && out[1] === -1 && out[200] === -1);
});


test('int64 and time keys: exact first-seen codes through table growth, for values a double cannot tell apart', () => {
  const r = mulberry32(20261204);
  const big = 2n ** 53n;
  // Neighbours beyond 2^53 (one double), halves that differ only high or only low, the
  // extremes, repeats in runs and scattered, many distinct values (several regrowths).
  const pool: bigint[] = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 1n, big, big + 1n, big + 2n, -big - 1n, 2n ** 32n, 2n ** 32n + 1n, 1n << 40n, (1n << 40n) + (1n << 32n)];
  for (let i = 0; i < 3000; i++) pool.push(BigInt.asIntN(64, (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32))));
  for (const type of [T.INT64, T.TIME64NS] as const) {
    const enc = new KeyEncoder([type]);
    const seen = new Map<bigint, number>();
    for (let batch = 0; batch < 4; batch++) {
      const n = 4000;
      const vals: bigint[] = [];
      while (vals.length < n) {
        const v = pool[Math.floor(r() * (batch + 1) * pool.length / 4)]!;
        const run = r() < 0.1 ? 1 + Math.floor(r() * 20) : 1;
        for (let k = 0; k < run && vals.length < n; k++) vals.push(v);
      }
      const column = type === T.INT64 ? col.int(vals) : col.time(vals);
      const out = new Int32Array(n);
      enc.encode([column], n, out);
      const expected = vals.map((v) => {
        let c = seen.get(v);
        if (c === undefined) { c = seen.size; seen.set(v, c); }
        return c;
      });
      assert.equal(Array.from(out), expected, `${type}: batch ${batch}`);
      // Probing without insert: known values keep their codes, unknown ones are -1.
      const probe = [...vals.slice(0, 50), 123456789n, big + 3n];
      const got = new Int32Array(probe.length);
      enc.encode([type === T.INT64 ? col.int(probe) : col.time(probe)], probe.length, got, false);
      assert.equal(Array.from(got), probe.map((v) => seen.get(v) ?? -1));
    }
    assert.equal(values(enc.keyColumns()[0]!), [...seen.keys()]);
  }
});

test.run();
