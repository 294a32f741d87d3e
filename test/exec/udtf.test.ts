import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../src/types/index.js';
import type { LiteralValue, PlanNode } from '../../src/pxl/plan.js';
import { UDTFS, defaultRegistry } from '../../src/pxl/functions/index.js';
import { TableStore } from '../../src/store/index.js';
import { StoreTableProvider } from '../../src/exec/store-provider.js';
import { HEAP_UNSUPPORTED } from '../../src/exec/operators/udtf.js';
import type { AgentInfo } from '../../src/exec/operators/udtf.js';
import { exec, lit, call, colRef } from './plans.js';
import { rows } from './fixtures.js';

const agent: AgentInfo = { agentId: { high: 1n, low: 2n }, asid: 7, hostname: 'node-a', ipAddress: '10.0.0.9', createTimeNs: 5n, kernelHeadersInstalled: true };

async function udtf(fn: string, args: Record<string, LiteralValue> = {}, opts = {}): Promise<unknown[][]> {
  const relation = UDTFS.get(fn)?.relation ?? [];
  const nodes: PlanNode[] = [{ id: 1, kind: 'udtf', inputs: [], relation, fn, args }, { id: 2, kind: 'sink', inputs: [1], relation, tableName: 'out' }];
  return rows((await exec({ nodes, sinks: [2] }, { agent, ...opts }))[0]!.batches);
}

test('GetTables and GetSchemas list the store tables with descriptions and pattern types', async () => {
  const provider = new StoreTableProvider(new TableStore({ dataLimitMiB: 8, httpEventsPercent: 40 }));
  const tables = await udtf('GetTables', {}, { provider });
  assert.ok(tables.some((r) => r[0] === 'http_events' && typeof r[1] === 'string' && (r[1] as string).length > 0));
  const schemas = await udtf('GetSchemas', {}, { provider });
  assert.equal(schemas.find((r) => r[0] === 'http_events' && r[1] === 'latency'), ['http_events', 'latency', 'INT64', 'METRIC_GAUGE', 'Request-to-response duration in nanoseconds.']);
});

test('GetTables lists in-memory fixture tables too', async () => {
  assert.equal(await udtf('GetTables'), [['http', '']]);
});

test('GetUDFList, GetUDAList and GetUDTFList list the registry', async () => {
  const udfs = await udtf('GetUDFList');
  assert.is(udfs.length, defaultRegistry().overloads().filter((o) => o.kind === 'scalar').length);
  assert.ok(udfs.some((r) => r[0] === 'add' && r[1] === 'INT64' && r[2] === 'INT64,INT64'));
  const udas = await udtf('GetUDAList');
  assert.ok(udas.some((r) => r[0] === 'quantiles' && r[1] === 'STRING' && r[2] === 'INT64'));
  const udtfs = await udtf('GetUDTFList');
  assert.equal(udtfs.find((r) => r[0] === 'GetTables'), ['GetTables', 'UDTF_ONE_KELVIN', '', 'table_name:STRING,table_desc:STRING']);
  assert.equal(udtfs.find((r) => r[0] === '_HeapGrowthStacks')![2], 'asid:INT64');
});

test('GetAgentStatus reports this agent; _HeapGrowthStacks filters by asid', async () => {
  assert.equal(await udtf('GetAgentStatus', { include_kelvin: false }), [[[1n, 2n], 7n, 'node-a', '10.0.0.9', 'AGENT_STATE_HEALTHY', 5n, 0n, true]]);
  assert.equal(await udtf('_HeapGrowthStacks', { asid: -1n }), [[7n, HEAP_UNSUPPORTED]]);
  assert.equal(await udtf('_HeapGrowthStacks', { asid: 7n }), [[7n, HEAP_UNSUPPORTED]]);
  assert.equal(await udtf('_HeapGrowthStacks', { asid: 8n }), []);
  assert.equal(await udtf('GetTracepointStatus'), []);
  assert.equal(await udtf('GetAgentStatus', {}, { agent: undefined }), []);
  assert.equal(await udtf('_HeapGrowthStacks', { asid: -1n }, { agent: undefined }), []);
});

test('a UDTF feeds later operators like any source', async () => {
  const relation = UDTFS.get('GetSchemas')!.relation;
  const nodes: PlanNode[] = [
    { id: 1, kind: 'udtf', inputs: [], relation, fn: 'GetSchemas', args: {} },
    { id: 2, kind: 'filter', inputs: [1], relation, predicate: call('equal', [colRef(relation, 'column_name'), lit(T.STRING, 'service')]) },
    { id: 3, kind: 'project', inputs: [2], relation: [relation[2]!], columns: [2] },
    { id: 4, kind: 'sink', inputs: [3], relation: [relation[2]!], tableName: 'out' },
  ];
  assert.equal(rows((await exec({ nodes, sinks: [4] }))[0]!.batches), [['STRING']]);
});

test('an unknown UDTF is a bad plan', async () => {
  try {
    await udtf('Nope');
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'unknown table-generating function Nope');
  }
});

test.run();
