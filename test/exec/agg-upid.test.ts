// Group-by on a key computed from the upid (df.ctx['service']) folds rows per upid and merges
// per key (src/exec/operators/agg-upid.ts). Every test runs the query twice: once computing
// the key with upid_to_service_name, once over the same rows with the key precomputed as a
// plain string column (the row-keyed path), and the results must be identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { Relation, RowBatch } from '../../src/types/index.js';
import type { AggSpec, PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import type { TableProvider, TimeRange } from '../../src/exec/provider.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import type { AgentMetadataState } from '../../src/metadata/state.js';
import { upidHigh } from '../../src/metadata/api.js';
import { recordRuns } from '../../src/pxl/functions/kernel.js';
import type { AggNode } from '../../src/pxl/plan.js';
import type { ExecContext } from '../../src/exec/context.js';
import { GroupAggregator } from '../../src/exec/operators/agg.js';
import { UpidKeyedAggregator } from '../../src/exec/operators/agg-upid.js';
import { AggregateSet } from '../../src/exec/operators/aggregate-set.js';
import { T0, call, colRef, exec, lit, resultRows, sink } from './plans.js';
import { col, info, rows } from './fixtures.js';

const r = defaultRegistry();
const agg = (name: string, t: number) => r.resolveAggregate(name, [t as never])!.id;

const evRel: Relation = [info('time_', T.TIME64NS), info('upid', T.UINT128), info('lat', T.INT64), info('f', T.FLOAT64), info('path', T.STRING)];
/** The same rows with the service precomputed (the row-keyed path's input). */
const svcRel: Relation = [...evRel, info('service', T.STRING)];

/** pids 1 and 2 run in pods of service a, pid 3 in b, pid 5 in a pod without a service; pid 4 is unknown. */
function meta(extra: (b: ReturnType<typeof metadataBuilder>) => void = () => {}): AgentMetadataState {
  const b = metadataBuilder({ nodeName: 'n1' });
  for (const [pod, c] of [['p1', 'c1'], ['p2', 'c2'], ['p3', 'c3'], ['p4', 'c4']]) b.pod({ name: pod!, namespace: 'ns', containers: [{ id: c!, name: pod! }] });
  b.service({ name: 'a', namespace: 'ns', pods: ['ns/p1', 'ns/p2'] });
  b.service({ name: 'b', namespace: 'ns', pods: ['ns/p3'] });
  b.process({ pid: 1, startTicks: 7n, containerId: 'c1' }).process({ pid: 2, startTicks: 7n, containerId: 'c2' });
  b.process({ pid: 3, startTicks: 7n, containerId: 'c3' }).process({ pid: 5, startTicks: 7n, containerId: 'c4' });
  extra(b);
  return b.build();
}

const N = 40;
/** Row j's pid: the unknown upid comes first, then b, a (two upids), the service-less pod. */
const pidOf = (j: number): number => [4, 3, 1, 2, 5, 1, 3, 2, 2, 1, 6][j % 11]!;
const ts = (j: number): bigint => T0 + BigInt(j) * 1_000_000_000n;

/** `rows` rows, row j at time `time(j)`. */
function evColumns(rows: number, time: (j: number) => bigint): RowBatch['columns'] {
  return [
    col.time(Array.from({ length: rows }, (_, j) => time(j))),
    col.u128(Array.from({ length: rows }, (_, j) => [upidHigh(0, pidOf(j)), 7n] as [bigint, bigint])),
    col.int(Array.from({ length: rows }, (_, j) => BigInt(((j * 37) % 100) - 20))),
    col.float(Array.from({ length: rows }, (_, j) => j / 4)),
    col.str(Array.from({ length: rows }, (_, j) => `p${(j * 5) % 7}`)),
  ];
}

/** The two tables: `ev` (upids) and `svc` (service strings, row j's from `mapping(j)`). */
function tables(mapping: (j: number) => string, batchRows = 7, rows = N, time = ts): MemoryTableProvider {
  const ev = evColumns(rows, time);
  return new MemoryTableProvider()
    .add('ev', evRel, [{ numRows: rows, columns: ev }], batchRows)
    .add('svc', svcRel, [{ numRows: rows, columns: [...ev, col.str(Array.from({ length: rows }, (_, j) => mapping(j)))] }], batchRows);
}

const ALL_AGGS: AggSpec[] = [
  { name: 'n', fn: agg('count', T.INT64), args: [2] },
  { name: 'sum', fn: agg('sum', T.INT64), args: [2] },
  { name: 'mean', fn: agg('mean', T.INT64), args: [2] },
  { name: 'fmean', fn: agg('mean', T.FLOAT64), args: [3] },
  { name: 'fsum', fn: agg('sum', T.FLOAT64), args: [3] },
  { name: 'min', fn: agg('min', T.INT64), args: [2] },
  { name: 'max', fn: agg('max', T.INT64), args: [2] },
  { name: 'first', fn: agg('any', T.STRING), args: [4] },
];

const outRel = (groups: Relation, aggs: readonly AggSpec[]): Relation =>
  [...groups, ...aggs.map((a) => info(a.name, r.get(a.fn)!.kind === 'aggregate' ? (r.get(a.fn) as { returnType: T }).returnType : T.STRING))];

/**
 * source → (map: service = upid_to_service_name(upid), or the precomputed column) → between →
 * agg. `between` builds nodes 3.. over node 2's relation (filters); groups name node-2 columns.
 */
interface PlanOptions {
  between?: PlanNode['kind'];
  source?: Partial<PlanNode>;
  binSeconds?: bigint;
  batchRows?: number;
  /** Rows in the tables (default N) and row j's time (default ts). */
  rows?: number;
  time?: (j: number) => bigint;
}

function plan(table: 'ev' | 'svc', groups: string[], aggs: readonly AggSpec[], opts: PlanOptions = {}): { nodes: PlanNode[]; sinks: number[] } {
  const src = { id: 1, kind: 'source', inputs: [], table, columns: (table === 'ev' ? evRel : svcRel).map((c) => c.name), relation: table === 'ev' ? evRel : svcRel, ...opts.source } as PlanNode;
  const svcExpr = table === 'ev' ? call('upid_to_service_name', [colRef(evRel, 'upid')]) : colRef(svcRel, 'service');
  const bin = call('bin', [colRef(evRel, 'time_'), lit(T.INT64, (opts.binSeconds ?? 10n) * 1_000_000_000n)]);
  // win7: 7 s bins, whose runs are not aligned with the window's.
  const bin7 = call('bin', [colRef(evRel, 'time_'), lit(T.INT64, 7_000_000_000n)]);
  const mid: Relation = [...evRel, info('service', T.STRING), info('window', T.TIME64NS), info('win7', T.TIME64NS)];
  const nodes: PlanNode[] = [src, {
    id: 2, kind: 'map', inputs: [1], relation: mid,
    exprs: [...evRel.map((c) => ({ name: c.name, expr: colRef(evRel, c.name) })), { name: 'service', expr: svcExpr }, { name: 'window', expr: bin }, { name: 'win7', expr: bin7 }],
  }];
  let last = 2;
  if (opts.between === 'filter') {
    // Drops row 20 only: earlier batches pass whole (keeping their dictionaries), later rows are gathered.
    nodes.push({ id: 3, kind: 'filter', inputs: [2], relation: mid, predicate: call('notEqual', [colRef(mid, 'f'), lit(T.FLOAT64, 5)]) });
    last = 3;
  }
  const g = groups.map((name) => mid.findIndex((c) => c.name === name));
  const out = outRel(g.map((i) => mid[i]!), aggs);
  nodes.push({ id: 10, kind: 'agg', inputs: [last], relation: out, groups: g, aggs }, sink(11, 10, out));
  return { nodes, sinks: [11] };
}

async function both(m: AgentMetadataState, groups: string[], aggs: readonly AggSpec[], opts: PlanOptions = {}): Promise<[unknown[][], unknown[][]]> {
  const mapping = (j: number): string => m.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  const p = tables(mapping, opts.batchRows, opts.rows, opts.time);
  const run = (table: 'ev' | 'svc') => resultRows(plan(table, groups, aggs, opts), { provider: p, metadata: m });
  return [await run('ev'), await run('svc')];
}

test('a query repeated over the same stored batches folds with kept row counts, as on the row path', async () => {
  const m = meta();
  const mapping = (j: number): string => m.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  // One provider for every run: its batches (1000 rows, long enough for per-upid folds) stay
  // the same objects, so from the third run the upid ids and their row counts are kept.
  const p = tables(mapping, 1000, 3000);
  const [n, sum, mean, fmean] = ALL_AGGS.filter((a) => ['n', 'sum', 'mean', 'fmean'].includes(a.name));
  for (const aggs of [ALL_AGGS, [n!], [sum!, n!], [n!, mean!], [fmean!], [mean!]]) {
    const want = await resultRows(plan('svc', ['service'], aggs, { rows: 3000 }), { provider: p, metadata: m });
    const before = AggregateSet.countedFolds;
    for (let q = 0; q < 3; q++) {
      assert.equal(await resultRows(plan('ev', ['service'], aggs, { rows: 3000 }), { provider: p, metadata: m }), want, `${aggs.map((a) => a.name)} run ${q + 1}`);
    }
    assert.ok(AggregateSet.countedFolds > before, `${aggs.map((a) => a.name)}: folded with counts`);
  }
});

test('several upids of one service, unknown upids and service-less pods: every aggregate as on the row path', async () => {
  const [got, want] = await both(meta(), ['service'], ALL_AGGS);
  assert.equal(got, want);
  // Groups in first-seen row order; '' collects the unknown upid and the service-less pod.
  assert.equal(got.map((row) => [row[0], row[1]]), [['', 11n], ['ns/b', 8n], ['ns/a', 21n]]);
  // The first value per group is its first row's, across the upids merged into it.
  assert.equal(got.map((row) => row[8]), ['p0', 'p5', 'p3']);
});

test('a count carried by a mean (one shared row count) merges per upid as on the row path', async () => {
  const aggs = [{ name: 'n', fn: agg('count', T.INT64), args: [2] }, { name: 'mean', fn: agg('mean', T.INT64), args: [2] }, { name: 'fmean', fn: agg('mean', T.FLOAT64), args: [3] }];
  const [got, want] = await both(meta(), ['service'], aggs);
  assert.equal(got, want);
  // ns/b's rows: latencies 2 9 16 17 23 24 31 38, f = j / 4 for j = 1 6 12 17 23 28 34 39.
  assert.equal(got[1], ['ns/b', 8n, 20, 5]);
});

test('quantiles (large states) group on the row path; merged per-upid histograms give the same result', async () => {
  const q = [{ name: 'q', fn: agg('quantiles', T.INT64), args: [2] }, { name: 'fq', fn: agg('quantiles', T.FLOAT64), args: [3] }];
  const [got, want] = await both(meta(), ['service'], q);
  assert.equal(got, want);
  // ns/a's 21 latencies: ranks 1, 3, 6, 11, 16, 19, 21 → -17, -10, 5, 39, 65, 75, 79 (bucket midpoints, clamped to min/max).
  assert.is(got[2]![1], '{"p01":-17.0,"p10":-10.03125,"p25":5.015625,"p50":39.125,"p75":65.25,"p90":75.25,"p99":79.0}');
  // The per-upid path itself, driven directly over the mapped batches, merges histograms exactly.
  const m = meta();
  const p = tables((j) => m.upidToServiceName(upidHigh(0, pidOf(j)), 7n));
  const mapped = plan('ev', ['service'], q);
  mapped.nodes.splice(2);
  mapped.nodes.push(sink(11, 2, mapped.nodes[1]!.relation));
  mapped.sinks[0] = 11;
  const batches = (await exec(mapped, { provider: p, metadata: m }))[0]!.batches;
  const node = { id: 10, kind: 'agg', inputs: [2], relation: [], groups: [5], aggs: q } as AggNode;
  const types = mapped.nodes[1]!.relation.map((c) => c.type);
  const ctx = { registry: r } as ExecContext;
  const direct = new GroupAggregator(node, types, ctx);
  const rowKeyed = new GroupAggregator(node, types, ctx);
  const byUpid = new UpidKeyedAggregator(direct, [5], q, ctx);
  for (const b of batches) { byUpid.update(b); rowKeyed.update(b); }
  byUpid.flush();
  const tick = async (): Promise<void> => {};
  assert.equal(rows([await direct.finalize(tick)]), rows([await rowKeyed.finalize(tick)]));
  assert.equal(rows([await direct.finalize(tick)]), got);
});

test('a time bin next to the service: per-upid folds across bins and batches, as on the row path', async () => {
  const aggs = ALL_AGGS;
  // 20 s bins over 16-row batches: rows 0-15 hold one bin (one run: per upid), rows 16-31
  // two (row path), rows 32-39 too few rows for runs to be recorded (row path).
  // 10 s bins over 20-row batches: every batch holds two bins (row path throughout).
  // 20 s bins over 20-row batches: every batch holds one bin, the bin moves on between them.
  // 20 s bins over one 40-row batch: two recorded runs (row path).
  for (const [binSeconds, batchRows, groupsN] of [[20n, 16, 6], [10n, 20, 12], [20n, 20, 6], [20n, 40, 6]] as const) {
    for (const groups of [['window', 'service'], ['service', 'window']]) {
      const what = `${groups.join(',')} ${binSeconds} s / ${batchRows} rows`;
      const [got, want] = await both(meta(), groups, aggs, { binSeconds, batchRows });
      assert.equal(got, want, what);
      assert.is(got.length, groupsN, what);
    }
  }
});

/** Row j at j · 10 ms: 1000 rows per 10 s bin, bins start at rows 0, 1000, 2000. */
const ts10 = (j: number): bigint => T0 + BigInt(j) * 10_000_000n;
/** The same times, scattered: no runs of equal bins are recorded. */
const scattered = (j: number): bigint => ts10((j * 1237) % 3000);

/** The distinct (10 s bin, 7 s bin) pairs of `rows` rows at `time`. */
const binPairs = (rows: number, time: (j: number) => bigint): number =>
  new Set(Array.from({ length: rows }, (_, j) => `${time(j) / 10_000_000_000n},${time(j) / 7_000_000_000n}`)).size;

/** The map node's output batches (service, window, win7 computed) over `p`'s `ev`. */
async function mappedBatches(m: AgentMetadataState, p: TableProvider): Promise<{ batches: RowBatch[]; types: T[] }> {
  const mapped = plan('ev', ['service'], []);
  mapped.nodes.splice(2);
  mapped.nodes.push(sink(11, 2, mapped.nodes[1]!.relation));
  mapped.sinks[0] = 11;
  const batches = (await exec(mapped, { provider: p, metadata: m }))[0]!.batches;
  return { batches, types: mapped.nodes[1]!.relation.map((c) => c.type) };
}

/**
 * Folds `batches` through the per-upid path and, separately, the row path; returns both
 * results and how many batches the per-upid path handed to the row path.
 */
async function drive(batches: readonly RowBatch[], types: T[], groups: number[], aggs: readonly AggSpec[]): Promise<{ got: unknown[][]; want: unknown[][]; rowPath: number }> {
  const node = { id: 10, kind: 'agg', inputs: [2], relation: [], groups, aggs } as AggNode;
  const ctx = { registry: r } as ExecContext;
  const direct = new GroupAggregator(node, types, ctx);
  const rowKeyed = new GroupAggregator(node, types, ctx);
  let rowPath = 0;
  const spy = { keys: direct.keys, set: direct.set, update: (b: RowBatch) => { rowPath++; direct.update(b); } };
  const byUpid = new UpidKeyedAggregator(spy, groups, aggs, ctx);
  for (const b of batches) { byUpid.update(b); rowKeyed.update(b); }
  byUpid.flush();
  const tick = async (): Promise<void> => {};
  return { got: rows([await direct.finalize(tick)]), want: rows([await rowKeyed.finalize(tick)]), rowPath };
}

test('batches crossing one or several bin boundaries fold run by run per upid, as on the row path', async () => {
  // 3000 rows, 1000 per bin. 2048-row batches: the first crosses two boundaries, the second
  // none. 1500-row batches: one boundary each. 999/1001-row batches: a bin starts at a
  // batch's first row alone (run of one row) or at its last row. 1000-row batches: every
  // batch is one bin, which starts at its first row.
  for (const batchRows of [2048, 1500, 999, 1001, 1000]) {
    for (const groups of [['window', 'service'], ['service', 'window'], ['window', 'service', 'win7']]) {
      const what = `${groups.join(',')} / ${batchRows} rows`;
      const [got, want] = await both(meta(), groups, ALL_AGGS, { batchRows, rows: 3000, time: ts10 });
      assert.equal(got, want, what);
      // Three services ('' included) per 10 s bin, or per piece of one 10 s and one 7 s bin.
      assert.is(got.length, 3 * (groups.length === 2 ? 3 : binPairs(3000, ts10)), what);
    }
  }
});

test('crossing batches take the per-upid path; scattered times and many short runs take the row path', async () => {
  const m = meta();
  const mapping = (j: number): string => m.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  const window = plan('ev', ['service'], []).nodes[1]!.relation.findIndex((c) => c.name === 'window');
  const svc = 5;
  // Sorted: 2 batches (3 + 1 runs), no batch on the row path.
  const sorted = await mappedBatches(m, tables(mapping, 2048, 3000, ts10));
  const a = await drive(sorted.batches, sorted.types, [window, svc], ALL_AGGS);
  assert.equal(a.got, a.want);
  assert.is(a.rowPath, 0);
  // With win7 too, over one 3000-row batch of 15 s: the two keys' runs are combined.
  const ts5 = (j: number): bigint => T0 + BigInt(j) * 5_000_000n;
  const one = await mappedBatches(m, tables(mapping, 3000, 3000, ts5));
  const w7 = await drive(one.batches, one.types, [window, svc, window + 1], ALL_AGGS);
  assert.equal(w7.got, w7.want);
  assert.ok(binPairs(3000, ts5) > 2);
  assert.is(w7.got.length, 3 * binPairs(3000, ts5));
  assert.is(w7.rowPath, 0);
  // Scattered: no recorded runs, every batch on the row path.
  const mixed = await mappedBatches(m, tables(mapping, 1500, 3000, scattered));
  const b = await drive(mixed.batches, mixed.types, [window, svc], ALL_AGGS);
  assert.equal(b.got, b.want);
  assert.is(b.got.length, 9);
  assert.is(b.rowPath, 2);
  // Rows 100 ms apart in one 3000-row batch: 30 recorded runs of 100 rows, too short (row path).
  const short = await mappedBatches(m, tables(mapping, 3000, 3000, (j) => T0 + BigInt(j) * 100_000_000n));
  const c = await drive(short.batches, short.types, [window, svc], ALL_AGGS);
  assert.equal(c.got, c.want);
  assert.is(c.got.length, 90);
  assert.is(c.rowPath, 1);
});

test('recorded runs may be empty (a start repeated): they fold nothing', async () => {
  const m = meta();
  const mapping = (j: number): string => m.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  const { batches, types } = await mappedBatches(m, tables(mapping, 1500, 3000, ts10));
  const window = 6;
  // Batch 0 holds rows 0..1499 (bin starts at row 1000); batch 1 rows 1500..2999 (bin starts at 500).
  recordRuns(batches[0]!.columns[window]!, Int32Array.of(0, 1000, 1000));
  recordRuns(batches[1]!.columns[window]!, Int32Array.of(0, 500, 500));
  const d = await drive(batches, types, [window, 5], ALL_AGGS);
  assert.equal(d.got, d.want);
  assert.is(d.got.length, 9);
  assert.is(d.rowPath, 0);
});

test('batches that lost their dictionary to a filter mix with per-upid batches in one group-by', async () => {
  const [got, want] = await both(meta(), ['service'], ALL_AGGS, { between: 'filter' });
  assert.equal(got, want);
  assert.equal(got.map((row) => row[1]), [11n, 8n, 20n]);
});

test('empty input gives no groups; a one-row batch gives one group', async () => {
  const late = { startTime: { kind: 'absolute', ns: ts(N) } } as Partial<PlanNode>;
  const [none, noneRow] = await both(meta(), ['service'], ALL_AGGS, { source: late });
  assert.equal(none, []);
  assert.equal(noneRow, []);
  const last = { startTime: { kind: 'absolute', ns: ts(N - 1) } } as Partial<PlanNode>;
  const [one, oneRow] = await both(meta(), ['service'], ALL_AGGS, { source: last });
  assert.equal(one, oneRow);
  assert.is(one.length, 1);
});

/** Yields `ev`'s batches and changes the metadata (pid 4 joins p3, so service b) after `after` of them. */
class ChangingProvider implements TableProvider {
  constructor(private readonly inner: MemoryTableProvider, private readonly m: AgentMetadataState, private readonly after: number) {}
  relation(table: string): Relation | undefined { return this.inner.relation(table); }
  async *scan(table: string, columns: readonly string[], range: TimeRange): AsyncIterable<RowBatch> {
    let k = 0;
    for await (const b of this.inner.scan(table, columns, range)) {
      if (table === 'ev' && k++ === this.after) this.m.apply('late', { processes: [{ upid: { asid: 0, pid: 4, startTicks: 7n }, containerId: 'c3', cmdline: '' }] });
      yield b;
    }
  }
}

test('a metadata change mid-query: rows keep the answer their batch was evaluated with', async () => {
  const m = meta();
  const before = meta(), after = meta((b) => b.process({ pid: 4, startTicks: 7n, containerId: 'c3' }));
  const svcOf = (s: AgentMetadataState, j: number): string => s.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  // Batches of 7 rows: rows 0..13 are mapped before the change, the rest after it.
  const mapping = (j: number): string => svcOf(j < 14 ? before : after, j);
  const p = new ChangingProvider(tables(mapping), m, 2);
  const got = await resultRows(plan('ev', ['service'], ALL_AGGS), { provider: p, metadata: m });
  const want = await resultRows(plan('svc', ['service'], ALL_AGGS), { provider: tables(mapping), metadata: m });
  assert.equal(got, want);
  assert.equal(got.map((row) => [row[0], row[1]]), [['', 9n], ['ns/b', 10n], ['ns/a', 21n]]);
});

test('a metadata change between batches that cross bin boundaries: ids restart, groups stay exact', async () => {
  const before = meta(), after = meta((b) => b.process({ pid: 4, startTicks: 7n, containerId: 'c3' }));
  const svcOf = (s: AgentMetadataState, j: number): string => s.upidToServiceName(upidHigh(0, pidOf(j)), 7n);
  // 1500-row batches: batch 0 (rows 0..1499) before the change, batch 1 (1500..2999, a bin
  // starts at row 2000, mid-batch) after it, when pid 4 has moved from no service to b.
  const mapping = (j: number): string => svcOf(j < 1500 ? before : after, j);
  const opts = { batchRows: 1500, rows: 3000, time: ts10 };
  for (const groups of [['window', 'service'], ['service']]) {
    const m = meta();
    const p = new ChangingProvider(tables(mapping, 1500, 3000, ts10), m, 1);
    const got = await resultRows(plan('ev', groups, ALL_AGGS, opts), { provider: p, metadata: m });
    const want = await resultRows(plan('svc', groups, ALL_AGGS, opts), { provider: tables(mapping, 1500, 3000, ts10), metadata: m });
    assert.equal(got, want, groups.join(','));
  }
});

test.run();
