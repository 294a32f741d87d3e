import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { metadataBuilder, upidHigh, upidFromHalves, canonicalCtxKey, AgentMetadataState } from '../../src/metadata/index.js';

const T = 1_700_000_000_000_000_000n;
const C1 = 'a'.repeat(64);
const C2 = 'b'.repeat(64);

function fixture() {
  return metadataBuilder({ nodeName: 'node-1', asid: 3 })
    .pod({ name: 'cart-1', namespace: 'shop', uid: 'pod-cart-1', ip: '10.0.0.5', startTimeNs: T, containers: [{ id: C1, name: 'cart' }] })
    .pod({ name: 'web-1', namespace: 'shop', uid: 'pod-web-1', ip: '10.0.0.6', startTimeNs: T + 5n, nodeName: 'node-2', phase: 'Pending', containers: [{ id: C2, name: 'nginx', state: 'waiting' }] })
    .service({ name: 'cart', namespace: 'shop', uid: 'svc-cart', clusterIps: ['10.96.0.10'], pods: ['shop/cart-1'] })
    .service({ name: 'all', namespace: 'shop', uid: 'svc-all', pods: ['shop/cart-1', 'shop/web-1'] })
    .process({ pid: 42, startTicks: 1000n, containerId: C1, cmdline: 'cart --port 80' })
    .process({ pid: 7, startTicks: 5n, cmdline: '/sbin/init' })
    .build();
}

const H42 = upidHigh(3, 42);

test('packs and unpacks a upid as asid << 32 | pid and start ticks', () => {
  assert.is(H42, (3n << 32n) | 42n);
  assert.equal(upidFromHalves(H42, 1000n), { asid: 3, pid: 42, startTicks: 1000n });
});

test('resolves a container process to its pod, container, services and node', () => {
  const m = fixture();
  assert.is(m.upidToPodId(H42, 1000n), 'pod-cart-1');
  assert.is(m.upidToPodName(H42, 1000n), 'shop/cart-1');
  assert.is(m.upidToNamespace(H42, 1000n), 'shop');
  assert.is(m.upidToContainerId(H42, 1000n), C1);
  assert.is(m.upidToContainerName(H42, 1000n), 'cart');
  assert.is(m.upidToServiceName(H42, 1000n), '["shop/cart","shop/all"]');
  assert.is(m.upidToServiceId(H42, 1000n), '["svc-cart","svc-all"]');
  assert.is(m.upidToNodeName(H42, 1000n), 'node-1');
  assert.is(m.upidToHostname(H42, 1000n), 'cart-1');
  assert.is(m.upidToCmdline(H42, 1000n), 'cart --port 80');
  assert.is(m.upidToPid(H42, 1000n), 42n);
  assert.is(m.upidToAsid(H42, 1000n), 3n);
});

test('answers empty strings for an unknown upid or a wrong start time, but still the pid', () => {
  const m = fixture();
  assert.is(m.upidToPodName(H42, 999n), '');
  assert.is(m.upidToCmdline(H42, 999n), '');
  assert.is(m.upidToNodeName(H42, 999n), '');
  assert.is(m.upidToContainerName(H42, 999n), '');
  assert.is(m.upidToPid(H42, 999n), 42n);
});

test('resolves a host process to this node but no pod', () => {
  const m = fixture();
  const h = upidHigh(3, 7);
  assert.is(m.upidToPodName(h, 5n), '');
  assert.is(m.upidToNodeName(h, 5n), 'node-1');
  assert.is(m.upidToHostname(h, 5n), 'node-1');
  assert.is(m.upidToCmdline(h, 5n), '/sbin/init');
  assert.is(m.upidToContainerName(h, 5n), '');
});

test('resolves ctx keys and their aliases from a upid', () => {
  const m = fixture();
  const keys = ['pod', 'pod_name', 'service', 'namespace', 'node', 'node_name', 'container', 'container_name', 'container_id', 'pid', 'cmd', 'cmdline', 'pod_id', 'service_id', 'asid', 'host'];
  const got = keys.map((k) => m.resolveUpidCtx(canonicalCtxKey(k)!, H42, 1000n));
  assert.equal(got, ['shop/cart-1', 'shop/cart-1', '["shop/cart","shop/all"]', 'shop', 'node-1', 'node-1', 'cart', 'cart', C1, 42n, 'cart --port 80', 'cart --port 80', 'pod-cart-1', '["svc-cart","svc-all"]', 3n, 'cart-1']);
  assert.is(canonicalCtxKey('deployment'), undefined);
});

test('looks pods up by id and by "ns/name"', () => {
  const m = fixture();
  assert.equal(
    [m.podIdToPodName('pod-web-1'), m.podIdToNamespace('pod-web-1'), m.podIdToNodeName('pod-web-1'), m.podIdToPodIp('pod-web-1'), m.podIdToStartTime('pod-web-1'), m.podIdToServiceName('pod-web-1'), m.podIdToServiceId('pod-web-1')],
    ['shop/web-1', 'shop', 'node-2', '10.0.0.6', T + 5n, 'shop/all', 'svc-all']);
  assert.equal(
    [m.podNameToPodId('shop/web-1'), m.podNameToNamespace('shop/web-1'), m.podNameToNodeName('shop/web-1'), m.podNameToPodIp('shop/web-1'), m.podNameToStartTime('shop/web-1'), m.podNameToServiceName('shop/web-1')],
    ['pod-web-1', 'shop', 'node-2', '10.0.0.6', T + 5n, 'shop/all']);
  assert.is(m.podNameToStatus('shop/web-1'), '{"phase":"Pending","message":"","reason":"","ready":true}');
  assert.is(m.containerIdToStatus(C2), '{"state":"waiting","message":"","reason":""}');
  assert.equal([m.podIdToPodName('x'), m.podIdToStartTime('x'), m.podNameToPodId('web-1'), m.podNameToStatus('x'), m.containerIdToStatus('x'), m.podIdToServiceName('x')], ['', 0n, '', '', '', '']);
});

test('looks services up by name, id and cluster IP, and pods by IP', () => {
  const m = fixture();
  assert.equal([m.serviceNameToServiceId('shop/cart'), m.serviceNameToNamespace('shop/cart'), m.serviceIdToServiceName('svc-all')], ['svc-cart', 'shop', 'shop/all']);
  assert.equal([m.ipToPodId('10.0.0.5'), m.ipToServiceId('10.96.0.10'), m.ipToPodId('10.9.9.9'), m.ipToServiceId('10.0.0.5'), m.serviceIdToServiceName('nope')], ['pod-cart-1', 'svc-cart', '', '', '']);
  assert.equal([m.nodeName(), m.hostname(), m.asid()], ['node-1', 'node-1', 3]);
});

test('resolves a reused IP to the pod that held it at the given time', () => {
  const m = metadataBuilder()
    .pod({ name: 'old', namespace: 'a', uid: 'old', ip: '10.1.1.1', startTimeNs: 100n, stopTimeNs: 200n })
    .pod({ name: 'new', namespace: 'a', uid: 'new', ip: '10.1.1.1', startTimeNs: 200n })
    .build();
  assert.equal([m.ipToPodId('10.1.1.1', 150n), m.ipToPodId('10.1.1.1', 250n), m.ipToPodId('10.1.1.1', 50n), m.ipToPodId('10.1.1.1')], ['old', 'new', '', 'new']);
});

test('merges contributions from several sources and bumps the generation on change', () => {
  const m = new AgentMetadataState({ nodeName: 'n', hostname: 'h', asid: 0 });
  assert.is(m.generation, 0);
  m.apply('file', { pods: [{ uid: 'p', name: 'a', namespace: 'ns', nodeName: 'n', ip: '', startTimeNs: 0n, containers: [{ id: 'c', name: 'app' }] }], nodeName: 'from-file' });
  m.apply('host', { processes: [{ upid: { asid: 0, pid: 9, startTicks: 1n }, containerId: 'c', cmdline: 'app' }] });
  assert.is(m.generation, 2);
  assert.is(m.upidToPodName(9n, 1n), 'ns/a');
  assert.is(m.nodeName(), 'from-file');
  m.remove('file');
  assert.equal([m.upidToPodName(9n, 1n), m.nodeName(), m.generation], ['', 'n', 3]);
  m.remove('file');
  assert.is(m.generation, 3);
});

test('the builder refuses a service naming a pod it does not know', () => {
  assert.throws(() => metadataBuilder().service({ name: 's', namespace: 'n', pods: ['n/x'] }), /service s names unknown pod n\/x/);
});

test.run();
