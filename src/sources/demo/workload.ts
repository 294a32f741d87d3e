// The demo cluster: a few namespaces, ~30 pods behind services, who calls whom, and the
// metadata that describes it (so upids in the demo tables resolve to demo pods).
// Everything is derived from the seed; times are relative to the given start.

import type { MetadataUpdate, PodInfo, ProcessInfo, ServiceInfo } from '../../metadata/index.js';
import { upidHigh } from '../../metadata/index.js';
import { Rng } from './rng.js';

export interface Route {
  readonly method: string;
  readonly path: string;
  /** Median latency in ms (log-normal). */
  readonly medianMs: number;
  readonly reqBody: string;
  readonly respBody: string;
  readonly respBytes: number;
}

export interface DemoService {
  readonly index: number;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly clusterIp: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly pods: DemoPod[];
}

export interface DemoPod {
  readonly index: number;
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly ip: string;
  readonly containerId: string;
  readonly containerName: string;
  readonly pid: number;
  readonly startTicks: bigint;
  readonly upidHigh: bigint;
  readonly startTimeNs: bigint;
  readonly cmdline: string;
  readonly service: DemoService;
  /** Baseline memory, bytes. */
  readonly rssBase: number;
}

/** A caller → callee relation with its share of the traffic. */
export interface Edge {
  /** undefined = traffic from outside the cluster. */
  readonly client: DemoService | undefined;
  readonly server: DemoService;
  readonly weight: number;
}

export interface Workload {
  readonly services: readonly DemoService[];
  readonly pods: readonly DemoPod[];
  readonly edges: readonly Edge[];
  /** Cumulative edge weights for sampling. */
  readonly edgeCdf: Float64Array;
  readonly dns: DemoService;
  readonly externalIps: readonly string[];
  readonly metadata: MetadataUpdate;
}

interface ServiceDef {
  readonly ns: string;
  readonly name: string;
  readonly replicas: number;
  readonly port: number;
  readonly image: string;
  readonly routes: readonly [method: string, path: string, medianMs: number, respBytes: number][];
}

const SERVICES: readonly ServiceDef[] = [
  { ns: 'shop', name: 'frontend', replicas: 3, port: 8080, image: 'node /app/server.js', routes: [['GET', '/', 12, 5400], ['GET', '/product/{id}', 18, 3200], ['POST', '/cart', 25, 420], ['GET', '/healthz', 1, 2]] },
  { ns: 'shop', name: 'catalog', replicas: 3, port: 3550, image: '/app/catalog --port=3550', routes: [['GET', '/api/products', 8, 9800], ['GET', '/api/products/{id}', 4, 820]] },
  { ns: 'shop', name: 'cart', replicas: 3, port: 7070, image: 'dotnet cartservice.dll', routes: [['GET', '/api/cart/{id}', 5, 610], ['POST', '/api/cart/{id}/items', 9, 140]] },
  { ns: 'shop', name: 'checkout', replicas: 2, port: 5050, image: '/app/checkout', routes: [['POST', '/api/checkout', 60, 380]] },
  { ns: 'shop', name: 'recommendations', replicas: 2, port: 8081, image: 'python recommendation_server.py', routes: [['GET', '/api/recommendations', 30, 1500]] },
  { ns: 'payments', name: 'payment-api', replicas: 3, port: 8443, image: 'java -jar payment-api.jar', routes: [['POST', '/v1/charges', 45, 260], ['GET', '/v1/charges/{id}', 10, 300]] },
  { ns: 'payments', name: 'fraud-check', replicas: 2, port: 9000, image: 'python -m fraud.serve', routes: [['POST', '/score', 20, 90]] },
  { ns: 'payments', name: 'ledger', replicas: 2, port: 9090, image: '/usr/local/bin/ledger serve', routes: [['POST', '/entries', 15, 120]] },
  { ns: 'auth', name: 'auth-server', replicas: 3, port: 8000, image: '/auth-server --config=/etc/auth.yaml', routes: [['POST', '/oauth/token', 22, 700], ['GET', '/userinfo', 6, 350]] },
  { ns: 'auth', name: 'user-store', replicas: 2, port: 8001, image: '/user-store', routes: [['GET', '/users/{id}', 3, 450]] },
  { ns: 'monitoring', name: 'prometheus', replicas: 1, port: 9091, image: '/bin/prometheus --config.file=/etc/prometheus.yml', routes: [['GET', '/api/v1/query', 14, 2100]] },
  { ns: 'monitoring', name: 'grafana', replicas: 1, port: 3000, image: '/usr/share/grafana/bin/grafana server', routes: [['GET', '/api/dashboards/uid/{id}', 35, 8800]] },
  { ns: 'kube-system', name: 'kube-dns', replicas: 2, port: 53, image: '/coredns -conf /etc/coredns/Corefile', routes: [] },
  { ns: 'kube-system', name: 'metrics-server', replicas: 1, port: 4443, image: '/metrics-server --secure-port=4443', routes: [['GET', '/apis/metrics.k8s.io/v1beta1/nodes', 7, 1200]] },
];

/** [client, server, weight]; a null client is external traffic. */
const EDGES: readonly [string | null, string, number][] = [
  [null, 'frontend', 40], [null, 'auth-server', 6], [null, 'grafana', 1],
  ['frontend', 'catalog', 22], ['frontend', 'cart', 12], ['frontend', 'recommendations', 8],
  ['frontend', 'checkout', 3], ['frontend', 'auth-server', 6],
  ['checkout', 'cart', 3], ['checkout', 'payment-api', 3],
  ['payment-api', 'fraud-check', 3], ['payment-api', 'ledger', 3],
  ['auth-server', 'user-store', 8], ['recommendations', 'catalog', 6],
  ['grafana', 'prometheus', 2], ['prometheus', 'metrics-server', 1],
];

const BOOT_BEFORE_START_NS = 10n * 24n * 3600n * 1_000_000_000n;
const NS_PER_TICK = 10_000_000n;

function podSuffix(rng: Rng): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Builds the cluster for a seed; `startNs` anchors pod start times and process start ticks. */
export function buildWorkload(seed: number, nodeName: string, asid: number, startNs: bigint): Workload {
  const rng = new Rng(seed ^ 0x5eed);
  const bootNs = startNs - BOOT_BEFORE_START_NS;
  const services: DemoService[] = [];
  const pods: DemoPod[] = [];
  let nextPid = 1200 + rng.int(800);
  SERVICES.forEach((def, si) => {
    const routes: Route[] = def.routes.map(([method, path, medianMs, respBytes]) => ({
      method, path, medianMs, respBytes,
      reqBody: method === 'POST' ? `{"request_id":"${rng.hex(8)}","items":${1 + rng.int(4)}}` : '',
      respBody: `{"status":"ok","data":"${'x'.repeat(Math.min(64, respBytes >> 6))}"}`,
    }));
    const svc: DemoService = {
      index: si, name: def.name, namespace: def.ns, uid: uuid(rng),
      clusterIp: `10.96.${si + 1}.${10 + rng.int(200)}`, port: def.port, routes, pods: [],
    };
    const rsHash = rng.hex(10).replace(/[0-3]/g, 'b');
    for (let r = 0; r < def.replicas; r++) {
      const startTimeNs = startNs - BigInt(3600 + rng.int(3 * 24 * 3600)) * 1_000_000_000n;
      const processStartNs = startTimeNs + BigInt(1 + rng.int(5)) * 1_000_000_000n;
      const pid = nextPid;
      nextPid += 3 + rng.int(40);
      const pod: DemoPod = {
        index: pods.length, uid: uuid(rng),
        name: def.name === 'prometheus' || def.name === 'grafana' ? `${def.name}-${r}` : `${def.name}-${rsHash.slice(0, 9)}-${podSuffix(rng)}`,
        namespace: def.ns, ip: `10.244.0.${10 + pods.length * 7 % 240}`, containerId: rng.hex(64), containerName: def.name,
        pid, startTicks: (processStartNs - bootNs) / NS_PER_TICK, upidHigh: upidHigh(asid, pid),
        startTimeNs, cmdline: def.image, service: svc, rssBase: (40 + rng.int(400)) * 1024 * 1024,
      };
      svc.pods.push(pod);
      pods.push(pod);
    }
    services.push(svc);
  });
  const byName = new Map(services.map((s) => [s.name, s]));
  const edges: Edge[] = EDGES.map(([c, s, weight]) => ({ client: c === null ? undefined : byName.get(c)!, server: byName.get(s)!, weight }));
  const edgeCdf = new Float64Array(edges.length);
  let acc = 0;
  const total = edges.reduce((a, e) => a + e.weight, 0);
  edges.forEach((e, i) => { acc += e.weight / total; edgeCdf[i] = acc; });
  const externalIps = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? `203.0.113.${10 + rng.int(240)}` : i % 3 === 1 ? `198.51.100.${10 + rng.int(240)}` : `192.0.2.${10 + rng.int(240)}`));
  return { services, pods, edges, edgeCdf, dns: byName.get('kube-dns')!, externalIps, metadata: metadataOf(services, pods, nodeName, asid) };
}

function metadataOf(services: readonly DemoService[], pods: readonly DemoPod[], nodeName: string, asid: number): MetadataUpdate {
  const podInfos: PodInfo[] = pods.map((p) => ({
    uid: p.uid, name: p.name, namespace: p.namespace, nodeName, ip: p.ip, startTimeNs: p.startTimeNs,
    hostname: p.name, phase: 'Running', ready: true,
    containers: [{ id: p.containerId, name: p.containerName, state: 'running' }],
  }));
  const svcInfos: ServiceInfo[] = services.map((s) => ({
    uid: s.uid, name: s.name, namespace: s.namespace, clusterIps: [s.clusterIp], podUids: s.pods.map((p) => p.uid),
  }));
  const procs: ProcessInfo[] = pods.map((p) => ({ upid: { asid, pid: p.pid, startTicks: p.startTicks }, containerId: p.containerId, cmdline: p.cmdline }));
  return { pods: podInfos, services: svcInfos, processes: procs };
}
