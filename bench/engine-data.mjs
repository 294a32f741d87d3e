// The engine bench's data: one deterministic formula per column, evaluated in JS (the PxL
// side, engine.bench.mjs) and in SQL (the DuckDB side, engine-duckdb.worker.mjs).
// h1 = (i·387420489 + 1013904223) mod (2^31−1), h2 = h1·48271 mod (2^31−1), h3 = h2·48271 mod (2^31−1)
// (all products stay below 2^53, so doubles and BIGINTs agree exactly).

export const T0 = 1_764_000_000_000_000_000n; // a multiple of 10 s
export const STEP_NS = 30_000; // 10 M rows span 300 s → 30 ten-second bins
export const SERVICES = 50;
export const UPIDS = 200;
export const STATUS = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 404, 404, 500, 503, 201];
export const PATHS = Array.from({ length: 20 }, (_, k) => `/api/v1/resource${k}`);
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
export const svcName = (j) => `ns${j % 5}/svc${j}`;
export const nsName = (j) => `ns${j % 5}`;
