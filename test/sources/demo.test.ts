import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TableStore, tableSchema } from '../../src/store/index.js';
import { AgentMetadataState } from '../../src/metadata/index.js';
import { DemoSource } from '../../src/sources/demo/source.js';
import { Rng } from '../../src/sources/demo/rng.js';
import { recordingLog, columnValues } from './helpers.js';

const NOW = 1_780_000_000_000_000_000n;
const TABLES = ['http_events', 'dns_events', 'conn_stats', 'process_stats', 'network_stats'];

/** Runs the demo's backfill; `whileRunning` sees the state before stop() withdraws the demo metadata. */
async function run(seed: number, rate = 200, backfillSec = 60, whileRunning?: (m: AgentMetadataState, s: TableStore) => void) {
  const store = new TableStore({ dataLimitMiB: 256, httpEventsPercent: 40 });
  const metadata = new AgentMetadataState({ nodeName: 'node-a', hostname: 'node-a', asid: 1 });
  const src = new DemoSource({ store, metadata, log: recordingLog(), rate, seed, nodeName: 'node-a', asid: 1, now: () => NOW, backfillSec, tickMs: 60_000 });
  await src.start();
  try {
    whileRunning?.(metadata, store);
  } finally {
    await src.stop();
  }
  return { store, metadata, src };
}

function dump(store: TableStore): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const t of TABLES) {
    const { batches } = store.snapshot(t);
    out[t] = tableSchema(t)!.map((_, i) => columnValues(batches, i));
  }
  return out;
}

test('the same seed and start time give the same rows in every demo table', async () => {
  const a = await run(7);
  const b = await run(7);
  assert.equal(dump(a.store), dump(b.store));
  const c = await run(8);
  assert.not.equal(dump(a.store)['http_events'], dump(c.store)['http_events']);
});

test('backfills the requested history at the requested rate before start resolves', async () => {
  const { store, src } = await run(7, 200, 60);
  const http = store.snapshot('http_events');
  assert.is(http.numRows, 200 * 60);
  const times = columnValues(http.batches, 0) as bigint[];
  assert.ok(times[0]! >= NOW - 60_000_000_000n && times[times.length - 1]! < NOW);
  // One process_stats row per pod every 10 s: 6 samples of 30 pods.
  assert.is(store.snapshot('process_stats').numRows, 6 * 30);
  assert.is(store.snapshot('network_stats').numRows, 6 * 30);
  assert.is(store.snapshot('dns_events').numRows, 60 * 8);
  assert.ok(store.snapshot('conn_stats').numRows > 0);
  assert.equal(src.counters()['skipped_slices'], 0);
  assert.equal(src.health(), { status: 'ok' });
});

test('every demo upid and pod id resolves to a demo pod through the metadata', async () => {
  let checked = false;
  const { metadata: after } = await run(7, 200, 60, (metadata, store) => {
    for (const t of ['http_events', 'dns_events', 'conn_stats', 'process_stats']) {
      const upids = columnValues(store.snapshot(t).batches, 1) as string[];
      const unresolved = upids.filter((u) => {
        const [h, l] = u.split(':').map(BigInt) as [bigint, bigint];
        return metadata.upidToPodName(h, l) === '';
      });
      assert.is(unresolved.length, 0, `${t}: ${unresolved.length} upids without a pod`);
    }
    const podIds = columnValues(store.snapshot('network_stats').batches, 1) as string[];
    assert.ok(podIds.every((p) => metadata.podIdToPodName(p) !== ''));
    assert.is(metadata.snapshot.pods.length, 30);
    assert.is(new Set(metadata.snapshot.pods.map((p) => p.namespace)).size, 5);
    // Remote addresses of server-side rows are pods of the cluster or outside clients.
    const { batches } = store.snapshot('http_events');
    const role = columnValues(batches, 6);
    const remote = columnValues(batches, 2) as string[];
    const internal = remote.filter((ip, i) => role[i] === 2n && ip.startsWith('10.244.'));
    assert.ok(internal.length > 0 && internal.every((ip) => metadata.ipToPodId(ip) !== ''));
    checked = true;
  });
  assert.ok(checked);
  assert.is(after.snapshot.pods.length, 0, 'stop() withdraws the demo metadata');
});

test('the traffic has log-normal latencies, error bursts and a few exploit-like requests', async () => {
  const { store } = await run(7, 500, 300);
  const { batches } = store.snapshot('http_events');
  const rel = tableSchema('http_events')!;
  const col = (n: string) => columnValues(batches, rel.findIndex((c) => c.name === n));
  const status = col('resp_status') as bigint[];
  const headers = col('req_headers') as string[];
  const latency = (col('latency') as bigint[]).map(Number).sort((x, y) => x - y);
  const errors = status.filter((s) => s >= 500n).length;
  assert.ok(errors > 0 && errors < status.length * 0.2, `errors ${errors} of ${status.length}`);
  const exploits = headers.filter((h) => h.includes('${jndi:ldap://'));
  assert.ok(exploits.length > 0 && exploits.length < 100, `exploits ${exploits.length}`);
  const p50 = latency[Math.floor(latency.length / 2)]!;
  const p99 = latency[Math.floor(latency.length * 0.99)]!;
  assert.ok(p99 > 4 * p50, `p99 ${p99} vs p50 ${p50}`);
  // Bursts: some minute has a much higher error rate than the whole run.
  const times = col('time_') as bigint[];
  const perMinute = new Map<bigint, [number, number]>();
  times.forEach((t, i) => {
    const m = t / 60_000_000_000n;
    const e = perMinute.get(m) ?? [0, 0];
    e[0]++;
    if (status[i]! >= 500n) e[1]++;
    perMinute.set(m, e);
  });
  const worst = Math.max(...[...perMinute.values()].map(([n, e]) => e / n));
  assert.ok(worst > 2 * (errors / status.length), `worst minute ${worst}`);
});

test('the seeded generator repeats its sequence', () => {
  const a = new Rng(5), b = new Rng(5);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.equal(Array.from({ length: 5 }, () => b.next()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.is(new Rng(1).hex(12).length, 12);
});

test('a rate it cannot sustain is reported as degraded, with the skipped time counted', async () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const metadata = new AgentMetadataState({ nodeName: 'n', hostname: 'n', asid: 0 });
  let now = NOW;
  const log = recordingLog();
  const src = new DemoSource({ store, metadata, log, rate: 100, seed: 1, nodeName: 'n', asid: 0, now: () => now, backfillSec: 1, tickMs: 60_000 });
  await src.start();
  now += 3600n * 1_000_000_000n; // an hour passes without a tick
  await src.catchUp();
  await src.stop();
  assert.is(src.health().status, 'degraded');
  assert.match(src.health().reason!, /^cannot keep up with --demo_rate=100: \d+(\.\d+)? s of simulated traffic skipped so far$/);
  assert.ok(src.counters()['skipped_slices']! > 35_000);
  assert.ok(log.lines.some((l) => l.msg === 'demo source cannot keep up; skipping ahead'));
});

test.run();
