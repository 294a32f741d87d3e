import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  parseProcStat, parseProcIo, parseCgroupContainerId, parseCmdline, readProcessInfo, hostIdentity,
  HostMetadataSource, parseTimeNs, parseRfc3339Ns, parseInt64,
} from '../../src/metadata/index.js';

test('parses /proc/<pid>/stat with spaces and parentheses in the command name', () => {
  const line = '1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 111 0 222 0 333 444 0 0 20 0 7 0 98765 123456789 4321 18446744073709551615';
  assert.equal(parseProcStat(line), {
    pid: 1234, comm: 'my (odd) cmd', minflt: 111n, majflt: 222n, utime: 333n, stime: 444n,
    numThreads: 7n, startTicks: 98765n, vsize: 123456789n, rssPages: 4321n,
  });
  assert.is(parseProcStat('garbage'), undefined);
  assert.is(parseProcStat('1 (x) S 1 2'), undefined);
});

test('parses /proc/<pid>/io counters', () => {
  assert.equal(parseProcIo('rchar: 10\nwchar: 20\nsyscr: 1\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n'),
    { rchar: 10n, wchar: 20n, readBytes: 4096n, writeBytes: 8192n });
  assert.equal(parseProcIo(''), { rchar: 0n, wchar: 0n, readBytes: 0n, writeBytes: 0n });
});

test('finds the container id in cgroup v1 and v2 paths of docker, containerd and cri-o', () => {
  const id = '0123456789abcdef'.repeat(4);
  assert.is(parseCgroupContainerId(`0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1_2.slice/cri-containerd-${id}.scope\n`), id);
  assert.is(parseCgroupContainerId(`12:memory:/kubepods/besteffort/pod0a1b/${id}\n11:cpu:/kubepods/besteffort/pod0a1b/${id}\n`), id);
  assert.is(parseCgroupContainerId(`0::/system.slice/docker-${id}.scope\n`), id);
  assert.is(parseCgroupContainerId('0::/user.slice/user-1000.slice/session-2.scope\n'), '');
});

test('joins a NUL-separated command line with spaces', () => {
  assert.is(parseCmdline(Buffer.from('node\0--import\0tsx\0')), 'node --import tsx');
  assert.is(parseCmdline(Buffer.from('')), '');
});

test("reads this test process's upid start ticks and command line from /proc", async () => {
  const info = await readProcessInfo(process.pid, 4);
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  assert.equal(info!.upid, { asid: 4, pid: process.pid, startTicks: BigInt(fields[19]!) });
  assert.is(info!.cmdline, readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0').join(' '));
  assert.is(await readProcessInfo(2 ** 31 - 2, 0), undefined);
});

test('the host source lists this process and names the node after the host', async () => {
  assert.equal(hostIdentity(''), { nodeName: hostname(), hostname: hostname(), asid: 0 });
  assert.equal(hostIdentity('n9', 2), { nodeName: 'n9', hostname: hostname(), asid: 2 });
  const src = new HostMetadataSource({ identity: hostIdentity(''), intervalMs: 60_000 });
  let procs: readonly { upid: { pid: number } }[] = [];
  await src.start((u) => { procs = u.processes ?? []; });
  await src.stop();
  assert.ok(procs.some((p) => p.upid.pid === process.pid));
  assert.equal(src.health(), { status: 'ok' });
});

test('a host source over a missing /proc reports degraded', async () => {
  const src = new HostMetadataSource({ identity: hostIdentity(''), intervalMs: 60_000, procRoot: '/nonexistent-proc' });
  let emitted = 0;
  await src.start(() => { emitted++; });
  await src.stop();
  assert.is(emitted, 0);
  assert.is(src.health().status, 'degraded');
  assert.match(src.health().reason!, /^cannot scan \/nonexistent-proc: ENOENT/);
});

test('parses times exactly: integers, decimal strings, RFC 3339 with offsets and nanoseconds', () => {
  assert.is(parseTimeNs(1700000000000000000), undefined); // unsafe JSON number: refused, not rounded
  assert.is(parseTimeNs(123), 123n);
  assert.is(parseTimeNs('9223372036854775807'), 9223372036854775807n);
  assert.is(parseTimeNs('-9223372036854775808'), -9223372036854775808n);
  assert.is(parseInt64('9223372036854775808'), undefined);
  assert.is(parseRfc3339Ns('2026-01-02T03:04:05.123456789Z'), 1767323045123456789n);
  assert.is(parseRfc3339Ns('2026-01-02T05:04:05.5+02:00'), 1767323045500000000n);
  assert.is(parseRfc3339Ns('1970-01-01T00:00:00Z'), 0n);
  assert.is(parseRfc3339Ns('2026-02-30T00:00:00Z'), undefined);
  assert.is(parseRfc3339Ns('2026-01-02 03:04:05'), undefined);
  assert.is(parseTimeNs(true), undefined);
});

test.run();
