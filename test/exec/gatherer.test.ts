// The filter's row copier: selected rows of input batches into fixed-capacity output batches,
// for every column type, across capacity and batch edges, with and without a buffer pool.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { DataType, RowBatch } from '../../src/types/index.js';
import { BatchGatherer } from '../../src/exec/gatherer.js';
import { BufferPool } from '../../src/pxl/functions/buffers.js';
import { batch, batchOfRows, col, exact, rows } from './fixtures.js';
import { keptDictionary } from '../../src/exec/keys.js';
import { keyDictionaryCache } from '../../src/exec/key-dict-cache.js';
import { dictionaryOf } from '../../src/pxl/functions/kernel.js';
import { ResultBufferPool } from '../../src/exec/result-buffers.js';

const TYPES: DataType[] = [T.BOOLEAN, T.INT64, T.TIME64NS, T.FLOAT64, T.STRING, T.UINT128];
const U64_MAX = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n), I64_MAX = 2n ** 63n - 1n;

/**
 * Row r of a batch of every column type (r ≥ 0), with edge values: int64 extremes and words
 * whose bits are float64 NaNs (−1), float NaN / −0 / ±Infinity / denormals, empty and
 * non-ASCII strings, uint128 halves at 0 and 2^64 − 1.
 */
function row(r: number): unknown[] {
  const ints = [I64_MIN, I64_MAX, -1n, 0n, BigInt(r) * 1_000_003n - 7n];
  const floats = [NaN, -0, Infinity, -Infinity, 5e-324, r + 0.25];
  const strs = ['', 'é/ü', `/p${r}`, ''];
  return [
    r % 3 === 0,
    ints[r % ints.length]!,
    1_700_000_000_000_000_000n + BigInt(r),
    floats[r % floats.length]!,
    strs[r % strs.length]!,
    [r % 2 === 0 ? U64_MAX : BigInt(r), r % 4 === 1 ? U64_MAX : BigInt(r) << 32n],
  ];
}

/** Rows [start, start + n) as one batch. */
function inputBatch(start: number, n: number): RowBatch {
  return batchOfRows(TYPES, Array.from({ length: n }, (_, i) => row(start + i)));
}

/** Every selected row, appended batch by batch at `capacity`, taking each full batch. */
function gatherAll(g: BatchGatherer, inputs: readonly [RowBatch, number[]][], capacity: number): RowBatch[] {
  const out: RowBatch[] = [];
  for (const [b, picked] of inputs) {
    const sel = Uint32Array.from(picked);
    for (let i = 0; i < sel.length;) {
      i = g.append(b, sel, i, sel.length, capacity);
      if (g.full) out.push(g.take());
    }
  }
  if (g.rows > 0) out.push(g.take());
  return out;
}

test('copies the selected rows of every column type bit for bit, across batch and capacity edges', () => {
  // Three input batches; selections take first and last rows, runs, single rows and nothing.
  const inputs: [RowBatch, number[]][] = [
    [inputBatch(0, 7), [0, 1, 2, 6]],
    [inputBatch(7, 5), []],
    [inputBatch(12, 9), [0, 3, 4, 5, 8]],
    [inputBatch(21, 1), [0]],
  ];
  const expected = inputs.flatMap(([b, picked]) => picked.map((i) => rows([b])[i]!));
  for (const capacity of [1, 2, 3, 4, 10, 64]) {
    for (const pool of [undefined, new BufferPool()]) {
      const g = new BatchGatherer(TYPES, pool);
      const got: unknown[][] = [];
      const sizes: number[] = [];
      // With a pool, a batch is only valid until the next one starts: read each right away.
      for (const [b, picked] of inputs) {
        const sel = Uint32Array.from(picked);
        for (let i = 0; i < sel.length;) {
          i = g.append(b, sel, i, sel.length, capacity);
          if (g.full) {
            const o = g.take();
            sizes.push(o.numRows);
            got.push(...rows([o]));
          }
        }
      }
      if (g.rows > 0) {
        const o = g.take();
        sizes.push(o.numRows);
        got.push(...rows([o]));
      }
      const label = `capacity ${capacity}${pool ? ', pooled' : ''}`;
      assert.equal(exact(got), exact(expected), label);
      // Full batches of `capacity` rows, then the rest.
      const full = Math.floor(expected.length / capacity);
      assert.equal(sizes, [...Array<number>(full).fill(capacity), ...(expected.length % capacity ? [expected.length % capacity] : [])], label);
    }
  }
});

test('any mix of column kinds: 0-4 64-bit words per pass, several string columns, bytes only', () => {
  const mixes: DataType[][] = [
    [T.STRING], [T.BOOLEAN], [T.INT64, T.TIME64NS], [T.STRING, T.INT64, T.STRING, T.UINT128],
    [T.FLOAT64, T.UINT128, T.UINT128, T.STRING, T.BOOLEAN, T.TIME64NS, T.STRING],
  ];
  for (const mix of mixes) {
    const pick = (b: RowBatch): RowBatch => ({ numRows: b.numRows, columns: mix.map((t) => b.columns[TYPES.indexOf(t)]!) });
    const inputs: [RowBatch, number[]][] = [[pick(inputBatch(0, 9)), [0, 2, 3, 8]], [pick(inputBatch(9, 4)), [1, 3]]];
    const expected = [0, 2, 3, 8, 10, 12].map((r) => mix.map((t) => row(r)[TYPES.indexOf(t)]));
    for (const [capacity, sizes] of [[3, [3, 3]], [10, [6]]] as const) {
      const got = gatherAll(new BatchGatherer(mix), inputs, capacity);
      assert.equal(got.map((b) => b.numRows), sizes, `${mix.join()} at ${capacity}`);
      assert.equal(exact(rows(got)), exact(expected), `${mix.join()} at ${capacity}`);
    }
  }
});

test('a partly filled batch has exactly its rows in every column', () => {
  const g = new BatchGatherer(TYPES);
  const b = inputBatch(0, 6);
  g.append(b, Uint32Array.from([1, 4, 5]), 0, 3, 100);
  assert.not.ok(g.full);
  const out = g.take();
  assert.is(out.numRows, 3);
  for (const c of out.columns) assert.is(c.type === T.UINT128 ? [c.high.length, c.low.length].join() : String(c.data.length), c.type === T.UINT128 ? '3,3' : '3');
  assert.equal(exact(rows([out])), exact([1, 4, 5].map(row)));
  assert.is(g.rows, 0, 'the next append starts a new batch');
});

test('appends stop at the capacity and resume where they stopped', () => {
  const g = new BatchGatherer([T.INT64, T.STRING]);
  const b = batch([col.int([10n, 11n, 12n, 13n, 14n]), col.str(['a', 'b', 'c', 'd', 'e'])]);
  const sel = Uint32Array.from([0, 2, 3, 4]);
  assert.is(g.append(b, sel, 0, 4, 3), 3);
  assert.ok(g.full);
  assert.equal(rows([g.take()]), [[10n, 'a'], [12n, 'c'], [13n, 'd']]);
  assert.is(g.append(b, sel, 3, 4, 3), 4);
  assert.equal(rows([g.take()]), [[14n, 'e']]);
});

test('an empty append starts a batch without rows; take() without a batch is a TypeError', () => {
  const g = new BatchGatherer([T.INT64]);
  assert.throws(() => g.take(), (e: unknown) => e instanceof TypeError && e.message === 'take() without a batch under construction');
  assert.is(g.append(batch([col.int([1n])]), new Uint32Array(0), 0, 0, 8), 0);
  assert.is(g.rows, 0);
  const out = g.take();
  assert.equal([out.numRows, out.columns[0]!.type === T.INT64 && out.columns[0]!.data.length], [0, 0]);
});

test('without a pool, taken batches keep their values while later ones are built', () => {
  const g = new BatchGatherer(TYPES);
  const inputs: [RowBatch, number[]][] = Array.from({ length: 6 }, (_, k) => [inputBatch(k * 10, 10), [0, 3, 9]]);
  const taken = gatherAll(g, inputs, 4);
  assert.equal(taken.map((b) => b.numRows), [4, 4, 4, 4, 2]);
  const expected = inputs.flatMap(([b, picked]) => picked.map((i) => rows([b])[i]!));
  assert.equal(exact(rows(taken)), exact(expected));
});

test('with a pool, the next batch reuses the buffers of the previous one', () => {
  const pool = new BufferPool();
  const g = new BatchGatherer([T.INT64, T.FLOAT64], pool);
  const b = batch([col.int([1n, 2n, 3n, 4n]), col.float([0.5, 1.5, 2.5, 3.5])]);
  g.append(b, Uint32Array.from([0, 1]), 0, 2, 2);
  const first = g.take();
  const bufs = first.columns.map((c) => (c as { data: { buffer: ArrayBufferLike } }).data.buffer);
  assert.equal(rows([first]), [[1n, 0.5], [2n, 1.5]]);
  g.append(b, Uint32Array.from([2, 3]), 0, 2, 2);
  const second = g.take();
  assert.equal(rows([second]), [[3n, 2.5], [4n, 3.5]]);
  const again = second.columns.map((c) => (c as { data: { buffer: ArrayBufferLike } }).data.buffer);
  assert.ok(again.every((x) => bufs.includes(x)), 'both arrays come from the released buffers');
});


// Inputs with kept dictionaries (key-dict-cache.ts): values come through 1-2 byte codes, and
// string columns leave as dictionary columns while every input has a dictionary.

/** Gives `b`'s columns kept dictionaries, as two queries asking for them would. */
function keepDictionaries(b: RowBatch): void {
  for (const c of b.columns) {
    keptDictionary(c, b.numRows, {});
    keptDictionary(c, b.numRows, {});
  }
}

/** A batch of few distinct values per column (so each keeps a dictionary): string, int64, time, float. */
function lowCardinality(start: number, n: number, distinct: number): RowBatch {
  const r = Array.from({ length: n }, (_, i) => (start + i) % distinct);
  return batch([
    col.str(r.map((v) => (v === 0 ? '' : `/path/${v}é`))),
    col.int(r.map((v) => (v % 2 ? I64_MIN + BigInt(v) : I64_MAX - BigInt(v)))),
    col.time(r.map((v) => 1_700_000_000_000_000_000n + BigInt(v))),
    { type: T.FLOAT64, data: Float64Array.from(r, (v) => [NaN, -0, Infinity, v / 3][v % 4]!) },
  ]);
}

test('inputs with kept dictionaries give the same rows; strings leave as a dictionary column while every input has one', () => {
  const types = [T.STRING, T.INT64, T.TIME64NS, T.FLOAT64];
  // Different dictionaries per input (other first-seen orders, 8- and 16-bit codes).
  const a = lowCardinality(0, 40, 5), b = lowCardinality(3, 30, 7), wide = lowCardinality(0, 4000, 300);
  for (const x of [a, b, wide]) keepDictionaries(x);
  assert.ok(keyDictionaryCache.lookup(wide.columns[0]!, 4000)?.codes instanceof Uint16Array);
  const plain = lowCardinality(11, 20, 20); // every value distinct: never kept
  const pick = (x: RowBatch, every: number): number[] => Array.from({ length: x.numRows }, (_, i) => i).filter((i) => i % every === 1);
  for (const inputs of [
    [[a, pick(a, 3)], [b, pick(b, 2)], [wide, pick(wide, 97)]],
    [[a, pick(a, 3)], [plain, pick(plain, 2)], [b, pick(b, 2)]],
    [[plain, pick(plain, 3)], [a, pick(a, 2)]],
  ] as [RowBatch, number[]][][]) {
    const expected = inputs.flatMap(([x, picked]) => picked.map((i) => rows([x])[i]!));
    for (const capacity of [4, 16, 1000]) {
      for (const pool of [undefined, new ResultBufferPool().lease()]) {
        const got = gatherAll(new BatchGatherer(types, pool), inputs, capacity);
        assert.equal(exact(rows(got)), exact(expected), `capacity ${capacity}`);
        // A batch whose inputs all had dictionaries carries its strings as one.
        let at = 0;
        for (const o of got) {
          const from = inputs.findIndex((_, j) => inputs.slice(0, j + 1).reduce((s, [, q]) => s + q.length, 0) > at);
          const coded = dictionaryOf(o.columns[0]!) !== undefined;
          if (inputs[from]![0] === plain) assert.not.ok(coded, 'a batch that starts on a plain input has plain strings');
          at += o.numRows;
        }
        if (inputs[0]![0] !== plain && capacity === 4) assert.ok(dictionaryOf(got[0]!.columns[0]!), 'coded strings');
      }
    }
  }
});

test('a gather builds no dictionary for a column it takes few rows of, and asks once per input batch', () => {
  const types = [T.STRING, T.INT64, T.TIME64NS, T.FLOAT64];
  const x = lowCardinality(0, 800, 6);
  const sparse = Uint32Array.from([5, 400]); // 2 of 800 rows: below the share that pays for a build
  for (let q = 0; q < 3; q++) gatherAll(new BatchGatherer(types, undefined, {}), [[x, [...sparse]]], 10);
  assert.ok(x.columns.every((c) => keyDictionaryCache.lookup(c, 800) === undefined), 'no dictionary for a sparse gather');
  // One query appending the same batch twice (capacity 1) asks once: no dictionary yet.
  const dense = Array.from({ length: 400 }, (_, i) => 2 * i);
  const query = {};
  gatherAll(new BatchGatherer(types, undefined, query), [[x, dense]], 150);
  gatherAll(new BatchGatherer(types, undefined, query), [[x, dense]], 150);
  assert.ok(x.columns.every((c) => keyDictionaryCache.lookup(c, 800) === undefined), 'one query is one sighting');
  const got = gatherAll(new BatchGatherer(types, undefined, {}), [[x, dense]], 1000);
  assert.ok(x.columns.every((c) => keyDictionaryCache.lookup(c, 800) !== undefined), 'a second query builds them');
  assert.ok(dictionaryOf(got[0]!.columns[0]!) !== undefined, 'the building query reads the dictionary it built');
  const again = gatherAll(new BatchGatherer(types, undefined, {}), [[x, dense]], 1000);
  assert.ok(dictionaryOf(again[0]!.columns[0]!) !== undefined);
  assert.equal(exact(rows(again)), exact(rows(got)));
});

test('each copy loop takes the two halves of an append and its odd last row: every append length 0-33, plain and coded inputs', () => {
  // The loops copy rows i and h + i of an append together (h = half its length, the last
  // row alone when the length is odd); a slip in either half or the last row shows here.
  const types = [T.STRING, T.INT64, T.TIME64NS, T.FLOAT64];
  const plain = lowCardinality(5, 150, 150), narrow = lowCardinality(1, 150, 6), wide = lowCardinality(2, 4000, 300);
  keepDictionaries(narrow);
  keepDictionaries(wide);
  assert.ok(keyDictionaryCache.lookup(narrow.columns[1]!, 150)?.codes instanceof Uint8Array);
  assert.ok(keyDictionaryCache.lookup(wide.columns[1]!, 4000)?.codes instanceof Uint16Array);
  assert.ok(keyDictionaryCache.lookup(plain.columns[1]!, 150) === undefined);
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (const x of [plain, narrow, wide]) {
    const all = rows([x]);
    for (let n = 0; n <= 33; n++) {
      const picked = Array.from({ length: x.numRows }, (_, i) => i).filter(() => next() % 3 === 0).slice(0, n);
      assert.is(picked.length, n);
      const g = new BatchGatherer(types);
      g.append(x, Uint32Array.from(picked), 0, n, 40, x.numRows);
      const got = g.take();
      assert.equal(exact(rows([got])), exact(picked.map((i) => all[i]!)), `${x.numRows} rows, append of ${n}`);
    }
  }
});

test.run();
