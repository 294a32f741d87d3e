import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_TABLES } from '../../../src/store/index.js';
import { mapCatalog } from '../../../src/pxl/index.js';
import { compile, errorOf, NOW } from '../fixtures.js';
import { metadata } from '../corpus-data.js';
import { MemoryTableProvider, runPlan } from '../../../src/exec/index.js';
import { DataType as T } from '../../../src/types/index.js';
import type { Column } from '../../../src/types/index.js';

// pxviews reads the full PEM tables, so these tests compile against the store's schemas.
const catalog = mapCatalog(new Map(BUILTIN_TABLES.map((t) => [t.name, t.relation])));

function outputColumns(call: string): string[] {
  const r = compile(`import px\nimport pxviews\npx.display(${call})`, { catalog });
  if (r.errors.length > 0) throw new Error(r.errors[0]!.render());
  return r.sinks[0]!.relation.map((c) => c.name);
}

const PROCESS = ['time_', 'pod_id', 'container', 'pod', 'service', 'namespace', 'node', 'cpu_usage', 'actual_disk_read_throughput',
  'actual_disk_write_throughput', 'total_disk_read_throughput', 'total_disk_write_throughput', 'rss', 'vsize'];

test('container_process_summary outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.container_process_summary('-5m', px.now())"), PROCESS);
});

test('container_process_timeseries outputs the same columns with window starts', () => {
  assert.equal(outputColumns("pxviews.container_process_timeseries('-5m', px.now(), px.DurationNanos(10 * 1000000000))"), PROCESS);
});

test('pod_resource_stats outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.pod_resource_stats('-5m', px.now())"), [
    'time_', 'pod_id', 'pod', 'service', 'node', 'namespace', 'container_count', 'pod_start_time', 'pod_status', 'cpu_usage', 'rss',
    'vsize', 'actual_disk_read_throughput', 'actual_disk_write_throughput', 'total_disk_read_throughput', 'total_disk_write_throughput',
  ]);
});

test('pod_network_timeseries outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.pod_network_timeseries('-5m', px.now(), 10000000000)"), [
    'time_', 'pod_id', 'pod', 'service', 'namespace', 'node', 'rx_bytes_per_ns', 'tx_bytes_per_ns', 'rx_drops_per_ns', 'tx_drops_per_ns',
    'rx_errors_per_ns', 'tx_errors_per_ns',
  ]);
});

test('connection_throughput_stats uses an outer join and outputs the c.4 columns', () => {
  const r = compile("import px\nimport pxviews\npx.display(pxviews.connection_throughput_stats('-5m', px.now()))", { catalog });
  assert.equal(r.sinks[0]!.relation.map((c) => c.name), [
    'time_', 'remote_addr', 'node', 'pod_id', 'pod', 'namespace', 'service', 'inbound_conn_throughput', 'outbound_conn_throughput',
  ]);
  assert.ok(r.plan!.nodes.some((n) => n.kind === 'merge' && n.how === 'outer'));
});

test('inbound_http_summary outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.inbound_http_summary('-5m', px.now())"), [
    'time_', 'pod_id', 'pod', 'service', 'namespace', 'node', 'requestor_ip', 'requestor_pod', 'requestor_service', 'latency_quantiles',
    'latency_sum', 'num_requests', 'num_errors', 'req_bytes', 'resp_bytes',
  ]);
});

test('http_graph outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.http_graph('-5m', px.now())"), [
    'time_', 'responder_pod', 'requestor_pod', 'responder_namespace', 'requestor_namespace', 'responder_node', 'requestor_node',
    'responder_ip', 'requestor_ip', 'responder_service', 'requestor_service', 'latency_p50', 'latency_p90', 'latency_p99',
    'latency_quantiles', 'latency_sum', 'num_requests', 'num_errors', 'req_bytes', 'resp_bytes',
  ]);
});

test('stacktraces outputs the c.4 columns', () => {
  assert.equal(outputColumns("pxviews.stacktraces('-5m', px.now())"), [
    'namespace', 'node', 'service', 'pod', 'container', 'cmdline', 'stack_trace', 'time_', 'stack_trace_id', 'count', 'node_num_cpus',
  ]);
});

test('positions an error raised inside pxviews in pxviews.pxl', () => {
  const r = compile("import px\nimport pxviews\npx.display(pxviews.stacktraces('whenever', px.now()))", { catalog });
  const e = r.errors[0]!;
  assert.equal([e.code, e.line, e.render().split('\n')[0]], [
    'ERR_PXL_VALUE', e.line,
    `pxviews.pxl:${e.line}:${e.column}: ERR_PXL_VALUE: cannot parse start_time 'whenever'; expected a duration such as '-5m' or a time such as '2024-01-02 03:04:05 +0000'`,
  ]);
  assert.ok(e.render().includes("px.DataFrame('stack_traces.beta', start_time=start_time, end_time=end_time)"));
});

test('reports an unknown pxviews function with a suggestion', () => {
  assert.equal(errorOf("import px\nimport pxviews\npx.display(pxviews.http_grph('-5m', px.now()))", { catalog }), {
    code: 'ERR_PXL_ATTRIBUTE', message: "module 'pxviews' has no member 'http_grph'. Did you mean 'http_graph'?", line: 3, column: 20,
  });
});

/** Every built-in table with 12 generated rows over the last two minutes (pids 100/200/300). */
function generatedTables(): MemoryTableProvider {
  const p = new MemoryTableProvider();
  const n = 12;
  for (const t of BUILTIN_TABLES) {
    const cols: Column[] = t.relation.map((c, ci): Column => {
      switch (c.type) {
        case T.TIME64NS: return { type: T.TIME64NS, data: BigInt64Array.from({ length: n }, (_, i) => NOW - BigInt((n - i) * 10) * 1_000_000_000n) };
        case T.INT64: return { type: T.INT64, data: BigInt64Array.from({ length: n }, (_, i) => (c.name === 'trace_role' ? BigInt(1 + (i % 2)) : BigInt(i * 100 + ci))) };
        case T.FLOAT64: return { type: T.FLOAT64, data: Float64Array.from({ length: n }, (_, i) => i / 2) };
        case T.BOOLEAN: return { type: T.BOOLEAN, data: Uint8Array.from({ length: n }, (_, i) => i % 2) };
        case T.STRING: return {
          type: T.STRING,
          data: Array.from({ length: n }, (_, i) => (c.name.includes('addr') ? `10.0.0.${1 + (i % 3)}` : c.name === 'pod_id' ? ['uid-shop-frontend', 'uid-shop-cart'][i % 2]! : `${c.name}-${i % 3}`)),
        };
        default: return {
          type: T.UINT128,
          high: BigUint64Array.from({ length: n }, (_, i) => BigInt([100, 200, 300][i % 3]!)),
          low: BigUint64Array.from({ length: n }, (_, i) => BigInt(1000 + [100, 200, 300][i % 3]!)),
        };
      }
    });
    p.add(t.name, t.relation, [{ numRows: n, columns: cols }]);
  }
  return p;
}

test('runs every pxviews function through the executor', async () => {
  const provider = generatedTables();
  const counts: Record<string, number> = {};
  for (const call of [
    "container_process_summary('-5m', px.now())", "container_process_timeseries('-5m', px.now(), 30000000000)",
    "pod_resource_stats('-5m', px.now())", "pod_network_timeseries('-5m', px.now(), 30000000000)",
    "connection_throughput_stats('-5m', px.now())", "inbound_http_summary('-5m', px.now())", "http_graph('-5m', px.now())",
    "stacktraces('-5m', px.now())",
  ]) {
    const r = compile(`import px\nimport pxviews\npx.display(pxviews.${call})`, { catalog });
    const out = await runPlan(r.plan!, { provider, metadata, nowNs: NOW, hostname: 'node-1', numCpus: 2 });
    counts[call.slice(0, call.indexOf('('))] = out[0]!.numRows;
  }
  assert.equal(counts, {
    container_process_summary: 3, container_process_timeseries: 12, pod_resource_stats: 3, pod_network_timeseries: 9,
    connection_throughput_stats: 3, inbound_http_summary: 3, http_graph: 3, stacktraces: 12,
  });
});

test.run();
