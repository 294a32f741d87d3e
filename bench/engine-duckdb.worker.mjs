// The DuckDB side of bench/engine.bench.mjs, in a worker thread of its own. Loading DuckDB's
// native library into a thread changes that thread's CPU state for the rest of its life:
// measured on this project's bench host, a mean fold over 10 M rows (plain JS, no
// allocation) took 33-36 ms before `import('@duckdb/node-api')` and 47-68 ms after it, in the
// same thread on the same data; with DuckDB loaded in a worker, the main thread kept
// 34-37 ms. So each engine runs in its own thread, and DuckDB's times are taken here,
// around run() (no message round trip on its clock).
// Messages in: { id, op: 'time', sql } → { id, ms }; { id, op: 'rows', sql } → { id, rows }
// (values that are objects, e.g. ENUM values, sent as their strings).

import { parentPort, workerData } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { T0, STEP_NS, SERVICES, UPIDS, STATUS, PATHS, METHODS, svcName, nsName } from './engine-data.mjs';

async function loadDuckDB(n) {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  const list = (xs) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const enumOf = (xs) => `ENUM (${xs.map((x) => `'${x}'`).join(', ')})`;
  const svcs = Array.from({ length: SERVICES }, (_, j) => svcName(j));
  const nss = [...new Set(Array.from({ length: SERVICES }, (_, j) => nsName(j)))];
  await conn.run(`CREATE TYPE svc_t AS ${enumOf(svcs)}`);
  await conn.run(`CREATE TYPE ns_t AS ${enumOf(nss)}`);
  await conn.run(`CREATE TYPE path_t AS ${enumOf(PATHS)}`);
  await conn.run(`CREATE TYPE method_t AS ${enumOf(METHODS)}`);
  // service: the same upid → service rule the PxL side resolves through metadata (upid u → svc u mod 50),
  // precomputed as an ENUM column.
  await conn.run(`
    CREATE TABLE http_events AS
    WITH a AS (SELECT i, (i * 387420489 + 1013904223) % 2147483647 AS h1 FROM range(${n}) t(i)),
         b AS (SELECT i, h1, (h1 * 48271) % 2147483647 AS h2 FROM a),
         c AS (SELECT i, h1, h2, (h2 * 48271) % 2147483647 AS h3 FROM b)
    SELECT ${T0}::BIGINT + i * ${STEP_NS} AS time_,
           (${list(svcs)})[(h1 % ${UPIDS}) % ${SERVICES} + 1]::svc_t AS service,
           (${list(METHODS)})[h3 % 4 + 1]::method_t AS req_method,
           (${list(PATHS)})[h1 % 20 + 1]::path_t AS req_path,
           ([${STATUS.join(', ')}])[h2 % 20 + 1]::BIGINT AS resp_status,
           (h3 % 100000)::BIGINT AS resp_body_size,
           (1000 + (h3 % 1000) * ((h2 % 997) + 1) * 10)::BIGINT AS latency,
           (1000 + h1 % ${UPIDS})::UBIGINT AS upid_hi,
           1::UBIGINT AS upid_lo
    FROM c ORDER BY i`);
  // For the join variant: the metadata mapping as a table (upid → service), as PxL resolves it.
  await conn.run(`CREATE TABLE upid_service AS
    SELECT (1000 + u)::UBIGINT AS upid_hi, 1::UBIGINT AS upid_lo, (${list(svcs)})[u % ${SERVICES} + 1]::svc_t AS service
    FROM range(${UPIDS}) t(u)`);
  await conn.run(`CREATE TABLE service_ns (service svc_t, namespace ns_t)`);
  await conn.run(`INSERT INTO service_ns VALUES ${svcs.map((s, j) => `('${s}', '${nsName(j)}')`).join(', ')}`);
  return { db, conn };
}

const t0 = performance.now();
const { conn } = await loadDuckDB(workerData.n);
parentPort.postMessage({ ready: true, loadMs: performance.now() - t0 });

const plain = (v) => (typeof v === 'object' && v !== null ? String(v) : v);

parentPort.on('message', async ({ id, op, sql }) => {
  try {
    if (op === 'time') {
      const t = performance.now();
      await conn.run(sql);
      parentPort.postMessage({ id, ms: performance.now() - t });
    } else {
      const rows = (await conn.runAndReadAll(sql)).getRows().map((r) => r.map(plain));
      parentPort.postMessage({ id, rows });
    }
  } catch (e) {
    parentPort.postMessage({ id, error: String(e?.stack ?? e) });
  }
});
