import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import { KeyEncoder } from '../../src/exec/keys.js';
import { StringDictionaryCache, stringDictionaryCache } from '../../src/exec/string-dict-cache.js';
import { col, info, values } from './fixtures.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { T0, httpRelation, resultRows, sink, source } from './plans.js';

/** Rows of a few distinct strings in a fixed, irregular order. */
function rows(n: number, distinct: number, salt = 0): string[] {
  return Array.from({ length: n }, (_, i) => `v${(i * 7 + salt + (i >> 3)) % distinct}`);
}

/** What a coder would write: codes into its values list, in first-seen order. */
function coderCodes(data: readonly string[]): { codes: Int32Array; vals: string[] } {
  const vals: string[] = [], at = new Map<string, number>();
  const codes = new Int32Array(data.length);
  data.forEach((s, i) => {
    let c = at.get(s);
    if (c === undefined) { c = vals.length; at.set(s, c); vals.push(s); }
    codes[i] = c;
  });
  return { codes, vals };
}

test('a column is kept from its second offer, with its values in first-seen order and codes that give back every row', () => {
  const cache = new StringDictionaryCache();
  const column = {};
  // The coder has met other strings first: its codes are not the column's own.
  const data = rows(400, 9);
  const coderVals = ['other', 'strings', ...new Set(data)];
  const codes = Int32Array.from(data, (s) => coderVals.indexOf(s));
  cache.offer(column, data.length, codes, coderVals);
  assert.is(cache.lookup(column, data.length), undefined, 'first offer only sights the column');
  cache.offer(column, data.length, codes, coderVals);
  const kept = cache.lookup(column, data.length);
  assert.ok(kept);
  assert.equal(kept.values, [...new Set(data)]);
  assert.ok(kept.codes instanceof Uint8Array);
  assert.equal(Array.from(kept.codes, (c) => kept.values[c]), data);
  assert.is(cache.bytes, 400 + 8 * 9);
  assert.is(cache.lookup(column, 399), undefined, 'another row count is another question');
  assert.is(cache.hits, 1);
});

test('columns with many distinct values take 16-bit codes; too many for a dictionary to pay off are not kept', () => {
  const cache = new StringDictionaryCache();
  const wide = {}, unique = {};
  const w = coderCodes(rows(4000, 300));
  cache.offer(wide, 4000, w.codes, w.vals);
  cache.offer(wide, 4000, w.codes, w.vals);
  const kept = cache.lookup(wide, 4000);
  assert.ok(kept?.codes instanceof Uint16Array);
  assert.equal(Array.from(kept.codes, (c) => kept.values[c]), rows(4000, 300));
  // A quarter of the rows distinct: the coder would not use the dictionary (dictionaryTable).
  const u = coderCodes(rows(400, 100));
  cache.offer(unique, 400, u.codes, u.vals);
  cache.offer(unique, 400, u.codes, u.vals);
  assert.is(cache.lookup(unique, 400), undefined);
  // The scratch used while building is clean for the next column.
  const again = {};
  const a = coderCodes(rows(64, 3, 5));
  cache.offer(again, 64, a.codes, a.vals);
  cache.offer(again, 64, a.codes, a.vals);
  const k3 = cache.lookup(again, 64);
  assert.equal(Array.from(k3!.codes, (c) => k3!.values[c]), rows(64, 3, 5));
});

test('the byte limit evicts the least recently used dictionary and never holds more', () => {
  const one = coderCodes(rows(1000, 4));
  const size = 1000 + 8 * 4;
  const cache = new StringDictionaryCache(2 * size + 10);
  const [a, b, c] = [{}, {}, {}];
  for (const k of [a, b]) { cache.offer(k, 1000, one.codes, one.vals); cache.offer(k, 1000, one.codes, one.vals); }
  assert.is(cache.bytes, 2 * size);
  assert.ok(cache.lookup(a, 1000), 'a is now the most recently used');
  cache.offer(c, 1000, one.codes, one.vals);
  cache.offer(c, 1000, one.codes, one.vals);
  assert.is(cache.bytes, 2 * size);
  assert.is(cache.lookup(b, 1000), undefined, 'b was least recently used');
  assert.ok(cache.lookup(a, 1000));
  assert.ok(cache.lookup(c, 1000));
  // An evicted column is kept again the next time it is offered.
  cache.offer(b, 1000, one.codes, one.vals);
  assert.ok(cache.lookup(b, 1000));
  assert.ok(cache.bytes <= 2 * size + 10);
  // A dictionary larger than the whole limit is never kept.
  const small = new StringDictionaryCache(100);
  const big = {};
  small.offer(big, 1000, one.codes, one.vals);
  small.offer(big, 1000, one.codes, one.vals);
  assert.is(small.lookup(big, 1000), undefined);
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
  const before = stringDictionaryCache.hits;
  const first = fresh(); // sights the column
  const second = fresh(); // keeps its dictionary
  assert.is(stringDictionaryCache.hits, before);
  const third = fresh(); // reads it
  assert.is(stringDictionaryCache.hits, before + 1);
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
  assert.is(stringDictionaryCache.hits, before + 3);
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
  const before = stringDictionaryCache.hits;
  assert.equal(await run(), expected);
  assert.equal(await run(), expected);
  assert.is(stringDictionaryCache.hits, before, 'kept on the second run, not read yet');
  assert.equal(await run(), expected);
  assert.ok(stringDictionaryCache.hits >= before + 3, 'each of the three 1000-row batches read its dictionary');
});

test.run();
