// Recycled kernel output buffers: the pool itself, and that operators only recycle when
// their output batches are dead (a group-by consumer, also through maps and filters), never
// under a sink or a node with two consumers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BufferPool, outFloat64, outInt32, outInt64, outUint8 } from '../../src/pxl/functions/buffers.js';
import { compileScript, mapCatalog } from '../../src/pxl/index.js';
import { tableSchema } from '../../src/store/schemas.js';
import { allocColumn } from '../../src/types/index.js';
import type { Column, RowBatch } from '../../src/types/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { runPlan } from '../../src/exec/executor.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import { upidHigh } from '../../src/metadata/api.js';
import { rows } from './fixtures.js';

test('a pool hands a released buffer out again, and only after release', () => {
  const p = new BufferPool();
  const a = p.take(64);
  const b = p.take(64);
  assert.is.not(a, b);
  assert.is(p.leasedCount, 2);
  p.release();
  assert.is(p.leasedCount, 0);
  const c = p.take(64), d = p.take(64), e = p.take(64);
  assert.ok((c === a || c === b) && (d === a || d === b) && c !== d);
  assert.is.not(e, a);
  assert.is.not(e, b);
  assert.is(p.take(32).byteLength, 32, 'other sizes are separate');
});

test('kernel output arrays: fresh and zeroed without a pool, pooled views with one', () => {
  assert.equal([...outInt64({}, 3)], [0n, 0n, 0n]);
  assert.equal([...outInt32({}, 2)], [0, 0]);
  assert.equal([...outFloat64({}, 2)], [0, 0]);
  assert.equal([...outUint8({}, 2)], [0, 0]);
  const p = new BufferPool();
  const x = outInt64({ buffers: p }, 4);
  x.fill(-(2n ** 63n));
  p.release();
  const y = outInt64({ buffers: p }, 4);
  assert.is(y.buffer, x.buffer, 'the released buffer comes back');
  assert.is(y.length, 4);
  assert.is(outInt32({ buffers: p }, 0).length, 0);
  assert.is(outUint8({ buffers: p }, 5).length, 5);
  assert.is(outFloat64({ buffers: p }, 5).byteLength, 40);
});

// ---------------------------------------------------------------------------------------

const rel = tableSchema('http_events')!;
const NOW = 1_800_000_000_000_000_000n;
const BASE = NOW - 100_000_000_000n; // a multiple of 5 s
const N = 37;
const meta = metadataBuilder({ nodeName: 'n1' })
  .pod({ name: 'a-1', namespace: 'ns', containers: [{ id: 'ca', name: 'a' }] })
  .pod({ name: 'b-1', namespace: 'ns', containers: [{ id: 'cb', name: 'b' }] })
  .service({ name: 'a', namespace: 'ns', pods: ['ns/a-1'] })
  .service({ name: 'b', namespace: 'ns', pods: ['ns/b-1'] })
  .process({ pid: 1, startTicks: 1n, containerId: 'ca' })
  .process({ pid: 2, startTicks: 1n, containerId: 'cb' })
  .process({ pid: 3, startTicks: 1n, containerId: 'ca' })
  .build();

const pidOf = (i: number): number => [1, 2, 3, 2, 1][i % 5]!;
const svcOf = (i: number): string => (pidOf(i) === 2 ? 'ns/b' : 'ns/a');
/** Rows are STEP_NS apart unless a test spaces them otherwise. */
const STEP_NS = 700_000_000n;
const timeOf = (i: number, step = STEP_NS): bigint => BASE + BigInt(i) * step;
const sizeOf = (i: number): bigint => BigInt((i * 37) % 11);

function events(n = N, step = STEP_NS): RowBatch {
  const cols = new Map<string, Column>(rel.map((c) => [c.name, allocColumn(c.type, n)]));
  for (let i = 0; i < n; i++) {
    (cols.get('time_') as { data: BigInt64Array }).data[i] = timeOf(i, step);
    const u = cols.get('upid') as { high: BigUint64Array; low: BigUint64Array };
    u.high[i] = upidHigh(0, pidOf(i));
    u.low[i] = 1n;
    (cols.get('resp_body_size') as { data: BigInt64Array }).data[i] = sizeOf(i);
  }
  return { numRows: n, columns: rel.map((c) => cols.get(c.name)!) };
}

/** Runs with 4-row batches, so every kernel runs ten times and pooled buffers get reused. */
async function run(script: string, batchRows = 4, table: () => RowBatch = () => events()): Promise<unknown[][][]> {
  const compiled = compileScript(script, { catalog: mapCatalog(new Map([['http_events', rel]])), now: NOW });
  if (compiled.errors.length > 0) throw compiled.errors[0];
  const provider = new MemoryTableProvider().add('http_events', rel, [table()], batchRows);
  const res = await runPlan(compiled.plan!, { provider, metadata: meta, nowNs: NOW, batchRows });
  return res.map((t) => rows(t.batches));
}

const bin5 = (i: number, step = STEP_NS): bigint => timeOf(i, step) - (timeOf(i, step) % 5_000_000_000n);

/** [window, service, count, bytes] per group, in first-seen order. */
function expectedGroups(keep: (i: number) => boolean, n = N, step = STEP_NS): unknown[][] {
  const m = new Map<string, [bigint, string, bigint, bigint]>();
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const w = bin5(i, step);
    const k = `${w}|${svcOf(i)}`;
    const g = m.get(k) ?? [w, svcOf(i), 0n, 0n];
    g[2] += 1n;
    g[3] += sizeOf(i);
    m.set(k, g);
  }
  return [...m.values()];
}

/** The scripts' common start: http_events with a ctx service column and 5 s bins. */
const BINNED = `import px
df = px.DataFrame(table='http_events', start_time='-5m')
df.service = df.ctx['service']
df.window = px.bin(df.time_, px.seconds(5))
`;

const sortRows = (r: unknown[][]): unknown[][] => [...r].sort((a, b) => String(a).localeCompare(String(b)));

test('map → group-by over many batches (pooled bin and service columns) gives exact groups', async () => {
  const [t] = await run(`${BINNED}df = df.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(df)
`);
  assert.equal(sortRows(t!), sortRows(expectedGroups(() => true)));
});

test('map → sink keeps every batch its own arrays (no recycling under a sink)', async () => {
  const [t] = await run(`${BINNED}df = df[['window', 'service']]
px.display(df)
`);
  assert.equal(t, Array.from({ length: N }, (_, i) => [bin5(i), svcOf(i)]));
});

test('map → selective filter → group-by: the map recycles, the filter having copied its rows out first', async () => {
  const [t] = await run(`${BINNED}df = df[df.resp_body_size < 3]
df = df.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(df)
`);
  assert.equal(sortRows(t!), sortRows(expectedGroups((i) => sizeOf(i) < 3n)));
});

test('a map read by a group-by and a sink is not recycled', async () => {
  const [g, s] = await run(`${BINNED}agg = df.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(agg, 'agg')
px.display(df[['window', 'service']], 'rows')
`);
  assert.equal(sortRows(g!), sortRows(expectedGroups(() => true)));
  assert.equal(s, Array.from({ length: N }, (_, i) => [bin5(i), svcOf(i)]));
});

test('bins in long runs × ctx service (the run-wise key path) over several batches: exact groups', async () => {
  const n = 3000, step = 10_000_000n; // 500 rows per 5 s bin
  const [t] = await run(`${BINNED}df = df.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(df)
`, 700, () => events(n, step));
  assert.equal(t, expectedGroups(() => true, n, step), 'groups in first-seen order');
});

test('filter → group-by gathers into pooled arrays; filter → sink keeps every batch its own', async () => {
  const [g, rowsOut] = await run(`${BINNED}df = df[['window', 'service', 'resp_body_size', 'time_']]
f = df[df.resp_body_size < 3]
agg = f.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(agg, 'agg')
g = df[df.resp_body_size >= 3]
px.display(g[['time_', 'resp_body_size']], 'rows')
`);
  assert.equal(sortRows(g!), sortRows(expectedGroups((i) => sizeOf(i) < 3n)));
  const kept = Array.from({ length: N }, (_, i) => i).filter((i) => sizeOf(i) >= 3n);
  assert.equal(rowsOut, kept.map((i) => [timeOf(i), sizeOf(i)]));
});

test('filter → group-by on a uint128 key (pooled high/low arrays) over many flushes', async () => {
  const [t] = await run(`import px
df = px.DataFrame(table='http_events', start_time='-5m')
df = df[df.resp_body_size < 5]
df = df.groupby('upid').agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(df)
`);
  const m = new Map<number, [bigint, bigint]>();
  for (let i = 0; i < N; i++) {
    if (sizeOf(i) >= 5n) continue;
    const g = m.get(pidOf(i)) ?? [0n, 0n];
    g[0] += 1n;
    g[1] += sizeOf(i);
    m.set(pidOf(i), g);
  }
  assert.equal(t, [...m].map(([pid, [n, b]]) => [[upidHigh(0, pid), 1n], n, b]));
});

test.run();
