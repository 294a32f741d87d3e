// Readers of /proc files used for host metadata and the procfs source. Parsers take text
// so they are testable without a live /proc.

import { readFile, readdir } from 'node:fs/promises';

/** The fields of /proc/<pid>/stat we use (numbering per proc(5)). */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly minflt: bigint;
  readonly majflt: bigint;
  /** User and kernel CPU time in clock ticks. */
  readonly utime: bigint;
  readonly stime: bigint;
  readonly numThreads: bigint;
  /** Start time in clock ticks since boot (the low half of a upid). */
  readonly startTicks: bigint;
  readonly vsize: bigint;
  /** Resident set in pages. */
  readonly rssPages: bigint;
}

/** Parses /proc/<pid>/stat; the comm field may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const f = text.slice(close + 2).trim().split(' ');
  // f[0] is field 3 (state), so field N is f[N - 3].
  if (f.length < 22) return undefined;
  const n = (field: number): bigint => BigInt(f[field - 3] ?? '0');
  try {
    return {
      pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close),
      minflt: n(10), majflt: n(12), utime: n(14), stime: n(15), numThreads: n(20),
      startTicks: n(22), vsize: n(23), rssPages: n(24),
    };
  } catch {
    return undefined;
  }
}

/** Parses /proc/<pid>/io into rchar, wchar, read_bytes, write_bytes (0 when absent). */
export function parseProcIo(text: string): { rchar: bigint; wchar: bigint; readBytes: bigint; writeBytes: bigint } {
  const get = (k: string): bigint => {
    const m = new RegExp(`^${k}:\\s*(\\d+)`, 'm').exec(text);
    return m ? BigInt(m[1]!) : 0n;
  };
  return { rchar: get('rchar'), wchar: get('wchar'), readBytes: get('read_bytes'), writeBytes: get('write_bytes') };
}

/**
 * The container id in /proc/<pid>/cgroup: the last 64-hex-digit path element, as written
 * by docker, containerd and cri-o (".../cri-containerd-<id>.scope", ".../<id>"); "" if none.
 */
export function parseCgroupContainerId(text: string): string {
  let id = '';
  for (const m of text.matchAll(/(?:^|[/\-:])([0-9a-f]{64})(?:\.scope)?(?=$|\/|\n)/gm)) id = m[1]!;
  return id;
}

/** The command line (NUL-separated in /proc) joined with spaces; kernel threads give "". */
export function parseCmdline(buf: Buffer): string {
  let s = buf.toString('utf8');
  while (s.endsWith('\0')) s = s.slice(0, -1);
  return s.split('\0').join(' ');
}

/** Numeric entries of /proc (process ids). */
export async function listPids(procRoot = '/proc'): Promise<number[]> {
  const names = await readdir(procRoot);
  const pids: number[] = [];
  for (const n of names) if (/^\d+$/.test(n)) pids.push(Number(n));
  return pids;
}

/** Reads a small /proc file, or undefined when the process is gone or access is denied. */
export async function readProcFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}
