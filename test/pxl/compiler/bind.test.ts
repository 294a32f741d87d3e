import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, errorOf, lastMapExpr } from '../fixtures.js';

function ctxExpr(table: string, key: string, select = '') {
  const e = lastMapExpr(ok(`import px\ndf = px.DataFrame('${table}'${select})\ndf.v = df.ctx['${key}']\npx.display(df)`));
  return e.kind === 'call' ? `${e.fn}:${e.semanticType}` : e.kind;
}

test('resolves ctx keys from upid first', () => {
  assert.is(ctxExpr('process_stats', 'pod'), 'upid_to_pod_name(UINT128):400');
  assert.is(ctxExpr('process_stats', 'namespace'), 'upid_to_namespace(UINT128):700');
  assert.is(ctxExpr('process_stats', 'container_name'), 'upid_to_container_name(UINT128):600');
  assert.is(ctxExpr('process_stats', 'cmdline'), 'upid_to_cmdline(UINT128):1');
  assert.is(ctxExpr('process_stats', 'pid'), 'upid_to_pid(UINT128):1');
  assert.is(ctxExpr('process_stats', 'node_name'), 'upid_to_node_name(UINT128):500');
});

test('falls back to the pod_id column when there is no upid', () => {
  assert.is(ctxExpr('network_stats', 'pod'), 'pod_id_to_pod_name(STRING):400');
  assert.is(ctxExpr('network_stats', 'service'), 'pod_id_to_service_name(STRING):300');
  assert.is(ctxExpr('network_stats', 'node'), 'pod_id_to_node_name(STRING):500');
});

test('uses the local_addr fallback for pod names on socket-tracer tables', () => {
  assert.is(ctxExpr('http_events', 'pod'), '_upid_to_podname_local_addr_fallback(UINT128,STRING,TIME64NS):400');
  assert.is(ctxExpr('http_events', 'pod', ", select=['upid']"), 'upid_to_pod_name(UINT128):400');
});

test('accepts a ctx key held in a variable', () => {
  const r = ok("import px\nk8s_object = 'namespace'\ndf = px.DataFrame('process_stats')\ndf[k8s_object] = df.ctx[k8s_object]\npx.display(df)");
  assert.is(r.sinks[0]!.relation.at(-1)!.name, 'namespace');
});

test('reports a ctx key with no key column in the DataFrame', () => {
  assert.equal(errorOf("import px\ndf = px.DataFrame('network_stats')\ndf.c = df.ctx['container']\npx.display(df)"), {
    code: 'ERR_PXL_UNKNOWN_COLUMN', message: "ctx['container'] needs one of the columns 'upid' in the DataFrame", line: 3, column: 15,
  });
});

test('suggests a known ctx key for an unknown one', () => {
  assert.equal(errorOf("import px\ndf = px.DataFrame('process_stats')\ndf.c = df.ctx['nmespace']\npx.display(df)"), {
    code: 'ERR_PXL_VALUE', message: "unknown metadata key 'nmespace' in ctx[...]. Did you mean 'namespace'?", line: 3, column: 15,
  });
});

test.run();
