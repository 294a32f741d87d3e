import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import { KeyEncoder } from '../../src/exec/keys.js';
import { KeyDictionaryCache, keyDictionaryCache } from '../../src/exec/key-dict-cache.js';
import { col, info, values } from './fixtures.js';
import type { Column } from '../../src/types/index.js';
import { gather } from '../../src/exec/columns.js';

const gatherAll = (c: Column, n: number): Column => gather(c, Array.from({ length: n }, (_, i) => i), n);
import type { PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { T0, httpRelation, resultRows, sink, source } from './plans.js';

/** Rows of a few distinct strings in a fixed, irregular order. */
function rows(n: number, distinct: number, salt = 0): string[] {
  return Array.from({ length: n }, (_, i) => `v${(i * 7 + salt + (i >> 3)) % distinct}`);
}

/** What a coder that has already met `before` other keys would write: codes in first-seen order after them. */
function coderCodes(data: readonly unknown[], before = 0): Int32Array {
  const at = new Map<unknown, number>();
  return Int32Array.from(data, (s) => {
    let c = at.get(s);
    if (c === undefined) { c = before + at.size; at.set(s, c); }
    return c;
  });
}

/** What a fresh coder does for dictionaryFor: dense codes in first-seen order for the first `m` rows, and its values. */
function freshCoder(c: Column, m: number, out: Int32Array): { size: number; values(): Column } {
  const codes = coderCodes(values(c).slice(0, m).map(String));
  out.set(codes);
  const firstRows: number[] = [];
  codes.forEach((k, i) => { if (k === firstRows.length) firstRows.push(i); });
  return { size: firstRows.length, values: () => gather(c, firstRows, firstRows.length) };
}

const decode = (k: { codes: ArrayLike<number>; values: Parameters<typeof values>[0] }): unknown[] => {
  const v = values(k.values);
  return Array.from(k.codes, (c) => v[c]);
};

test('a column is kept from its second offer, with its values in first-seen order and codes that give back every row', () => {
  const cache = new KeyDictionaryCache();
  const data = rows(400, 9);
  const column = col.str(data);
  const codes = coderCodes(data, 2);
  cache.offer(column, data.length, codes);
  assert.is(cache.lookup(column, data.length), undefined, 'first offer only sights the column');
  cache.offer(column, data.length, codes);
  const kept = cache.lookup(column, data.length);
  assert.ok(kept);
  assert.equal(values(kept.values), [...new Set(data)]);
  assert.is(kept.size, 9);
  assert.ok(kept.codes instanceof Uint8Array);
  assert.equal(decode(kept), data);
  assert.is(cache.bytes, 400 + 8 * 9);
  assert.is(cache.lookup(column, 399), undefined, 'another row count is another question');
  assert.is(cache.hits, 1);
  // Int64 and upid columns keep their exact values.
  const big = 2n ** 62n;
  const ints = col.int(data.map((s) => big + BigInt(s.length * 1000 + Number(s.slice(1)))));
  const upids = col.u128(data.map((s) => [big + 1n, BigInt(Number(s.slice(1)))] as [bigint, bigint]));
  for (const c of [ints, upids]) {
    const v = values(c);
    cache.offer(c, 400, coderCodes(v.map(String)));
    cache.offer(c, 400, coderCodes(v.map(String)));
    const k = cache.lookup(c, 400);
    assert.ok(k);
    assert.is(k.values.type, c.type);
    assert.equal(decode(k), v);
  }
  // Booleans are never kept.
  const flags = col.bool(data.map((s) => s === 'v1'));
  cache.offer(flags, 400, coderCodes(values(flags)));
  cache.offer(flags, 400, coderCodes(values(flags)));
  assert.is(cache.lookup(flags, 400), undefined);
});

test('columns with many distinct values take 16-bit codes; too many for a dictionary to pay off are not kept', () => {
  const cache = new KeyDictionaryCache();
  const wide = col.str(rows(4000, 300));
  const w = coderCodes(rows(4000, 300));
  cache.offer(wide, 4000, w);
  cache.offer(wide, 4000, w);
  const kept = cache.lookup(wide, 4000);
  assert.ok(kept?.codes instanceof Uint16Array);
  assert.equal(decode(kept), rows(4000, 300));
  // A quarter of the rows distinct: a dictionary would not pay off.
  const unique = col.str(rows(400, 100));
  const u = coderCodes(rows(400, 100), 7);
  cache.offer(unique, 400, u);
  cache.offer(unique, 400, u);
  assert.is(cache.lookup(unique, 400), undefined);
  // The scratch used while building is clean for the next column.
  const again = col.str(rows(64, 3, 5));
  const a = coderCodes(rows(64, 3, 5), 7);
  cache.offer(again, 64, a);
  cache.offer(again, 64, a);
  assert.equal(decode(cache.lookup(again, 64)!), rows(64, 3, 5));
});

test('the byte limit evicts the least recently used dictionary and never holds more', () => {
  const data = rows(1000, 4);
  const one = coderCodes(data);
  const size = 1000 + 8 * 4 + 4 * 4 * Math.ceil(1000 / 32); // codes, values, a bitmap per value
  const cache = new KeyDictionaryCache(2 * size + 10);
  const [a, b, c] = [col.str(data), col.str(data), col.str(data)];
  for (const k of [a, b]) { cache.offer(k, 1000, one); cache.offer(k, 1000, one); }
  assert.is(cache.bytes, 2 * size);
  assert.ok(cache.lookup(a, 1000), 'a is now the most recently used');
  cache.offer(c, 1000, one);
  cache.offer(c, 1000, one);
  assert.is(cache.bytes, 2 * size);
  assert.is(cache.lookup(b, 1000), undefined, 'b was least recently used');
  assert.ok(cache.lookup(a, 1000));
  assert.ok(cache.lookup(c, 1000));
  // An evicted column is kept again the next time it is offered.
  cache.offer(b, 1000, one);
  assert.ok(cache.lookup(b, 1000));
  assert.ok(cache.bytes <= 2 * size + 10);
  // A dictionary larger than the whole limit is never kept.
  const small = new KeyDictionaryCache(100);
  small.offer(a, 1000, one);
  small.offer(a, 1000, one);
  assert.is(small.lookup(a, 1000), undefined);
  assert.is(small.bytes, 0);
});

test('group ids from a kept dictionary equal the row path: same ids, same first-seen order, same keys', () => {
  const data = rows(5000, 13, 3);
  const stored = col.str(data);
  const fresh = (): { ids: number[]; keys: unknown[] } => {
    const enc = new KeyEncoder([T.STRING]);
    const out = new Int32Array(data.length);
    // A coder that has already met some of the strings, in another order.
    enc.encode([col.str(['v12', 'x', 'v0'])], 3, new Int32Array(3));
    enc.encode([stored], data.length, out);
    return { ids: Array.from(out), keys: values(enc.keyColumns()[0]!) };
  };
  const before = keyDictionaryCache.hits;
  const first = fresh(); // sights the column
  const second = fresh(); // keeps its dictionary
  assert.is(keyDictionaryCache.hits, before);
  const third = fresh(); // reads it
  assert.is(keyDictionaryCache.hits, before + 1);
  assert.equal(second, first);
  assert.equal(third, first);
  // Two keys (the kept column second) and probing without insert agree with a copy of the
  // column, which the cache has never met.
  const copy = (): ReturnType<typeof col.str> => col.str(data.slice());
  const pair = (c: ReturnType<typeof col.str>): number[] => {
    const enc = new KeyEncoder([T.INT64, T.STRING]);
    const out = new Int32Array(data.length);
    enc.encode([col.int(data.map((_, i) => BigInt(i % 3))), c], data.length, out);
    const probe = new Int32Array(data.length);
    const only = new KeyEncoder([T.STRING]);
    only.encode([col.str(['v1', 'v2'])], 2, new Int32Array(2));
    only.encode([c], data.length, probe, false);
    return [...out, ...probe];
  };
  assert.equal(pair(stored), pair(copy()));
  assert.is(keyDictionaryCache.hits, before + 3);
});

test('every key type, alone and as first or second of two keys, codes the same from a kept dictionary as on the row path', () => {
  const n = 3000;
  const pattern = rows(n, 17, 4).map((s) => Number(s.slice(1)));
  const big = 2n ** 63n - 20n;
  const stored: Record<string, Column> = {
    string: col.str(pattern.map((k) => `svc-${k}`)),
    int64: col.int(pattern.map((k) => big + BigInt(k))), // neighbours beyond 2^53
    time: col.time(pattern.map((k) => 1_700_000_000_000_000_000n + BigInt(k))),
    uint128: col.u128(pattern.map((k) => [2n ** 64n - 1n - BigInt(k % 2), BigInt(k)] as [bigint, bigint])),
    float64: { type: T.FLOAT64, data: Float64Array.from(pattern, (k) => k / 3) },
    // 300 distinct values: 16-bit codes.
    wide: col.str(pattern.map((k, i) => `w-${(k * 31 + i) % 300}`)),
  };
  const other = col.int(pattern.map((_, i) => BigInt(i % 5)));
  for (const [name, c] of Object.entries(stored)) {
    const encodeWith = (cols: Column[]): { ids: number[]; keys: unknown[][] } => {
      const enc = new KeyEncoder(cols.map((x) => x.type));
      const out = new Int32Array(n);
      enc.encode(cols, n, out);
      return { ids: Array.from(out), keys: enc.keyColumns().map(values) };
    };
    for (const cols of [[c], [c, other], [other, c]]) {
      const before = keyDictionaryCache.hits;
      const first = encodeWith(cols);
      const second = encodeWith(cols);
      const third = encodeWith(cols);
      assert.ok(keyDictionaryCache.hits > before, `${name}: the third encode read a kept dictionary`);
      assert.equal(second, first, name);
      assert.equal(third, first, name);
      // The same rows in a column the cache has never met.
      const copy = cols.map((x) => (x === c ? gatherAll(c, n) : x));
      assert.equal(encodeWith(copy), first, name);
    }
  }
});

test('a query repeated over the same stored batches gives the same groups, from the third run through kept dictionaries', async () => {
  const n = 3000;
  const services = rows(n, 11, 1);
  const batch = {
    numRows: n,
    columns: [
      col.time(services.map((_, i) => T0 + BigInt(i))),
      col.str(services),
      col.int(services.map((_, i) => BigInt(200 + (i % 4) * 100))),
      col.int(services.map((_, i) => BigInt(i % 97))),
    ],
  };
  // One provider: its batches (and their column objects) stay the same between queries.
  const provider = new MemoryTableProvider().add('http', httpRelation, [batch], 1000);
  const r = defaultRegistry();
  const out = [info('service', T.STRING), info('n', T.INT64), info('mx', T.INT64)];
  const nodes: PlanNode[] = [source(1), {
    id: 2, kind: 'agg', inputs: [1], relation: out, groups: [1],
    aggs: [
      { name: 'n', fn: r.resolveAggregate('count', [T.INT64])!.id, args: [3] },
      { name: 'mx', fn: r.resolveAggregate('max', [T.INT64])!.id, args: [3] },
    ],
  }, sink(3, 2, out)];
  const run = (): Promise<unknown[][]> => resultRows({ nodes, sinks: [3] }, { provider });
  const expected = [...new Set(services)].map((s) => {
    const idx = services.flatMap((x, i) => (x === s ? [i % 97] : []));
    return [s, BigInt(idx.length), BigInt(Math.max(...idx))];
  });
  const before = keyDictionaryCache.hits;
  assert.equal(await run(), expected);
  assert.equal(await run(), expected);
  assert.is(keyDictionaryCache.hits, before, 'kept on the second run, not read yet');
  assert.equal(await run(), expected);
  assert.ok(keyDictionaryCache.hits >= before + 3, 'each of the three 1000-row batches read its dictionary');
});


test('a reader without codes: built on a second query\'s request, refused for good on a probe of mostly distinct rows', () => {
  const cache = new KeyDictionaryCache();
  const n = 5000;
  const few = col.str(rows(n, 6));
  const distinct = col.int(Array.from({ length: n }, (_, i) => BigInt(i * 3)));
  const calls: number[] = [];
  const coder = (c: Column) => (out: Int32Array, m: number) => {
    calls.push(m);
    return freshCoder(c, m, out);
  };
  const q1 = {}, q2 = {};
  assert.is(cache.dictionaryFor(few, n, coder(few), q1), undefined, 'first request: sighted');
  assert.is(cache.dictionaryFor(few, n, coder(few), q1), undefined, 'the same query again: still one sighting');
  assert.equal(calls, []);
  const kept = cache.dictionaryFor(few, n, coder(few), q2);
  assert.ok(kept);
  assert.equal(decode(kept), values(few));
  assert.equal(calls, [1024, n], 'a probe of the first rows, then every row');
  assert.ok(cache.dictionaryFor(few, n, coder(few), {}) === kept);
  // Mostly distinct: refused on the probe, and never coded again.
  calls.length = 0;
  cache.dictionaryFor(distinct, n, coder(distinct), q1);
  for (const q of [q2, {}, {}]) assert.is(cache.dictionaryFor(distinct, n, coder(distinct), q), undefined);
  assert.equal(calls, [1024]);
  // Short columns skip the probe; too many distinct values overall are refused after one full pass.
  const short = col.int(Array.from({ length: 600 }, (_, i) => BigInt(i % 200)));
  calls.length = 0;
  for (const q of [q1, q2, {}]) assert.is(cache.dictionaryFor(short, 600, coder(short), q), undefined);
  assert.equal(calls, [600]);
  // A key coder's offers skip a refused column too.
  cache.offer(short, 600, coderCodes(values(short).map(String)));
  assert.is(cache.lookup(short, 600), undefined);
});


test('dictionaries of up to 8 values keep a row bitmap per value; an evicted one is not rebuilt for a reader without codes', () => {
  const cache = new KeyDictionaryCache();
  for (const [distinct, n] of [[1, 70], [8, 1000], [8, 1024], [9, 1000]] as const) {
    const c = col.str(rows(n, distinct));
    const codes = coderCodes(values(c).map(String));
    cache.offer(c, n, codes);
    cache.offer(c, n, codes);
    const kept = cache.lookup(c, n)!;
    if (distinct > 8) { assert.is(kept.bits, undefined); continue; }
    const words = Math.ceil(n / 32);
    assert.is(kept.bits!.length, distinct * words);
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < distinct; v++) {
        const set = (kept.bits![v * words + (i >> 5)]! >>> (i & 31)) & 1;
        assert.is(set, kept.codes[i] === v ? 1 : 0, `row ${i}, value ${v}`);
      }
    }
  }
  // Eviction: a column asked for by readers without codes is not coded again once evicted.
  const data = rows(2000, 3);
  const entry = 2000 + 8 * 3 + 3 * 4 * Math.ceil(2000 / 32);
  const small = new KeyDictionaryCache(entry + 100);
  const [a, b] = [col.str(data), col.str(data)];
  let coded = 0;
  const encode = (c: Column) => (out: Int32Array, m: number) => {
    coded++;
    return freshCoder(c, m, out);
  };
  for (const q of [{}, {}]) small.dictionaryFor(a, 2000, encode(a), q);
  assert.ok(small.lookup(a, 2000));
  for (const q of [{}, {}]) small.dictionaryFor(b, 2000, encode(b), q);
  assert.ok(small.lookup(b, 2000));
  assert.is(small.lookup(a, 2000), undefined, 'a made room for b');
  const before = coded;
  for (const q of [{}, {}, {}]) assert.is(small.dictionaryFor(a, 2000, encode(a), q), undefined);
  assert.is(coded, before, 'a is not coded again');
  assert.ok(small.lookup(b, 2000), 'b stays kept');
});

test.run();
