// PxL engine vs DuckDB (single thread) on the same 10 M-row http_events data and the same
// five queries, written once in PxL and once in SQL. PxL time = parse + compile + execute to
// result batches (no transport); DuckDB time = run() to a materialized result. Results are
// compared (quantiles within the t-digest's stated rank error), and event-loop delay p99 is
// measured while each PxL query scans the table.
// Run: node --import tsx bench/engine.bench.mjs   → bench/results/engine.json
// Env: ENGINE_BENCH_ROWS (default 10000000), ENGINE_BENCH_REPS (default 9: medians of nine
// alternated runs, so that up to four runs slowed by the shared host do not move them).

import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { compileScript, mapCatalog } from '../src/pxl/index.ts';
import { runPlan } from '../src/exec/executor.ts';
import { resultBufferPool } from '../src/exec/result-buffers.ts';
import { MemoryTableProvider } from '../src/exec/provider.ts';
import { metadataBuilder } from '../src/metadata/state.ts';
import { upidHigh } from '../src/metadata/api.ts';
import { tableSchema } from '../src/store/schemas.ts';
import { DataType, SemanticType } from '../src/types/index.ts';
import { QUANTILE_RELATIVE_ERROR } from '../src/pxl/functions/index.ts';
import { median } from './stats.mjs';
import { T0, STEP_NS, SERVICES, UPIDS, STATUS, PATHS, METHODS, svcName, nsName } from './engine-data.mjs';

// A full GC before each timed run (never inside one), so garbage from data generation, the
// result comparison or the previous query is not collected on the next query's clock.
v8.setFlagsFromString('--expose_gc');
const fullGc = runInNewContext('gc');

/**
 * A full GC, 50 ms of idle event loop, another full GC. Work V8 schedules after a full
 * collection (here: a 25-40 ms young-generation collection over the new space the previous
 * query's result comparison grew to its maximum) then runs before the timed run instead of
 * as the first event-loop task inside it. Nothing else changes: the engine's own garbage
 * is still collected on its clock.
 */
async function settledGc() {
  fullGc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  fullGc();
}

/** Rank slack when comparing with DuckDB (nearest-rank definitions differ by a row or so). */
const RANK_SLACK = 0.001;

const N = Number(process.env.ENGINE_BENCH_ROWS ?? 10_000_000);
const REPS = Number(process.env.ENGINE_BENCH_REPS ?? 9);
/** Comma-separated query ids to run (default all). */
const ONLY = process.env.ENGINE_BENCH_ONLY?.split(',');
/** Profiling aid: run only the PxL side (no DuckDB load, no comparison, no results file). */
const PXL_ONLY = process.env.ENGINE_BENCH_PXL_ONLY === '1';

// ------------------------------------------------------------------------------------------
// Data: one deterministic formula per column, evaluated in JS and in DuckDB SQL.
// h1 = (i·387420489 + 1013904223) mod (2^31−1), h2 = h1·48271 mod (2^31−1), h3 = h2·48271 mod (2^31−1)
// (all products stay below 2^53, so doubles and BIGINTs agree exactly).

const BATCH_ROWS = 65536;

/**
 * Rows [start, start + n) as one batch (the store keeps data in batches like these). Generating
 * batch by batch avoids keeping whole-table 10M-element arrays next to the batch copies, which
 * doubled the heap and made full GCs 100-200 ms.
 */
function generateBatch(start, n, highs) {
  const M = 2147483647;
  const time = new BigInt64Array(n);
  const high = new BigUint64Array(n);
  const low = new BigUint64Array(n).fill(1n);
  const method = [];
  const path = [];
  const status = new BigInt64Array(n);
  const body = new BigInt64Array(n);
  const latency = new BigInt64Array(n);
  const tv = new Int32Array(time.buffer);
  const [t0h, t0l] = [Number(T0 >> 32n), Number(T0 & 0xffffffffn)];
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const h1 = (i * 387420489 + 1013904223) % M;
    const h2 = (h1 * 48271) % M;
    const h3 = (h2 * 48271) % M;
    // time = T0 + i·STEP, written as two halves to keep generation fast and exact.
    const off = i * STEP_NS;
    const lo = t0l + (off % 4294967296);
    tv[2 * r] = lo | 0;
    tv[2 * r + 1] = t0h + Math.floor(off / 4294967296) + (lo >= 4294967296 ? 1 : 0);
    high[r] = highs[h1 % UPIDS];
    method.push(METHODS[h3 % 4]);
    path.push(PATHS[h1 % 20]);
    status[r] = BigInt(STATUS[h2 % 20]);
    body[r] = BigInt(h3 % 100000);
    latency[r] = BigInt(1000 + (h3 % 1000) * ((h2 % 997) + 1) * 10);
  }
  return {
    numRows: n,
    columns: [
      { type: DataType.TIME64NS, data: time },
      { type: DataType.UINT128, high, low },
      { type: DataType.STRING, data: method },
      { type: DataType.STRING, data: path },
      { type: DataType.INT64, data: status },
      { type: DataType.INT64, data: body },
      { type: DataType.INT64, data: latency },
    ],
  };
}

function generate(n) {
  const highs = Array.from({ length: UPIDS }, (_, u) => upidHigh(0, 1000 + u));
  const batches = [];
  for (let start = 0; start < n; start += BATCH_ROWS) batches.push(generateBatch(start, Math.min(BATCH_ROWS, n - start), highs));
  return batches;
}

const HTTP_COLUMNS = ['time_', 'upid', 'req_method', 'req_path', 'resp_status', 'resp_body_size', 'latency'];

function httpRelation() {
  const full = tableSchema('http_events');
  return HTTP_COLUMNS.map((name) => {
    const c = full?.find((x) => x.name === name);
    if (!c) throw new Error(`http_events has no column ${name}`);
    return c;
  });
}

const svcRelation = [
  { name: 'service', type: DataType.STRING, semanticType: SemanticType.ST_SERVICE_NAME, desc: '' },
  { name: 'namespace', type: DataType.STRING, semanticType: SemanticType.ST_NAMESPACE_NAME, desc: '' },
];

function metadataState() {
  const b = metadataBuilder({ nodeName: 'bench-node' });
  for (let j = 0; j < SERVICES; j++) {
    b.pod({ name: `pod${j}`, namespace: nsName(j), containers: [{ id: `c${j}`, name: `app${j}` }] });
  }
  for (let j = 0; j < SERVICES; j++) b.service({ name: `svc${j}`, namespace: nsName(j), pods: [`${nsName(j)}/pod${j}`] });
  for (let u = 0; u < UPIDS; u++) b.process({ pid: 1000 + u, startTicks: 1n, containerId: `c${u % SERVICES}`, cmdline: `app --id=${u}` });
  return b.build();
}


/**
 * DuckDB in a worker thread (engine-duckdb.worker.mjs says why): time(sql) → ms measured in
 * the worker around run(); rows(sql) → the materialized rows.
 */
async function startDuckDB(n) {
  const worker = new Worker(new URL('./engine-duckdb.worker.mjs', import.meta.url), { workerData: { n } });
  const pending = new Map();
  let next = 0;
  const ready = new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m) => resolve(m.loadMs));
  });
  const loadMs = await ready;
  worker.on('message', (m) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m);
  });
  const ask = (op, sql) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, sql });
  });
  return {
    loadMs,
    time: async (sql) => (await ask('time', sql)).ms,
    rows: async (sql) => (await ask('rows', sql)).rows,
    close: () => worker.terminate(),
  };
}

// ------------------------------------------------------------------------------------------
// Queries

const BIG = '#px:set max_output_rows_per_table=100000000\n';
const JOIN = 'FROM http_events e JOIN upid_service u ON e.upid_hi = u.upid_hi AND e.upid_lo = u.upid_lo';
const QUERIES = [
  {
    id: 'Q1', what: 'resp_status >= 400, 4 columns',
    pxl: `${BIG}import px
df = px.DataFrame(table='http_events')
df = df[df.resp_status >= 400]
df = df[['time_', 'req_path', 'resp_status', 'latency']]
px.display(df, 'q1')
`,
    sql: `SELECT time_, req_path, resp_status, latency FROM http_events WHERE resp_status >= 400`,
  },
  {
    id: 'Q2', what: 'per service: count, mean latency, p50/p99',
    pxl: `import px
df = px.DataFrame(table='http_events')
df.service = df.ctx['service']
df = df.groupby('service').agg(n=('latency', px.count), lat_mean=('latency', px.mean), q=('latency', px.quantiles))
df.p50 = px.pluck_float64(df.q, 'p50')
df.p99 = px.pluck_float64(df.q, 'p99')
df = df.drop('q')
px.display(df, 'q2')
`,
    sql: `SELECT service, count(*) AS n, avg(latency) AS lat_mean, quantile_cont(latency, 0.5) AS p50, quantile_cont(latency, 0.99) AS p99
          FROM http_events GROUP BY service`,
    sqlJoin: `SELECT u.service, count(*) AS n, avg(latency) AS lat_mean, quantile_cont(latency, 0.5) AS p50, quantile_cont(latency, 0.99) AS p99
          %JOIN% GROUP BY u.service`,
  },
  {
    id: 'Q3', what: '10-second bins x service: count, sum(resp_body_size)',
    pxl: `import px
df = px.DataFrame(table='http_events')
df.service = df.ctx['service']
df.window = px.bin(df.time_, px.seconds(10))
df = df.groupby(['window', 'service']).agg(n=('resp_body_size', px.count), bytes=('resp_body_size', px.sum))
px.display(df, 'q3')
`,
    sql: `SELECT time_ - time_ % 10000000000 AS window, service, count(*) AS n, sum(resp_body_size)::BIGINT AS bytes
          FROM http_events GROUP BY ALL`,
    sqlJoin: `SELECT time_ - time_ % 10000000000 AS window, u.service, count(*) AS n, sum(resp_body_size)::BIGINT AS bytes
          %JOIN% GROUP BY ALL`,
  },
  {
    id: 'Q4', what: 'head(100) of a filtered scan',
    pxl: `import px
df = px.DataFrame(table='http_events')
df = df[df.resp_status >= 500]
df = df[['time_', 'req_path', 'resp_status', 'latency']]
df = df.head(100)
px.display(df, 'q4')
`,
    sql: `SELECT time_, req_path, resp_status, latency FROM http_events WHERE resp_status >= 500 LIMIT 100`,
  },
  {
    id: 'Q5', what: 'per-service stats merged with a 50-row service -> namespace table',
    pxl: `import px
df = px.DataFrame(table='http_events')
df.service = df.ctx['service']
stats = df.groupby('service').agg(n=('latency', px.count), lat_mean=('latency', px.mean))
ns = px.DataFrame(table='service_ns')
out = stats.merge(ns, how='inner', left_on='service', right_on='service', suffixes=['', '_ns'])
px.display(out, 'q5')
`,
    sql: `WITH s AS (SELECT service, count(*) AS n, avg(latency) AS lat_mean FROM http_events GROUP BY service)
          SELECT s.service, s.n, s.lat_mean, m.service AS service_ns, m.namespace FROM s JOIN service_ns m ON s.service = m.service`,
    sqlJoin: `WITH s AS (SELECT u.service, count(*) AS n, avg(latency) AS lat_mean %JOIN% GROUP BY u.service)
          SELECT s.service, s.n, s.lat_mean, m.service AS service_ns, m.namespace FROM s JOIN service_ns m ON s.service = m.service`,
  },
];

// ------------------------------------------------------------------------------------------
// Running

let runSerial = 0;
/** `fresh`: the script gets a unique trailing comment, so that neither the parse cache nor the
 *  plan cache knows it: parse + compile + execute, as the issue defines the PxL time. Without
 *  it, a repeated script reuses its compiled plan (src/pxl/index.ts), as a tool re-sending
 *  the same script gets. */
async function runPxl(q, env, fresh = true, lease = undefined) {
  const script = fresh ? `${q.pxl}\n# bench run ${++runSerial}\n` : q.pxl;
  const r = compileScript(script, { catalog: env.catalog, now: env.now, limits: { maxResultRows: 100_000_000 } });
  if (r.errors.length > 0) throw r.errors[0];
  return runPlan(r.plan, { provider: env.provider, metadata: env.metadata, nowNs: env.now, ...(lease ? { resultBuffers: lease } : {}) });
}

/**
 * A timed run whose results are dropped right after it: its result memory is released to the
 * process pool (src/exec/result-buffers.ts), as the direct-query service releases a query's
 * once its batches are sent, and the next run's results reuse it.
 */
async function timedRun(q, env, fresh = true) {
  const lease = resultBufferPool.lease();
  const [ms] = await timeIt(() => runPxl(q, env, fresh, lease));
  lease.release();
  return ms;
}

function tableRows(t) {
  const out = [];
  for (const b of t.batches) {
    for (let i = 0; i < b.numRows; i++) {
      out.push(b.columns.map((c) => (c.type === DataType.UINT128 ? [c.high[i], c.low[i]] : c.type === DataType.BOOLEAN ? c.data[i] !== 0 : c.data[i])));
    }
  }
  return out;
}

async function timeIt(fn) {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

// ------------------------------------------------------------------------------------------
// Result comparison

const close = (a, b, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

async function compare(q, pxlTables, duck) {
  const px = tableRows(pxlTables[0]);
  const duckRows = await duck.rows(q.sql);
  const problems = [];
  const check = (ok, msg) => { if (!ok && problems.length < 5) problems.push(msg); };
  check(px.length === duckRows.length, `row count ${px.length} vs ${duckRows.length}`);
  if (q.sqlJoin) {
    // The join variant must compute exactly what the precomputed-column SQL computes.
    const key = (rows) => rows.map((r) => r.map(String).join('|')).sort().join('\n');
    const joined = await duck.rows(q.sqlJoin.replace('%JOIN%', JOIN));
    check(key(joined) === key(duckRows), 'the DuckDB join variant differs from the precomputed-column query');
  }
  switch (q.id) {
    case 'Q1': case 'Q4': {
      // Same rows in the same (table) order.
      for (let i = 0; i < Math.min(px.length, duckRows.length); i++) {
        const a = px[i], b = duckRows[i];
        check(a[0] === b[0] && a[1] === String(b[1]) && a[2] === b[2] && a[3] === b[3], `row ${i}: ${a} vs ${b}`);
      }
      break;
    }
    case 'Q2': {
      // Exact values at ranks q ± RANK_SLACK, widened by the sketch's relative error.
      const lo = 1 - QUANTILE_RELATIVE_ERROR, hi = 1 + QUANTILE_RELATIVE_ERROR;
      const bounds = new Map((await duck.rows(`SELECT service,
          quantile_disc(latency, ${0.5 - RANK_SLACK}) * ${lo}, quantile_disc(latency, ${0.5 + RANK_SLACK}) * ${hi},
          quantile_disc(latency, ${0.99 - RANK_SLACK}) * ${lo}, quantile_disc(latency, ${0.99 + RANK_SLACK}) * ${hi}
          FROM http_events GROUP BY service`)).map((r) => [String(r[0]), r.slice(1).map(Number)]));
      const d = new Map(duckRows.map((r) => [String(r[0]), r]));
      for (const [svc, n, mean, p50, p99] of px) {
        const e = d.get(svc);
        const b = bounds.get(svc);
        check(e !== undefined && e[1] === n && close(mean, e[2]), `${svc}: n/mean ${n}/${mean} vs ${e?.[1]}/${e?.[2]}`);
        check(b !== undefined && b[0] <= p50 && p50 <= b[1], `${svc}: p50 ${p50} outside [${b?.[0]}, ${b?.[1]}] (exact ${e?.[3]})`);
        check(b !== undefined && b[2] <= p99 && p99 <= b[3], `${svc}: p99 ${p99} outside [${b?.[2]}, ${b?.[3]}] (exact ${e?.[4]})`);
      }
      break;
    }
    case 'Q3': {
      const d = new Map(duckRows.map((r) => [`${r[0]}|${r[1]}`, r]));
      for (const [w, svc, n, bytes] of px) {
        const e = d.get(`${w}|${svc}`);
        check(e !== undefined && e[2] === n && e[3] === bytes, `${w}/${svc}: ${n},${bytes} vs ${e?.[2]},${e?.[3]}`);
      }
      break;
    }
    case 'Q5': {
      const d = new Map(duckRows.map((r) => [String(r[0]), r]));
      for (const [svc, n, mean, svc2, ns] of px) {
        const e = d.get(svc);
        check(e !== undefined && e[1] === n && close(mean, e[2]) && String(e[3]) === svc2 && String(e[4]) === ns, `${svc}: ${n},${mean},${ns} vs ${e}`);
      }
      break;
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  const batches = generate(N);
  const relation = httpRelation();
  const provider = new MemoryTableProvider()
    .add('http_events', relation, batches, BATCH_ROWS)
    .add('service_ns', svcRelation, [{
      numRows: SERVICES,
      columns: [
        { type: DataType.STRING, data: Array.from({ length: SERVICES }, (_, j) => svcName(j)) },
        { type: DataType.STRING, data: Array.from({ length: SERVICES }, (_, j) => nsName(j)) },
      ],
    }]);
  const env = {
    provider,
    metadata: metadataState(),
    catalog: mapCatalog(new Map([['http_events', relation], ['service_ns', svcRelation]])),
    now: T0 + 400_000_000_000n,
  };
  const genMs = performance.now() - t0;
  if (PXL_ONLY) {
    for (const q of QUERIES.filter((x) => ONLY === undefined || ONLY.includes(x.id))) {
      await runPxl(q, env);
      const ms = [];
      const cpu = [];
      for (let r = 0; r < REPS; r++) {
        fullGc();
        const c0 = process.cpuUsage();
        ms.push(await timedRun(q, env));
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      console.log(`${q.id}: pxl median ${median(ms).toFixed(1)} ms (${ms.map((x) => x.toFixed(0)).join(', ')}), cpu median ${median(cpu).toFixed(1)} ms`);
    }
    return;
  }
  const duck = await startDuckDB(N);
  const loadMs = duck.loadMs;
  console.log(`generated ${N} rows in ${genMs.toFixed(0)} ms; DuckDB loaded in ${loadMs.toFixed(0)} ms`);

  const results = [];
  for (const q of QUERIES.filter((x) => ONLY === undefined || ONLY.includes(x.id))) {
    // Warm-up (also the run whose results are compared, after timing: the comparison builds
    // millions of JS row arrays whose garbage would otherwise land in the first timed run).
    const first = await runPxl(q, env);
    await duck.time(q.sql);
    const pxlMs = [], pxlRepeatMs = [], duckMs = [], duckJoinMs = [], loopP99 = [], loopMax = [], cpuShare = [], sysMs = [], faults = [];
    // The second warm-up releases its results, as the timed runs do: the first timed run then
    // finds the result pool as every later one does.
    await timedRun(q, env, false);
    if (q.sqlJoin) await duck.time(q.sqlJoin.replace('%JOIN%', JOIN));
    for (let r = 0; r < REPS; r++) {
      await settledGc();
      const h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      const cpu0 = process.cpuUsage();
      const ru0 = process.resourceUsage();
      const ms = await timedRun(q, env);
      const ru1 = process.resourceUsage();
      const cpu = process.cpuUsage(cpu0);
      // Kernel time and minor page faults: fresh pages for result buffers are supplied (and
      // zeroed) by the kernel on first touch, on the query's clock.
      sysMs.push((ru1.systemCPUTime - ru0.systemCPUTime) / 1000);
      faults.push(ru1.minorPageFault - ru0.minorPageFault);
      h.disable();
      pxlMs.push(ms);
      // CPU time this process got per wall-clock ms: well below 1 means other processes (or
      // GC helper threads competing) took the core, which also shows up as loop delay.
      cpuShare.push((cpu.user + cpu.system) / 1000 / ms);
      loopP99.push(h.percentile(99) / 1e6);
      loopMax.push(h.max / 1e6);
      const dms = await duck.time(q.sql);
      duckMs.push(dms);
      await settledGc();
      pxlRepeatMs.push(await timedRun(q, env, false));
      if (q.sqlJoin) duckJoinMs.push(await duck.time(q.sqlJoin.replace('%JOIN%', JOIN)));
    }
    const problems = await compare(q, first, duck);
    const row = {
      query: q.id,
      what: q.what,
      resultRows: first[0].numRows,
      pxlMedianMs: +median(pxlMs).toFixed(1),
      duckdbMedianMs: +median(duckMs).toFixed(1),
      ratio: +(median(pxlMs) / median(duckMs)).toFixed(2),
      pxlRepeatedScriptMedianMs: +median(pxlRepeatMs).toFixed(1),
      ratioRepeatedScript: +(median(pxlRepeatMs) / median(duckMs)).toFixed(2),
      ...(q.sqlJoin ? {
        duckdbJoinVariantMedianMs: +median(duckJoinMs).toFixed(1),
        ratioVsJoinVariant: +(median(pxlMs) / median(duckJoinMs)).toFixed(2),
      } : {}),
      eventLoopDelayP99Ms: +Math.max(...loopP99).toFixed(1),
      eventLoopDelayMaxMs: +Math.max(...loopMax).toFixed(1),
      eventLoopDelayP99MsPerRun: loopP99.map((x) => +x.toFixed(1)),
      processCpuShareMin: +Math.min(...cpuShare).toFixed(2),
      pxlSystemCpuMsPerRun: sysMs.map((x) => +x.toFixed(1)),
      pxlMinorPageFaultsPerRun: faults,
      resultsEqual: problems.length === 0,
      ...(problems.length > 0 ? { problems } : {}),
      pxlRunsMs: pxlMs.map((x) => +x.toFixed(1)),
      duckdbRunsMs: duckMs.map((x) => +x.toFixed(1)),
    };
    results.push(row);
    console.log(`${q.id}: pxl ${row.pxlMedianMs} ms, duckdb ${row.duckdbMedianMs} ms, ratio ${row.ratio}${q.sqlJoin ? ` (join variant ${row.duckdbJoinVariantMedianMs} ms, ratio ${row.ratioVsJoinVariant})` : ''}, loop p99 ${row.eventLoopDelayP99Ms} ms, equal ${row.resultsEqual}${problems.length ? ' ' + problems.join('; ') : ''}`);
  }

  const out = {
    bench: 'engine',
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)) },
    rows: N,
    reps: REPS,
    duckdb: {
      package: '@duckdb/node-api', threads: 1, stringColumns: 'ENUM',
      thread: 'a worker thread of its own, timed there around run(): loading its native library into the thread that runs PxL made that thread\'s JS float loops 1.4-2x slower for the rest of the run (engine-duckdb.worker.mjs); results until 2026-12-04 were measured that way',
    },
    data: {
      generator: 'deterministic integer hashes of the row index, identical formulas in JS and SQL',
      columns: HTTP_COLUMNS,
      service: 'PxL: df.ctx[\'service\'] → upid_to_service_name(upid) through a fixture metadata state (200 upids → 50 services); DuckDB (ratio): the same mapping precomputed as an ENUM column; DuckDB join variant (ratioVsJoinVariant, Q2/Q3/Q5): upid columns joined with a 200-row upid → service table',
      timeSpanSeconds: (N * STEP_NS) / 1e9,
    },
    quantiles: {
      sketch: 'log-linear histogram (exponent + 7 mantissa bits per bucket), mergeable',
      statedRelativeError: QUANTILE_RELATIVE_ERROR,
      duckdb: 'quantile_cont (exact) timed; checked against quantile_disc at q ± rankSlack widened by the relative error',
      rankSlack: RANK_SLACK,
    },
    pxlTime: 'pxlMedianMs / ratio: parse + compile + execute of a script the engine has not seen (a unique trailing comment defeats the parse and plan caches); pxlRepeatedScriptMedianMs / ratioRepeatedScript: the same script again, its compiled plan reused (timed in alternation with the rest, also after a settled GC)',
    eventLoopTargetP99Ms: 50,
    gcBetweenRuns: 'before each timed PxL run (not inside it): a full GC, 50 ms idle, another full GC',
    eventLoopNote: 'eventLoopDelayP99Ms is the worst per-run p99 (monitorEventLoopDelay, 1 ms resolution) while the PxL side runs; processCpuShareMin < 1 means the process was not on a core the whole time',
    kernelNote: 'pxlSystemCpuMsPerRun / pxlMinorPageFaultsPerRun: kernel CPU time and minor page faults during each timed PxL run (process.resourceUsage); a query whose results take fresh memory (Q1: 2 M rows x 4 columns, ~56 MB) pays the kernel for every new page on its clock',
    resultMemory: "each timed PxL run's result lease is released right after the run (src/exec/result-buffers.ts), as the direct-query service does once a query's batches are sent, so later runs write their filter results into memory already mapped; the first warm-up run takes fresh memory (its results are compared with DuckDB's after timing), the second releases its own",
    keptData: 'the timed runs follow two warm-up runs of the same query over the same stored batches: from the second, the engine keeps dictionaries (and, with at most 8 values, row bitmaps) of the low-cardinality columns the query filters on, groups by or copies (src/exec/key-dict-cache.ts), and per-row upid ids (upid-id-cache.ts); the run that builds them (the second warm-up) is not timed',
    results,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/engine.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
  console.log('wrote bench/results/engine.json');
  await duck.close();
}

await main();
