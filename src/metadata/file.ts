// Parses a metadata file (YAML or JSON; JSON is read by the same YAML 1.2 parser) into a
// MetadataUpdate. Every problem is reported with the file path, line and column.
//
//   node_name: node-1                       # optional
//   pods: [{uid, name, namespace, node?, ip?, start_time?, stop_time?, hostname?,
//           phase?, message?, reason?, ready?, containers: [{id, name, state?}]}]
//   services: [{uid, name, namespace, cluster_ips?: [ip], pods?: ["ns/pod" | pod uid]}]
//   processes: [{pid, start_ticks, asid?, container_id?, cmdline?} | {upid: "high:low", ...}]
// Times are ns integers, decimal strings or RFC 3339 text.

import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ContainerInfo, MetadataUpdate, PodInfo, ProcessInfo, ServiceInfo, Upid } from './api.js';
import { upidFromHalves } from './api.js';
import { MetadataError } from './errors.js';
import { parseTimeNs } from './time.js';

const MAX_ENTRIES = 100_000;

type Path = (string | number)[];

/** Parses file text; throws MetadataError with the position of the first problem. */
export function parseMetadataText(text: string, path: string, defaultNode: string, defaultAsid = 0): MetadataUpdate {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lc.linePos(e.pos[0]);
    throw new MetadataError('ERR_METADATA_FILE_SYNTAX', path, e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), pos.line, pos.col);
  }
  const v = new Validator(doc, lc, path);
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (root === null || root === undefined) return { pods: [], services: [], processes: [] };
  const top = v.object(root, []);
  const nodeName = top['node_name'] === undefined ? undefined : v.string(top['node_name'], ['node_name']);
  const node = nodeName ?? defaultNode;

  const pods: PodInfo[] = v.list(top['pods'], ['pods']).map((p, i) => v.pod(p, ['pods', i], node));
  const byName = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p.uid]));
  const services: ServiceInfo[] = v.list(top['services'], ['services']).map((s, i) => v.service(s, ['services', i], byName));
  const processes: ProcessInfo[] = v.list(top['processes'], ['processes']).map((p, i) => v.process(p, ['processes', i], defaultAsid));
  return { pods, services, processes, ...(nodeName !== undefined ? { nodeName } : {}) };
}

class Validator {
  constructor(readonly doc: Document, readonly lc: LineCounter, readonly path: string) {}

  fail(at: Path, detail: string): never {
    let line: number | undefined, col: number | undefined;
    // Walk up to the nearest node that exists to point at it.
    for (let p = at; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) {
        const pos = this.lc.linePos(range[0]);
        line = pos.line;
        col = pos.col;
        break;
      }
      if (p.length === 0) break;
    }
    throw new MetadataError('ERR_METADATA_FILE_INVALID', this.path, `${fmtPath(at)}: ${detail}`, line, col);
  }

  object(v: unknown, at: Path): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(at, 'expected a mapping');
    return v as Record<string, unknown>;
  }

  list(v: unknown, at: Path): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(at, 'expected a list');
    if (v.length > MAX_ENTRIES) this.fail(at, `more than ${MAX_ENTRIES} entries`);
    return v;
  }

  string(v: unknown, at: Path): string {
    if (typeof v !== 'string') this.fail(at, 'expected a string');
    return v;
  }

  optString(o: Record<string, unknown>, key: string, at: Path, dflt = ''): string {
    const v = o[key];
    return v === undefined || v === null ? dflt : this.string(v, [...at, key]);
  }

  required(o: Record<string, unknown>, key: string, at: Path): string {
    if (o[key] === undefined) this.fail(at, `missing "${key}"`);
    const s = this.string(o[key], [...at, key]);
    if (s === '') this.fail([...at, key], 'must not be empty');
    return s;
  }

  time(o: Record<string, unknown>, key: string, at: Path): bigint | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    const t = parseTimeNs(v);
    if (t === undefined) this.fail([...at, key], 'expected ns since the epoch (integer or decimal string) or an RFC 3339 time');
    return t;
  }

  int(v: unknown, at: Path, max: bigint): bigint {
    let n: bigint | undefined;
    if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) n = BigInt(v);
    if (n === undefined || n < 0n || n > max) this.fail(at, `expected an integer between 0 and ${max}`);
    return n;
  }

  pod(p: unknown, at: Path, node: string): PodInfo {
    const o = this.object(p, at);
    const name = this.required(o, 'name', at);
    const namespace = this.required(o, 'namespace', at);
    const containers: ContainerInfo[] = this.list(o['containers'], [...at, 'containers']).map((c, i) => {
      const ca: Path = [...at, 'containers', i];
      const co = this.object(c, ca);
      const state = this.optString(co, 'state', ca);
      return { id: stripRuntime(this.required(co, 'id', ca)), name: this.required(co, 'name', ca), ...(state ? { state } : {}) };
    });
    const stop = this.time(o, 'stop_time', at);
    const hostname = this.optString(o, 'hostname', at);
    const phase = this.optString(o, 'phase', at);
    const message = this.optString(o, 'message', at);
    const reason = this.optString(o, 'reason', at);
    if (o['ready'] !== undefined && typeof o['ready'] !== 'boolean') this.fail([...at, 'ready'], 'expected true or false');
    return {
      uid: this.optString(o, 'uid', at, `${namespace}/${name}`),
      name, namespace,
      nodeName: this.optString(o, 'node', at, this.optString(o, 'node_name', at, node)),
      ip: this.optString(o, 'ip', at),
      startTimeNs: this.time(o, 'start_time', at) ?? 0n,
      ...(stop !== undefined ? { stopTimeNs: stop } : {}),
      ...(hostname ? { hostname } : {}),
      ...(phase ? { phase } : {}),
      ...(message ? { message } : {}),
      ...(reason ? { reason } : {}),
      ...(typeof o['ready'] === 'boolean' ? { ready: o['ready'] } : {}),
      containers,
    };
  }

  service(s: unknown, at: Path, podsByName: Map<string, string>): ServiceInfo {
    const o = this.object(s, at);
    const name = this.required(o, 'name', at);
    const namespace = this.required(o, 'namespace', at);
    const clusterIps = this.list(o['cluster_ips'], [...at, 'cluster_ips']).map((ip, i) => this.string(ip, [...at, 'cluster_ips', i]));
    const podUids = this.list(o['pods'], [...at, 'pods']).map((p, i) => {
      const ref = this.string(p, [...at, 'pods', i]);
      return podsByName.get(ref) ?? ref;
    });
    return { uid: this.optString(o, 'uid', at, `${namespace}/${name}`), name, namespace, clusterIps, podUids };
  }

  process(p: unknown, at: Path, defaultAsid: number): ProcessInfo {
    const o = this.object(p, at);
    let upid: Upid;
    if (o['upid'] !== undefined) {
      const m = /^(\d{1,20}):(\d{1,20})$/.exec(this.string(o['upid'], [...at, 'upid']));
      if (!m) this.fail([...at, 'upid'], 'expected "high:low" in decimal');
      upid = upidFromHalves(BigInt(m[1]!), BigInt(m[2]!));
    } else {
      if (o['pid'] === undefined) this.fail(at, 'missing "pid" (or "upid")');
      const pid = Number(this.int(o['pid'], [...at, 'pid'], 0xffff_ffffn));
      const asid = o['asid'] === undefined ? defaultAsid : Number(this.int(o['asid'], [...at, 'asid'], 0xffff_ffffn));
      const startTicks = o['start_ticks'] === undefined ? 0n : this.int(o['start_ticks'], [...at, 'start_ticks'], 0xffff_ffff_ffff_ffffn);
      upid = { asid, pid, startTicks };
    }
    return { upid, containerId: stripRuntime(this.optString(o, 'container_id', at)), cmdline: this.optString(o, 'cmdline', at) };
  }
}

/** Drops a "containerd://" style runtime prefix, as Kubernetes reports container ids. */
function stripRuntime(id: string): string {
  const i = id.indexOf('://');
  return i >= 0 ? id.slice(i + 3) : id;
}

function fmtPath(p: Path): string {
  if (p.length === 0) return 'top level';
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
