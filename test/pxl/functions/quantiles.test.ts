import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../../src/types/index.js';
import { LogHistogram } from '../../../src/pxl/functions/aggregates/loghist.js';
import { QUANTILE_RELATIVE_ERROR, jsonDouble } from '../../../src/pxl/functions/aggregates/quantiles.js';
import { pluckFloat64 } from '../../../src/pxl/functions/json.js';
import { col, values } from '../../exec/fixtures.js';
import { registry } from './helpers.js';
import { mulberry32 as rng } from '../../helpers/rng.js';

const QS = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

for (const [label, gen] of [
  ['uniform', (r: () => number) => r() * 1e6],
  ['log-normal latencies', (r: () => number) => Math.round(Math.exp(12 + 2 * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())))],
  ['few distinct values with zeros', (r: () => number) => Math.floor(r() * 5)],
  ['values of both signs', (r: () => number) => (r() - 0.4) * 1e9],
] as const) {
  test(`quantile estimates stay within the stated relative error on ${label} data, also after merging`, () => {
    const r = rng(42);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = gen(r);
    const whole = new LogHistogram();
    const a = new LogHistogram(), b = new LogHistogram();
    for (let i = 0; i < n; i++) { whole.add(xs[i]!); (i % 3 === 0 ? a : b).add(xs[i]!); }
    a.mergeState(JSON.parse(JSON.stringify(b.state())));
    const sorted = xs.slice().sort();
    for (const d of [whole, a]) {
      assert.is(d.count(), n);
      for (const q of QS) {
        const exact = sorted[Math.ceil(q * n) - 1]!;
        const got = d.quantile(q);
        assert.ok(Math.abs(got - exact) <= QUANTILE_RELATIVE_ERROR * Math.abs(exact), `q=${q}: ${got} vs ${exact}`);
      }
      assert.equal([d.quantile(0), d.quantile(1)], [sorted[0], sorted[n - 1]]);
    }
  });
}

test('small inputs give exact values through min/max clamping, NaN is skipped, empty is NaN', () => {
  const d = new LogHistogram();
  for (const x of [5, 1, NaN, 3]) d.add(x);
  assert.equal([d.count(), d.quantile(0), d.quantile(1)], [3, 1, 5]);
  assert.ok(Math.abs(d.quantile(0.01) - 1) <= QUANTILE_RELATIVE_ERROR);
  assert.ok(Math.abs(d.quantile(0.5) - 3) <= 3 * QUANTILE_RELATIVE_ERROR);
  assert.ok(Number.isNaN(new LogHistogram().quantile(0.5)));
  const wide = new LogHistogram();
  for (const x of [1e-300, 1e300, -1e300, Infinity]) wide.add(x);
  assert.equal([wide.quantile(0.25), wide.quantile(1)], [-1e300, Infinity]);
  assert.ok(Math.abs(wide.quantile(0.5) - 1e-300) <= 1e-300 * QUANTILE_RELATIVE_ERROR);
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
