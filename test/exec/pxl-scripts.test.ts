// End to end through the front-end: PxL text → compileScript → runPlan over fixture data
// with the full http_events schema and a fixture metadata state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileScript, mapCatalog } from '../../src/pxl/index.js';
import { tableSchema } from '../../src/store/schemas.js';
import { allocColumn, DataType as T } from '../../src/types/index.js';
import type { Column, RowBatch } from '../../src/types/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { runPlan } from '../../src/exec/executor.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import { upidHigh } from '../../src/metadata/api.js';
import { rows } from './fixtures.js';

const rel = tableSchema('http_events')!;
const NOW = 1_800_000_000_000_000_000n;
const meta = metadataBuilder({ nodeName: 'node-1' })
  .pod({ name: 'web-1', namespace: 'shop', ip: '10.0.0.5', containers: [{ id: 'c1', name: 'web' }] })
  .pod({ name: 'db-1', namespace: 'shop', ip: '10.0.0.6', containers: [{ id: 'c2', name: 'db' }] })
  .service({ name: 'web', namespace: 'shop', pods: ['shop/web-1'] })
  .process({ pid: 10, startTicks: 1n, containerId: 'c1' })
  .process({ pid: 20, startTicks: 1n, containerId: 'c2' })
  .build();

/** 6 requests over the last 6 s: web (pid 10) serves 4, db (pid 20) serves 2. */
function httpEvents(): RowBatch {
  const n = 6;
  const cols = new Map<string, Column>(rel.map((c) => [c.name, allocColumn(c.type, n)]));
  const set = (name: string, vals: unknown[]): void => {
    const c = cols.get(name)!;
    vals.forEach((v, i) => {
      if (c.type === T.UINT128) { c.high[i] = upidHigh(0, v as number); c.low[i] = 1n; } else (c.data as unknown as unknown[])[i] = v;
    });
  };
  set('time_', [6n, 5n, 4n, 3n, 2n, 1n].map((s) => NOW - s * 1_000_000_000n));
  set('upid', [10, 10, 20, 10, 20, 10]);
  set('remote_addr', ['10.0.0.6', '10.0.0.6', '10.0.0.5', '1.2.3.4', '10.0.0.5', '10.0.0.6']);
  set('trace_role', [2n, 2n, 2n, 2n, 2n, 2n]);
  set('req_path', ['/a', '/healthz', '/b', '/a', '/b', '/a']);
  set('resp_status', [200n, 200n, 500n, 404n, 200n, 200n]);
  set('latency', [1_000_000n, 2_000_000n, 3_000_000n, 4_000_000n, 5_000_000n, 6_000_000n]);
  set('resp_body_size', [10n, 20n, 30n, 40n, 50n, 60n]);
  return { numRows: n, columns: rel.map((c) => cols.get(c.name)!) };
}

async function run(script: string): Promise<{ name: string; rows: unknown[][]; columns: string[] }[]> {
  const compiled = compileScript(script, { catalog: mapCatalog(new Map([['http_events', rel]])), now: NOW });
  if (compiled.errors.length > 0) throw compiled.errors[0];
  const provider = new MemoryTableProvider().add('http_events', rel, [httpEvents()]);
  const res = await runPlan(compiled.plan!, { provider, metadata: meta, nowNs: NOW });
  return res.map((t) => ({ name: t.name, rows: rows(t.batches), columns: t.relation.map((c) => c.name) }));
}

test('per-service latency quantiles, plucked and cast, as the bundled scripts do', async () => {
  const [t] = await run(`import px
df = px.DataFrame(table='http_events', start_time='-5m')
df.service = df.ctx['service']
df = df[df.req_path != '/healthz']
df = df.groupby('service').agg(lat=('latency', px.quantiles), n=('latency', px.count), errs=('resp_status', px.mean))
df.p50 = px.DurationNanos(px.floor(px.pluck_float64(df.lat, 'p50')))
df = df.drop(['lat'])
px.display(df, 'svc')
`);
  assert.is(t!.name, 'svc');
  assert.equal(t!.columns, ['service', 'n', 'errs', 'p50']);
  assert.equal(t!.rows.map((r) => [r[0], r[1]]), [['shop/web', 3n], ['', 2n]]);
  const p50 = t!.rows[0]![3] as bigint;
  assert.ok(p50 >= 3_980_000n && p50 <= 4_020_000n, `p50 ${p50}`);
});

test('pod names by ctx with the local-address fallback, source/destination and script references', async () => {
  const [t] = await run(`import px
df = px.DataFrame(table='http_events', start_time='-10s')
df.pod = df.ctx['pod']
df.remote = px.pod_id_to_pod_name(px.ip_to_pod_id(df.remote_addr))
df.link = px.script_reference(df.pod, 'px/pod', {'start_time': '-5m', 'pod': df.pod})
df.slow = px.select(df.latency > 3000000, 'slow', 'fast')
df = df[df.remote != '' and px.contains(df.pod, 'web')]
df = df[['pod', 'remote', 'link', 'slow']]
px.display(df)
`);
  assert.equal(t!.rows, [
    ['shop/web-1', 'shop/db-1', '{"label":"shop/web-1","script":"px/pod","args":{"start_time":"-5m","pod":"shop/web-1"}}', 'fast'],
    ['shop/web-1', 'shop/db-1', '{"label":"shop/web-1","script":"px/pod","args":{"start_time":"-5m","pod":"shop/web-1"}}', 'fast'],
    ['shop/web-1', 'shop/db-1', '{"label":"shop/web-1","script":"px/pod","args":{"start_time":"-5m","pod":"shop/web-1"}}', 'slow'],
  ]);
});

test('time windows, a cross join of the overall time span, and two tables in display order', async () => {
  const res = await run(`import px
df = px.DataFrame(table='http_events')
df.window = px.bin(df.time_, px.seconds(2))
w = df.groupby('window').agg(bytes=('resp_body_size', px.sum))
span = df.agg(t0=('time_', px.min), t1=('time_', px.max))
span.width = px.DurationNanos(span.t1 - span.t0)
out = w.merge(span, how='inner', left_on=[], right_on=[])
out = out[['window', 'bytes', 'width']]
px.display(out, 'windows')
px.display(df.head(2)[['req_path']], 'first')
`);
  assert.equal(res.map((t) => t.name), ['windows', 'first']);
  const base = NOW - 6_000_000_000n;
  assert.equal(res[0]!.rows, [[base, 30n, 5_000_000_000n], [base + 2_000_000_000n, 70n, 5_000_000_000n], [base + 4_000_000_000n, 110n, 5_000_000_000n]]);
  assert.equal(res[1]!.rows, [['/a'], ['/healthz']]);
});

test.run();
