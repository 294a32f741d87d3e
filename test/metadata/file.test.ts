import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMetadataText, MetadataError, FileMetadataSource, AgentMetadataState, upidHigh, type MetadataUpdate } from '../../src/metadata/index.js';

const YAML = `
node_name: node-7
pods:
  - uid: u1
    name: cart-1
    namespace: shop
    ip: 10.0.0.5
    start_time: "2026-01-02T03:04:05.123456789Z"
    containers:
      - {id: "containerd://${'c'.repeat(64)}", name: cart}
services:
  - {uid: s1, name: cart, namespace: shop, cluster_ips: [10.96.0.1], pods: [shop/cart-1]}
processes:
  - {pid: 42, start_ticks: 1000, container_id: ${'c'.repeat(64)}, cmdline: cart}
  - {upid: "${(5n << 32n) | 9n}:77"}
`;

function err(text: string): { code: string; message: string; line: number | undefined; column: number | undefined } {
  try {
    parseMetadataText(text, '/m.yaml', 'n');
  } catch (e) {
    assert.instance(e, MetadataError);
    const m = e as MetadataError;
    return { code: m.code, message: m.message, line: m.line, column: m.column };
  }
  throw new Error('expected an error');
}

test('parses a YAML file with pods, services, processes and an exact RFC 3339 start time', () => {
  const u = parseMetadataText(YAML, '/m.yaml', 'default-node');
  assert.is(u.nodeName, 'node-7');
  assert.equal(u.pods![0], {
    uid: 'u1', name: 'cart-1', namespace: 'shop', nodeName: 'node-7', ip: '10.0.0.5',
    startTimeNs: 1767323045123456789n, containers: [{ id: 'c'.repeat(64), name: 'cart' }],
  });
  assert.equal(u.services![0], { uid: 's1', name: 'cart', namespace: 'shop', clusterIps: ['10.96.0.1'], podUids: ['u1'] });
  assert.equal(u.processes, [
    { upid: { asid: 0, pid: 42, startTicks: 1000n }, containerId: 'c'.repeat(64), cmdline: 'cart' },
    { upid: { asid: 5, pid: 9, startTicks: 77n }, containerId: '', cmdline: '' },
  ]);
});

test('parses the same content written as JSON', () => {
  const u = parseMetadataText('{"pods":[{"name":"a","namespace":"b","start_time":"1700000000000000001"}]}', '/m.json', 'nd');
  assert.equal(u.pods, [{ uid: 'b/a', name: 'a', namespace: 'b', nodeName: 'nd', ip: '', startTimeNs: 1700000000000000001n, containers: [] }]);
  assert.equal(parseMetadataText('', '/e.yaml', 'n'), { pods: [], services: [], processes: [] });
});

test('reports a syntax error with the path, line and column', () => {
  const e = err('pods:\n  - name: a\n    namespace: [b\n');
  assert.equal([e.code, e.line, e.column], ['ERR_METADATA_FILE_SYNTAX', 4, 1]);
  assert.ok(e.message.startsWith('/m.yaml:4:1: '), e.message);
});

test('reports an invalid field with its path in the document and its position', () => {
  assert.equal(err('pods:\n  - name: a\n    namespace: 3\n'), {
    code: 'ERR_METADATA_FILE_INVALID', message: '/m.yaml:3:16: pods[0].namespace: expected a string', line: 3, column: 16,
  });
  assert.equal(err('pods:\n  - name: a\n').message, '/m.yaml:2:5: pods[0]: missing "namespace"');
  assert.equal(err('pods: 3\n').message, '/m.yaml:1:7: pods: expected a list');
  assert.equal(err('processes:\n  - {pid: -1}\n').message, '/m.yaml:2:11: processes[0].pid: expected an integer between 0 and 4294967295');
  assert.equal(err('processes:\n  - {upid: "1-2"}\n').message, '/m.yaml:2:12: processes[0].upid: expected "high:low" in decimal');
  assert.equal(err('pods:\n  - {name: a, namespace: b, start_time: yesterday}\n').message,
    '/m.yaml:2:41: pods[0].start_time: expected ns since the epoch (integer or decimal string) or an RFC 3339 time');
  assert.equal(err('- 1\n').message, '/m.yaml:1:1: top level: expected a mapping');
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pemdq-meta-'));
}

function nextEvent<T>(register: (cb: (v: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

test('re-reads the file when it changes and keeps the previous state when it turns bad', async () => {
  const dir = tempDir();
  const path = join(dir, 'meta.yaml');
  writeFileSync(path, 'pods:\n  - {uid: p1, name: a, namespace: ns, containers: [{id: c1, name: app}]}\nprocesses:\n  - {pid: 5, start_ticks: 9, container_id: c1}\n');
  const state = new AgentMetadataState({ nodeName: 'n', hostname: 'h', asid: 0 });
  let onLoad: (u: MetadataUpdate) => void = () => {};
  let onError: (e: MetadataError) => void = () => {};
  const src = new FileMetadataSource({ path, defaultNode: 'n', pollMs: 20, onLoad: (u) => onLoad(u), onError: (e) => onError(e) });
  try {
    await src.start((u) => state.apply(src.name, u));
    assert.is(state.upidToPodName(upidHigh(0, 5), 9n), 'ns/a');
    assert.equal(src.health(), { status: 'ok' });

    const failed = nextEvent<MetadataError>((cb) => { onError = cb; });
    writeFileSync(path, 'pods:\n  - {uid: p1, name: b, namespace: [}\n');
    const e = await failed;
    assert.is(e.code, 'ERR_METADATA_FILE_SYNTAX');
    assert.ok(e.message.startsWith(`${path}:2:`), e.message);
    assert.is(state.upidToPodName(upidHigh(0, 5), 9n), 'ns/a');
    assert.equal(src.health(), { status: 'degraded', reason: e.message });

    // An editor-style replace (write elsewhere, rename over) is picked up too.
    const loaded = nextEvent<MetadataUpdate>((cb) => { onLoad = cb; });
    writeFileSync(join(dir, 'tmp'), 'pods:\n  - {uid: p1, name: renamed, namespace: ns, containers: [{id: c1, name: app}]}\nprocesses:\n  - {pid: 5, start_ticks: 9, container_id: c1}\n');
    renameSync(join(dir, 'tmp'), path);
    await loaded;
    assert.is(state.upidToPodName(upidHigh(0, 5), 9n), 'ns/renamed');
    assert.equal(src.health(), { status: 'ok' });
  } finally {
    await src.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing file is a degraded source with a read error, not a crash', async () => {
  const dir = tempDir();
  const path = join(dir, 'absent.yaml');
  const errors: MetadataError[] = [];
  const src = new FileMetadataSource({ path, defaultNode: 'n', pollMs: 20, onError: (e) => errors.push(e) });
  try {
    let emitted = 0;
    await src.start(() => { emitted++; });
    assert.is(emitted, 0);
    assert.equal(errors.map((e) => [e.code, e.message]), [['ERR_METADATA_FILE_READ', `${path}: cannot read: ENOENT`]]);
    assert.equal(src.health(), { status: 'degraded', reason: `${path}: cannot read: ENOENT` });
    assert.is(await src.reload(), false);
  } finally {
    await src.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
