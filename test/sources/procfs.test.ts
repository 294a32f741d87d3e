import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { TableStore, tableSchema } from '../../src/store/index.js';
import { metadataBuilder, upidHigh } from '../../src/metadata/index.js';
import { ProcfsSource, parseNetDev } from '../../src/sources/procfs.js';
import { recordingLog, columnValues } from './helpers.js';

const NOW = 1_800_000_000_000_000_000n;

/** Independent read of this process's /proc counters (field numbers per proc(5)). */
function readSelf() {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map((x) => BigInt(/^-?\d+$/.test(x) ? x : '0'));
  const io = readFileSync(`/proc/${process.pid}/io`, 'utf8');
  const ioField = (k: string) => BigInt(new RegExp(`^${k}: (\\d+)`, 'm').exec(io)![1]!);
  return {
    minflt: f[7]!, majflt: f[9]!, utime: f[11]! * 10_000_000n, stime: f[12]! * 10_000_000n,
    startTicks: f[19]!, rchar: ioField('rchar'), wchar: ioField('wchar'),
  };
}

function between(name: string, v: bigint, lo: bigint, hi: bigint) {
  assert.ok(lo <= v && v <= hi, `${name} ${v} not within [${lo}, ${hi}]`);
}

test("records this process's counters as /proc shows them, under its real upid", async () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const src = new ProcfsSource({ store, metadata: metadataBuilder().build(), log: recordingLog(), intervalMs: 60_000, asid: 9, now: () => NOW });
  const before = readSelf();
  await src.sampleOnce();
  const after = readSelf();
  const { batches } = store.snapshot('process_stats');
  const rel = tableSchema('process_stats')!;
  const col = (name: string) => columnValues(batches, rel.findIndex((c) => c.name === name));
  const upids = col('upid');
  const row = upids.indexOf(`${upidHigh(9, process.pid)}:${before.startTicks}`);
  assert.ok(row >= 0, 'own upid present');
  assert.is(col('time_')[row], NOW);
  const v = (name: string) => col(name)[row] as bigint;
  between('minor_faults', v('minor_faults'), before.minflt, after.minflt);
  between('major_faults', v('major_faults'), before.majflt, after.majflt);
  between('cpu_utime_ns', v('cpu_utime_ns'), before.utime, after.utime);
  between('cpu_ktime_ns', v('cpu_ktime_ns'), before.stime, after.stime);
  between('rchar_bytes', v('rchar_bytes'), before.rchar, after.rchar);
  between('wchar_bytes', v('wchar_bytes'), before.wchar, after.wchar);
  assert.ok(v('rss_bytes') > 0n && v('rss_bytes') % 4096n === 0n);
  assert.ok(v('vsize_bytes') >= v('rss_bytes'));
  assert.ok(v('num_threads') >= 1n);
  assert.is(upids.length, new Set(upids).size);
  assert.equal(src.counters(), { samples: 1, process_rows: upids.length, network_rows: 1 });
});

test('records host network counters from /proc/net/dev without loopback', async () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const src = new ProcfsSource({ store, metadata: metadataBuilder().build(), log: recordingLog(), intervalMs: 60_000, asid: 0, now: () => NOW });
  const before = parseNetDev(readFileSync('/proc/net/dev', 'utf8'));
  await src.sampleOnce();
  const after = parseNetDev(readFileSync('/proc/net/dev', 'utf8'));
  const { batches } = store.snapshot('network_stats');
  assert.equal(columnValues(batches, 1), ['']);
  between('rx_bytes', columnValues(batches, 2)[0] as bigint, before.rxBytes, after.rxBytes);
  between('tx_bytes', columnValues(batches, 6)[0] as bigint, before.txBytes, after.txBytes);
});

test('reads a known pod in its own network namespace', async () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const start = BigInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!);
  const metadata = metadataBuilder().pod({ name: 'me', namespace: 'test', uid: 'pod-me', containers: [{ id: 'c1', name: 'node' }] })
    .process({ pid: process.pid, startTicks: start, containerId: 'c1' }).build();
  const src = new ProcfsSource({ store, metadata, log: recordingLog(), intervalMs: 60_000, asid: 0, now: () => NOW });
  await src.sampleOnce();
  assert.equal(columnValues(store.snapshot('network_stats').batches, 1), ['', 'pod-me']);
});

test('parses /proc/net/dev, summing every interface but lo', () => {
  const text = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 100 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0',
    '  eth0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0',
    '  eth1: 5 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0',
  ].join('\n');
  assert.equal(parseNetDev(text), { rxBytes: 1005n, rxPackets: 11n, rxErrors: 1n, rxDrops: 2n, txBytes: 2007n, txPackets: 21n, txErrors: 3n, txDrops: 4n });
});

test('a missing /proc makes the source degraded and logs it once', async () => {
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  const log = recordingLog();
  const src = new ProcfsSource({ store, metadata: metadataBuilder().build(), log, intervalMs: 60_000, asid: 0, procRoot: '/nonexistent-proc' });
  await src.start();
  await src.sampleOnce();
  await src.stop();
  assert.equal(src.health(), { status: 'degraded', reason: 'cannot read /nonexistent-proc: ENOENT' });
  assert.equal(log.lines.map((l) => [l.level, l.msg]), [['warn', 'procfs source degraded']]);
  assert.is(store.snapshot('process_stats').numRows, 0);
});

test.run();
