// Metadata from the host itself: the host name as the node name (unless given), and the
// host's processes (upid from /proc/<pid>/stat, container id from /proc/<pid>/cgroup,
// command line) rescanned periodically in small chunks so the event loop stays free.

import { hostname as osHostname } from 'node:os';
import type { MetadataSource, MetadataUpdate, NodeIdentity, ProcessInfo } from './api.js';
import { listPids, parseCgroupContainerId, parseCmdline, parseProcStat, readProcFile } from './proc.js';

/** The node name (flag value, else the host name) and host name of this agent. */
export function hostIdentity(nodeNameFlag: string, asid = 0): NodeIdentity {
  const host = osHostname();
  return { nodeName: nodeNameFlag !== '' ? nodeNameFlag : host, hostname: host, asid };
}

/** Reads one process's metadata, or undefined when it vanished or is unreadable. */
export async function readProcessInfo(pid: number, asid: number, procRoot = '/proc'): Promise<ProcessInfo | undefined> {
  const statBuf = await readProcFile(`${procRoot}/${pid}/stat`);
  const stat = statBuf && parseProcStat(statBuf.toString('utf8'));
  if (!stat) return undefined;
  const [cgroup, cmdline] = await Promise.all([readProcFile(`${procRoot}/${pid}/cgroup`), readProcFile(`${procRoot}/${pid}/cmdline`)]);
  const cmd = cmdline ? parseCmdline(cmdline) : '';
  return {
    upid: { asid, pid, startTicks: stat.startTicks },
    containerId: cgroup ? parseCgroupContainerId(cgroup.toString('utf8')) : '',
    cmdline: cmd !== '' ? cmd : `[${stat.comm}]`,
  };
}

const CHUNK = 64;

export interface HostSourceOptions {
  readonly identity: NodeIdentity;
  readonly intervalMs: number;
  readonly procRoot?: string;
}

export class HostMetadataSource implements MetadataSource {
  readonly name = 'host';
  readonly #opts: HostSourceOptions;
  #timer: NodeJS.Timeout | undefined;
  #error: string | undefined;
  #scan: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(opts: HostSourceOptions) {
    this.#opts = opts;
  }

  async start(emit: (update: MetadataUpdate) => void): Promise<void> {
    const run = () => {
      this.#scan = this.scanOnce().then((processes) => {
        if (!this.#stopped) emit({ processes });
      }, (e: unknown) => { this.#error = `cannot scan ${this.#opts.procRoot ?? '/proc'}: ${(e as Error).message}`; });
      return this.#scan;
    };
    await run();
    this.#timer = setInterval(() => void run(), this.#opts.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#scan;
  }

  health(): { status: 'ok' | 'degraded'; reason?: string } {
    return this.#error === undefined ? { status: 'ok' } : { status: 'degraded', reason: this.#error };
  }

  /** One pass over /proc. */
  async scanOnce(): Promise<ProcessInfo[]> {
    const root = this.#opts.procRoot ?? '/proc';
    const pids = await listPids(root);
    const out: ProcessInfo[] = [];
    for (let i = 0; i < pids.length && !this.#stopped; i += CHUNK) {
      const infos = await Promise.all(pids.slice(i, i + CHUNK).map((pid) => readProcessInfo(pid, this.#opts.identity.asid, root)));
      for (const p of infos) if (p) out.push(p);
    }
    this.#error = undefined;
    return out;
  }
}
