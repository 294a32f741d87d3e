import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType as S } from '../../../src/types/index.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { upidHigh } from '../../../src/metadata/api.js';
import type { FunctionContext } from '../../../src/pxl/functions/registry.js';
import { c, col, k } from '../../exec/fixtures.js';
import { registry, run } from './helpers.js';

const state = metadataBuilder({ nodeName: 'node-1', asid: 7 })
  .pod({ name: 'web-1', namespace: 'default', ip: '10.0.0.5', startTimeNs: 1_700_000_000_000_000_123n, phase: 'Running', containers: [{ id: 'c1', name: 'web', state: 'running' }] })
  .pod({ name: 'db-1', namespace: 'data', ip: '10.0.0.6', containers: [{ id: 'c2', name: 'db' }] })
  .service({ name: 'web', namespace: 'default', pods: ['default/web-1'], clusterIps: ['10.96.0.10'] })
  .process({ pid: 42, startTicks: 1000n, containerId: 'c1', cmdline: '/bin/web --port=80' })
  .process({ pid: 43, startTicks: 2000n, containerId: 'c2', cmdline: 'postgres' })
  .build();
const ctx: FunctionContext = { metadata: state, hostname: 'host-a', numCpus: 4 };

const web: [bigint, bigint] = [upidHigh(7, 42), 1000n];
const db: [bigint, bigint] = [upidHigh(7, 43), 2000n];
const unknown: [bigint, bigint] = [upidHigh(7, 99), 5n];
const upids = c(col.u128([web, db, web, unknown, web]));
const U = T.UINT128, STR = T.STRING;

test('resolves upids to pod, namespace, service, node, container and cmdline', () => {
  assert.equal(run('upid_to_pod_name', [U], [upids], 5, ctx), ['default/web-1', 'data/db-1', 'default/web-1', '', 'default/web-1']);
  assert.equal(run('upid_to_namespace', [U], [upids], 5, ctx), ['default', 'data', 'default', '', 'default']);
  assert.equal(run('upid_to_service_name', [U], [upids], 5, ctx), ['default/web', '', 'default/web', '', 'default/web']);
  assert.equal(run('upid_to_node_name', [U], [upids], 2, ctx), ['node-1', 'node-1']);
  assert.equal(run('upid_to_container_name', [U], [upids], 2, ctx), ['web', 'db']);
  assert.equal(run('upid_to_container_id', [U], [upids], 2, ctx), ['c1', 'c2']);
  assert.equal(run('upid_to_cmdline', [U], [upids], 2, ctx), ['/bin/web --port=80', 'postgres']);
  assert.equal(run('upid_to_pod_id', [U], [upids], 1, ctx), ['uid-default-web-1']);
  assert.equal(run('upid_to_service_id', [U], [upids], 1, ctx), ['uid-svc-default-web']);
});

test('takes pid and asid from the upid bits, known or not', () => {
  assert.equal(run('upid_to_pid', [U], [upids], 4, ctx), [42n, 43n, 42n, 99n]);
  assert.equal(run('upid_to_asid', [U], [upids], 4, ctx), [7n, 7n, 7n, 7n]);
});

test('resolves pod ids, pod names, services and addresses', () => {
  const ids = c(col.str(['uid-default-web-1', 'nope']));
  assert.equal(run('pod_id_to_pod_name', [STR], [ids], 2, ctx), ['default/web-1', '']);
  assert.equal(run('pod_id_to_namespace', [STR], [ids], 2, ctx), ['default', '']);
  assert.equal(run('pod_id_to_node_name', [STR], [ids], 2, ctx), ['node-1', '']);
  assert.equal(run('pod_id_to_service_name', [STR], [ids], 2, ctx), ['default/web', '']);
  assert.equal(run('pod_id_to_service_id', [STR], [ids], 1, ctx), ['uid-svc-default-web']);
  assert.equal(run('pod_id_to_start_time', [STR], [ids], 2, ctx), [1_700_000_000_000_000_123n, 0n]);
  const names = c(col.str(['default/web-1', 'x/y']));
  assert.equal(run('pod_name_to_pod_id', [STR], [names], 2, ctx), ['uid-default-web-1', '']);
  assert.equal(run('pod_name_to_namespace', [STR], [names], 1, ctx), ['default']);
  assert.equal(run('pod_name_to_node_name', [STR], [names], 1, ctx), ['node-1']);
  assert.equal(run('pod_name_to_pod_ip', [STR], [names], 2, ctx), ['10.0.0.5', '']);
  assert.equal(run('pod_name_to_service_name', [STR], [names], 1, ctx), ['default/web']);
  assert.equal(run('pod_name_to_start_time', [STR], [names], 1, ctx), [1_700_000_000_000_000_123n]);
  assert.equal(run('pod_name_to_status', [STR], [names], 2, ctx), [state.podNameToStatus('default/web-1'), '']);
  assert.equal(run('ip_to_pod_id', [STR], [c(col.str(['10.0.0.6', '1.1.1.1']))], 2, ctx), ['uid-data-db-1', '']);
  assert.equal(run('ip_to_pod_id', [STR, T.TIME64NS], [c(col.str(['10.0.0.6'])), k(T.TIME64NS, 1n)], 1, ctx), [state.ipToPodId('10.0.0.6', 1n)]);
  assert.equal(run('ip_to_service_id', [STR], [c(col.str(['10.96.0.10', '10.0.0.6']))], 2, ctx), ['uid-svc-default-web', '']);
  assert.equal(run('service_id_to_service_name', [STR], [c(col.str(['uid-svc-default-web']))], 1, ctx), ['default/web']);
  assert.equal(run('service_name_to_service_id', [STR], [c(col.str(['default/web']))], 1, ctx), ['uid-svc-default-web']);
  assert.equal(run('service_name_to_namespace', [STR], [c(col.str(['default/web']))], 1, ctx), ['default']);
  assert.equal(run('container_id_to_status', [STR], [c(col.str(['c1', 'zz']))], 2, ctx), [state.containerIdToStatus('c1'), '']);
});

test('falls back from the upid to the pod owning local_addr', () => {
  const got = run('_upid_to_podname_local_addr_fallback', [U, STR, T.TIME64NS],
    [c(col.u128([web, unknown, unknown])), c(col.str(['10.0.0.6', '10.0.0.6', '9.9.9.9'])), k(T.TIME64NS, 1_800_000_000_000_000_000n)], 3, ctx);
  assert.equal(got, ['default/web-1', 'data/db-1', '']);
});

test('answers the executing host and its CPU count', () => {
  assert.equal(run('_exec_hostname', [], [], 2, ctx), ['host-a', 'host-a']);
  assert.equal(run('_exec_host_num_cpus', [], [], 1, ctx), [4n]);
});

test('carries metadata semantic types', () => {
  assert.is(registry.resolveScalar('upid_to_pod_name', [U])!.semanticType([S.ST_UPID]), S.ST_POD_NAME);
  assert.is(registry.resolveScalar('pod_id_to_service_name', [STR])!.semanticType([]), S.ST_SERVICE_NAME);
  assert.is(registry.resolveScalar('pod_name_to_status', [STR])!.semanticType([]), S.ST_POD_STATUS);
});

test.run();
