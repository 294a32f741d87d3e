// Fixed fixture rows for the corpus: every fixture table of fixtures.ts filled with a few
// deterministic rows around NOW, and metadata (pods, services, processes) they refer to.

import { DataType as T } from '../../src/types/index.js';
import type { Column, Relation, RowBatch } from '../../src/types/index.js';
import { MemoryTableProvider } from '../../src/exec/index.js';
import type { AgentInfo } from '../../src/exec/operators/udtf.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import { NOW, TABLES } from './fixtures.js';

const S = 1_000_000_000n;
const MS = 1_000_000n;
type Cell = bigint | number | string | boolean | [bigint, bigint];

function column(type: number, values: Cell[]): Column {
  switch (type) {
    case T.BOOLEAN: return { type: T.BOOLEAN, data: Uint8Array.from(values.map((v) => (v ? 1 : 0))) };
    case T.INT64: return { type: T.INT64, data: BigInt64Array.from(values.map((v) => BigInt(v as bigint))) };
    case T.TIME64NS: return { type: T.TIME64NS, data: BigInt64Array.from(values.map((v) => BigInt(v as bigint))) };
    case T.FLOAT64: return { type: T.FLOAT64, data: Float64Array.from(values as number[]) };
    case T.STRING: return { type: T.STRING, data: values as string[] };
    default: {
      const pairs = values as [bigint, bigint][];
      return { type: T.UINT128, high: BigUint64Array.from(pairs.map((p) => p[0])), low: BigUint64Array.from(pairs.map((p) => p[1])) };
    }
  }
}

function table(relation: Relation, rows: Cell[][]): RowBatch {
  return { numRows: rows.length, columns: relation.map((c, i) => column(c.type, rows.map((r) => r[i]!))) };
}

// Processes: pid 100 = shop/frontend, 200 = shop/cart, 300 = kube-system/dns (asid 0).
const upid = (pid: number): [bigint, bigint] => [BigInt(pid), 1000n + BigInt(pid)];
const t = (secondsAgo: number) => NOW - BigInt(secondsAgo) * S;

export const metadata = metadataBuilder({ nodeName: 'node-1', hostname: 'node-1' })
  .pod({ name: 'frontend', namespace: 'shop', ip: '10.0.0.1', startTimeNs: t(3600), phase: 'Running', containers: [{ id: 'c1', name: 'web' }] })
  .pod({ name: 'cart', namespace: 'shop', ip: '10.0.0.2', startTimeNs: t(7200), phase: 'Running', containers: [{ id: 'c2', name: 'cart' }] })
  .pod({ name: 'dns', namespace: 'kube-system', ip: '10.0.0.3', startTimeNs: t(9000), phase: 'Running', containers: [{ id: 'c3', name: 'coredns' }] })
  .service({ name: 'frontend-svc', namespace: 'shop', clusterIps: ['10.96.0.10'], pods: ['shop/frontend'] })
  .service({ name: 'cart-svc', namespace: 'shop', clusterIps: ['10.96.0.11'], pods: ['shop/cart'] })
  .process({ pid: 100, startTicks: 1100n, containerId: 'c1', cmdline: '/bin/web --port 80' })
  .process({ pid: 200, startTicks: 1200n, containerId: 'c2', cmdline: '/bin/cart' })
  .process({ pid: 300, startTicks: 1300n, containerId: 'c3', cmdline: '/coredns -conf /etc/Corefile' })
  .build();

// http_events: time_, upid, remote_addr, local_addr, trace_role, encrypted, req_method, req_path,
// resp_status, req_body_size, latency, resp_body
const http: Cell[][] = [
  [t(240), upid(100), '10.0.0.2', '10.0.0.1', 2n, false, 'GET', '/api/items', 200n, 0n, 12n * MS, '{"items":3,"ok":true,"price":9.5}'],
  [t(200), upid(100), '10.0.0.2', '10.0.0.1', 2n, false, 'POST', '/api/cart', 201n, 512n, 30n * MS, '{"items":1,"ok":true,"price":2.25}'],
  [t(170), upid(100), '192.168.1.7', '10.0.0.1', 2n, true, 'GET', '/healthz', 200n, 0n, 1n * MS, '{"status":"up"}'],
  [t(150), upid(200), '10.0.0.1', '10.0.0.2', 1n, false, 'GET', '/api/items', 500n, 0n, 250n * MS, '{"error":"boom"}'],
  [t(120), upid(200), '10.0.0.1', '10.0.0.2', 2n, false, 'GET', '/cart/42', 200n, 0n, 8n * MS, '{"items":2,"ok":true,"price":4.0}'],
  [t(90), upid(100), '10.0.0.3', '10.0.0.1', 1n, false, 'GET', '/resolve', 404n, 0n, 3n * MS, '[]'],
  [t(50), upid(100), '10.0.0.2', '10.0.0.1', 2n, false, 'GET', '/api/items', 200n, 0n, 14n * MS, '{"items":5,"ok":true,"price":1.5}'],
  [t(40), upid(200), '10.0.0.1', '10.0.0.2', 2n, false, 'DELETE', '/cart/42', 204n, 64n, 6n * MS, ''],
  [t(20), upid(100), '10.0.0.2', '10.0.0.1', 2n, false, 'GET', '/healthz', 200n, 0n, 2n * MS, '{"status":"up"}'],
  [t(10), upid(300), '10.0.0.1', '10.0.0.3', 2n, false, 'GET', '/metrics', 503n, 0n, 40n * MS, '{"error":"unavailable","retry":["a","b"]}'],
];

// process_stats: time_, upid, cpu_utime_ns, cpu_ktime_ns, rss_bytes, vsize_bytes
const proc: Cell[][] = [];
for (const [k, secs] of [[0, 180], [1, 120], [2, 60]] as const) {
  proc.push([t(secs), upid(100), BigInt(1_000 + k * 400) * MS, BigInt(200 + k * 50) * MS, BigInt(50 + k) * 1_000_000n, 900_000_000n]);
  proc.push([t(secs), upid(200), BigInt(3_000 + k * 100) * MS, BigInt(500 + k * 10) * MS, 80_000_000n, 1_200_000_000n]);
  proc.push([t(secs), upid(300), BigInt(10 + k) * MS, 5n * MS, 20_000_000n, 300_000_000n]);
}

// network_stats: time_, pod_id, rx_bytes, tx_bytes
const net: Cell[][] = [
  [t(180), 'uid-shop-frontend', 1000n, 2000n], [t(180), 'uid-shop-cart', 500n, 700n], [t(180), 'uid-kube-system-dns', 90n, 90n],
  [t(60), 'uid-shop-frontend', 4000n, 6500n], [t(60), 'uid-shop-cart', 900n, 1300n], [t(60), 'uid-kube-system-dns', 120n, 100n],
];

// conn_stats: time_, upid, remote_addr, trace_role, conn_open, bytes_sent, bytes_recv
const conn: Cell[][] = [
  [t(200), upid(100), '10.0.0.2', 1n, 1n, 100n, 300n],
  [t(100), upid(100), '10.0.0.2', 1n, 3n, 900n, 1500n],
  [t(150), upid(200), '10.0.0.1', 2n, 2n, 400n, 250n],
  [t(30), upid(200), '10.0.0.1', 2n, 2n, 1400n, 650n],
  [t(30), upid(300), '8.8.8.8', 1n, 1n, 60n, 120n],
];

// stack_traces.beta: time_, upid, stack_trace_id, stack_trace, count
const stacks: Cell[][] = [
  [t(60), upid(100), 1n, 'main;serve;handle', 10n],
  [t(60), upid(100), 2n, 'main;serve;gc', 3n],
  [t(30), upid(200), 3n, 'main;cart;db', 7n],
  [t(30), upid(100), 1n, 'main;serve;handle', 5n],
];

const ROWS = new Map<string, Cell[][]>([
  ['http_events', http], ['process_stats', proc], ['network_stats', net], ['conn_stats', conn], ['stack_traces.beta', stacks],
]);

/** This agent, as px.GetAgentStatus() and px._HeapGrowthStacks() report it. */
export const agent: AgentInfo = {
  agentId: { high: 0x0123n, low: 0x4567n }, asid: 1, hostname: 'node-1', ipAddress: '10.0.0.9:50300',
  createTimeNs: NOW - 3_600_000_000_000n, kernelHeadersInstalled: true,
};

/** A provider over the fixture tables (batches of at most 4 rows, to exercise batch seams). */
export function corpusProvider(): MemoryTableProvider {
  const p = new MemoryTableProvider();
  for (const [name, relation] of TABLES) p.add(name, relation, [table(relation, ROWS.get(name) ?? [])], 4);
  return p;
}
