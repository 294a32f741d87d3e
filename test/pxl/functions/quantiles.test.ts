import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../../src/types/index.js';
import { TDigest } from '../../../src/pxl/functions/aggregates/tdigest.js';
import { QUANTILE_RANK_ERROR, jsonDouble } from '../../../src/pxl/functions/aggregates/quantiles.js';
import { pluckFloat64 } from '../../../src/pxl/functions/json.js';
import { col, values } from '../../exec/fixtures.js';
import { registry } from './helpers.js';

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fraction of sorted values below x (rank of x as a quantile). */
function rankOf(sorted: Float64Array, x: number): [number, number] {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m]! < x) lo = m + 1; else hi = m; }
  let hi2 = lo;
  while (hi2 < sorted.length && sorted[hi2] === x) hi2++;
  return [lo / sorted.length, hi2 / sorted.length];
}

const QS = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

for (const [label, gen] of [
  ['uniform', (r: () => number) => r() * 1e6],
  ['log-normal latencies', (r: () => number) => Math.round(Math.exp(12 + 2 * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())))],
  ['few distinct values', (r: () => number) => Math.floor(r() * 5)],
] as const) {
  test(`quantile estimates stay within the stated rank error on ${label} data, also after merging`, () => {
    const r = rng(42);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = gen(r);
    const whole = new TDigest(1000);
    const a = new TDigest(1000), b = new TDigest(1000);
    for (let i = 0; i < n; i++) { whole.add(xs[i]!); (i % 3 === 0 ? a : b).add(xs[i]!); }
    a.mergeState(JSON.parse(JSON.stringify(b.state())));
    const sorted = xs.slice().sort();
    for (const d of [whole, a]) {
      assert.is(d.count(), n);
      for (const q of QS) {
        const [lo, hi] = rankOf(sorted, d.quantile(q));
        assert.ok(lo - QUANTILE_RANK_ERROR <= q && q <= hi + QUANTILE_RANK_ERROR, `q=${q} rank [${lo}, ${hi}]`);
      }
    }
  });
}

test('small inputs give exact order statistics at the ends', () => {
  const d = new TDigest(1000);
  for (const x of [5, 1, 3]) d.add(x);
  assert.equal([d.quantile(0), d.quantile(0.5), d.quantile(1)], [1, 3, 5]);
  assert.ok(Number.isNaN(new TDigest().quantile(0.5)));
});

test('finalizes as the p01..p99 JSON object that pluck_float64 reads back', () => {
  const o = registry.resolveAggregate('quantiles', [T.INT64])!;
  const a = o.create();
  a.resize(1);
  const data = col.int([100n, 100n, 100n]);
  a.update(new Uint32Array(3), [data], 3);
  const [json] = values(a.finalize(1)) as string[];
  assert.is(json, '{"p01":100.0,"p10":100.0,"p25":100.0,"p50":100.0,"p75":100.0,"p90":100.0,"p99":100.0}');
  assert.is(pluckFloat64(json!, 'p99'), 100);
});

test('quantiles over durations are duration quantiles', () => {
  const o = registry.resolveAggregate('quantiles', [T.INT64])!;
  assert.is(o.semanticType([S.ST_DURATION_NS]), S.ST_DURATION_NS_QUANTILES);
  assert.is(o.semanticType([S.ST_NONE]), S.ST_QUANTILES);
  assert.is(registry.resolveAggregate('quantiles', [T.FLOAT64])!.returnType, T.STRING);
});

test('writes doubles like a C++ JSON writer', () => {
  assert.equal([jsonDouble(1), jsonDouble(1.5), jsonDouble(-0.25), jsonDouble(1e21), jsonDouble(NaN), jsonDouble(-Infinity)],
    ['1.0', '1.5', '-0.25', '1e21', 'NaN', '-Infinity']);
});

test.run();
