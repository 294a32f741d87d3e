// procfs: real process_stats for every process on the host (CPU times, faults, threads,
// VSZ/RSS, I/O bytes) and real network counters (network_stats from /proc/net/dev, one
// row for the host with pod_id "" and one per known pod read in its own network
// namespace through /proc/<pid>/net/dev). Upids are (asid, pid, start ticks).

import { readFile } from 'node:fs/promises';
import { BatchBuilder, tableSchema, type TableStore } from '../store/index.js';
import { listPids, parseProcIo, parseProcStat, readProcFile, upidHigh, type AgentMetadataState } from '../metadata/index.js';
import type { DataSource, SourceHealth, SourceLog } from './api.js';
import { PeriodicStep, yieldToLoop } from './api.js';

/** USER_HZ: the unit of /proc CPU times on every Linux architecture we run on. */
const CLOCK_TICKS_PER_S = 100n;
const NS_PER_TICK = 1_000_000_000n / CLOCK_TICKS_PER_S;
const CHUNK = 64;

export interface ProcfsOptions {
  readonly store: TableStore;
  readonly metadata: AgentMetadataState;
  readonly log: SourceLog;
  readonly intervalMs: number;
  readonly asid: number;
  readonly procRoot?: string;
  readonly now?: () => bigint;
}

export interface NetCounters { rxBytes: bigint; rxPackets: bigint; rxErrors: bigint; rxDrops: bigint; txBytes: bigint; txPackets: bigint; txErrors: bigint; txDrops: bigint }

/** Sums /proc/net/dev over every interface except loopback. */
export function parseNetDev(text: string): NetCounters {
  const sum: NetCounters = { rxBytes: 0n, rxPackets: 0n, rxErrors: 0n, rxDrops: 0n, txBytes: 0n, txPackets: 0n, txErrors: 0n, txDrops: 0n };
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    if (iface === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map((x) => BigInt(/^\d+$/.test(x) ? x : '0'));
    if (f.length < 16) continue;
    sum.rxBytes += f[0]!; sum.rxPackets += f[1]!; sum.rxErrors += f[2]!; sum.rxDrops += f[3]!;
    sum.txBytes += f[8]!; sum.txPackets += f[9]!; sum.txErrors += f[10]!; sum.txDrops += f[11]!;
  }
  return sum;
}

/** The kernel page size, from the first KernelPageSize line of /proc/self/smaps (4096 if unknown). */
async function pageSize(procRoot: string): Promise<bigint> {
  try {
    const text = await readFile(`${procRoot}/self/smaps`, 'utf8');
    const m = /^KernelPageSize:\s+(\d+) kB/m.exec(text);
    return m ? BigInt(m[1]!) * 1024n : 4096n;
  } catch {
    return 4096n;
  }
}

export class ProcfsSource implements DataSource {
  readonly name = 'procfs';
  readonly #o: ProcfsOptions;
  readonly #root: string;
  #pageSize = 4096n;
  readonly #loop: PeriodicStep;
  #error: string | undefined;
  #samples = 0;
  #processRows = 0;
  #networkRows = 0;

  constructor(o: ProcfsOptions) {
    this.#o = o;
    this.#root = o.procRoot ?? '/proc';
    // sampleOnce reports its own failures; the loop only keeps a rejection from escaping.
    this.#loop = new PeriodicStep(() => this.sampleOnce(), o.intervalMs, () => {});
  }

  async start(): Promise<void> {
    this.#pageSize = await pageSize(this.#root);
    await this.sampleOnce();
    this.#loop.schedule();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  health(): SourceHealth {
    return this.#error === undefined ? { status: 'ok' } : { status: 'degraded', reason: this.#error };
  }

  counters(): Record<string, number> {
    return { samples: this.#samples, process_rows: this.#processRows, network_rows: this.#networkRows };
  }

  /** One sample of every process and of the network counters. */
  async sampleOnce(): Promise<void> {
    const now = this.#o.now?.() ?? BigInt(Date.now()) * 1_000_000n;
    try {
      await this.#sampleProcesses(now);
      await this.#sampleNetwork(now);
      this.#samples++;
      if (this.#error !== undefined) this.#o.log.info('procfs source recovered', { source: this.name });
      this.#error = undefined;
    } catch (e) {
      const reason = `cannot read ${this.#root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      if (reason !== this.#error) this.#o.log.warn('procfs source degraded', { source: this.name, reason });
      this.#error = reason;
    }
  }

  async #sampleProcesses(now: bigint): Promise<void> {
    const pids = await listPids(this.#root);
    const rel = tableSchema('process_stats')!;
    const b = new BatchBuilder(rel, pids.length);
    const asid = this.#o.asid;
    for (let i = 0; i < pids.length && !this.#loop.stopped; i += CHUNK) {
      const chunk = pids.slice(i, i + CHUNK);
      const reads = await Promise.all(chunk.map(async (pid) => {
        const [stat, io] = await Promise.all([readProcFile(`${this.#root}/${pid}/stat`), readProcFile(`${this.#root}/${pid}/io`)]);
        return { pid, stat, io };
      }));
      for (const { pid, stat, io } of reads) {
        const s = stat && parseProcStat(stat.toString('utf8'));
        if (!s) continue; // the process exited between the listing and the read
        const d = parseProcIo(io ? io.toString('utf8') : '');
        b.push([
          now, { high: upidHigh(asid, pid), low: s.startTicks },
          s.majflt, s.minflt, s.utime * NS_PER_TICK, s.stime * NS_PER_TICK, s.numThreads,
          s.vsize, s.rssPages * this.#pageSize, d.rchar, d.wchar, d.readBytes, d.writeBytes,
        ]);
      }
      await yieldToLoop();
    }
    const batch = b.finish();
    this.#o.store.append('process_stats', batch);
    this.#processRows += batch.numRows;
  }

  async #sampleNetwork(now: bigint): Promise<void> {
    const rel = tableSchema('network_stats')!;
    const rows: { podId: string; c: NetCounters }[] = [];
    rows.push({ podId: '', c: parseNetDev(await readFile(`${this.#root}/net/dev`, 'utf8')) });
    // One process per known pod, read inside its network namespace.
    const seen = new Set<string>();
    for (const p of this.#o.metadata.snapshot.processes) {
      if (p.upid.asid !== this.#o.asid || p.containerId === '') continue;
      const podId = this.#o.metadata.upidToPodId(upidHigh(p.upid.asid, p.upid.pid), p.upid.startTicks);
      if (podId === '' || seen.has(podId)) continue;
      const text = await readProcFile(`${this.#root}/${p.upid.pid}/net/dev`);
      if (!text) continue;
      seen.add(podId);
      rows.push({ podId, c: parseNetDev(text.toString('utf8')) });
    }
    const b = new BatchBuilder(rel, rows.length);
    for (const { podId, c } of rows) {
      b.push([now, podId, c.rxBytes, c.rxPackets, c.rxErrors, c.rxDrops, c.txBytes, c.txPackets, c.txErrors, c.txDrops]);
    }
    const batch = b.finish();
    this.#o.store.append('network_stats', batch);
    this.#networkRows += batch.numRows;
  }
}
