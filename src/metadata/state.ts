// The agent's metadata state: a long-lived MetadataState whose answers come from the
// newest immutable index. Sources replace their own contribution; contributions merge
// (later sources win on the same pod/service UID or upid). Also a builder for fixtures.

import type {
  MetadataState, MetadataSnapshot, MetadataUpdate, NodeIdentity, PodInfo, ServiceInfo, ProcessInfo,
  ContainerInfo, UpidCtxKey, Upid,
} from './api.js';
import { upidToAsid, upidToPid } from './api.js';
import { MetadataIndex, joinNames } from './index-state.js';

export class AgentMetadataState implements MetadataState {
  #index: MetadataIndex;
  #generation = 0;
  readonly #identity: NodeIdentity;
  /** Per-source contributions, in registration order. */
  readonly #parts = new Map<string, MetadataUpdate>();

  constructor(identity: NodeIdentity, initial?: MetadataSnapshot) {
    this.#identity = identity;
    this.#index = new MetadataIndex(initial ?? { ...identity, pods: [], services: [], processes: [] });
  }

  get generation(): number { return this.#generation; }

  /** The current immutable snapshot (for diagnostics and tests). */
  get snapshot(): MetadataSnapshot { return this.#index.snapshot; }

  /** Replaces source `name`'s contribution and rebuilds the index. */
  apply(name: string, update: MetadataUpdate): void {
    this.#parts.set(name, update);
    this.#rebuild();
  }

  /** Drops source `name`'s contribution. */
  remove(name: string): void {
    if (this.#parts.delete(name)) this.#rebuild();
  }

  #rebuild(): void {
    const pods = new Map<string, PodInfo>();
    const services = new Map<string, ServiceInfo>();
    const processes = new Map<string, ProcessInfo>();
    let nodeName = this.#identity.nodeName;
    for (const part of this.#parts.values()) {
      for (const p of part.pods ?? []) pods.set(p.uid, p);
      for (const s of part.services ?? []) services.set(s.uid, s);
      for (const p of part.processes ?? []) processes.set(`${p.upid.asid}:${p.upid.pid}:${p.upid.startTicks}`, p);
      if (part.nodeName) nodeName = part.nodeName;
    }
    this.#index = new MetadataIndex({
      nodeName, hostname: this.#identity.hostname, asid: this.#identity.asid,
      pods: [...pods.values()], services: [...services.values()], processes: [...processes.values()],
    });
    this.#generation++;
  }

  // --- upid lookups ---
  upidToPodId(high: bigint, low: bigint): string { return this.#index.podOfProcess(high, low)?.uid ?? ''; }
  upidToPodName(high: bigint, low: bigint): string {
    const pod = this.#index.podOfProcess(high, low);
    return pod ? `${pod.namespace}/${pod.name}` : '';
  }
  upidToNamespace(high: bigint, low: bigint): string { return this.#index.podOfProcess(high, low)?.namespace ?? ''; }
  upidToContainerId(high: bigint, low: bigint): string { return this.#index.process(high, low)?.containerId ?? ''; }
  upidToContainerName(high: bigint, low: bigint): string {
    const p = this.#index.process(high, low);
    return p && p.containerId !== '' ? this.#index.containersById.get(p.containerId)?.container.name ?? '' : '';
  }
  upidToServiceName(high: bigint, low: bigint): string { return this.podIdToServiceName(this.upidToPodId(high, low)); }
  upidToServiceId(high: bigint, low: bigint): string { return this.podIdToServiceId(this.upidToPodId(high, low)); }
  upidToNodeName(high: bigint, low: bigint): string {
    const pod = this.#index.podOfProcess(high, low);
    if (pod) return pod.nodeName;
    return this.#index.process(high, low) ? this.#index.snapshot.nodeName : '';
  }
  upidToHostname(high: bigint, low: bigint): string {
    const pod = this.#index.podOfProcess(high, low);
    if (pod) return pod.hostname ?? pod.name;
    return this.#index.process(high, low) ? this.#index.snapshot.hostname : '';
  }
  upidToCmdline(high: bigint, low: bigint): string { return this.#index.process(high, low)?.cmdline ?? ''; }
  upidToPid(high: bigint, _low: bigint): bigint { return upidToPid(high); }
  upidToAsid(high: bigint, _low: bigint): bigint { return upidToAsid(high); }

  resolveUpidCtx(key: UpidCtxKey, high: bigint, low: bigint): string | bigint {
    switch (key) {
      case 'pod': return this.upidToPodName(high, low);
      case 'pod_id': return this.upidToPodId(high, low);
      case 'service': return this.upidToServiceName(high, low);
      case 'service_id': return this.upidToServiceId(high, low);
      case 'namespace': return this.upidToNamespace(high, low);
      case 'node_name': return this.upidToNodeName(high, low);
      case 'container': return this.upidToContainerName(high, low);
      case 'container_id': return this.upidToContainerId(high, low);
      case 'pid': return upidToPid(high);
      case 'asid': return upidToAsid(high);
      case 'cmdline': return this.upidToCmdline(high, low);
      case 'hostname': return this.upidToHostname(high, low);
      default: return '';
    }
  }

  // --- pod id lookups ---
  podIdToPodName(podId: string): string {
    const pod = this.#index.podsByUid.get(podId);
    return pod ? `${pod.namespace}/${pod.name}` : '';
  }
  podIdToNamespace(podId: string): string { return this.#index.podsByUid.get(podId)?.namespace ?? ''; }
  podIdToNodeName(podId: string): string { return this.#index.podsByUid.get(podId)?.nodeName ?? ''; }
  podIdToPodIp(podId: string): string { return this.#index.podsByUid.get(podId)?.ip ?? ''; }
  podIdToStartTime(podId: string): bigint { return this.#index.podsByUid.get(podId)?.startTimeNs ?? 0n; }
  podIdToServiceName(podId: string): string {
    return joinNames((this.#index.servicesByPod.get(podId) ?? []).map((s) => `${s.namespace}/${s.name}`));
  }
  podIdToServiceId(podId: string): string {
    return joinNames((this.#index.servicesByPod.get(podId) ?? []).map((s) => s.uid));
  }

  // --- pod name lookups ---
  podNameToPodId(podName: string): string { return this.#index.podsByName.get(podName)?.uid ?? ''; }
  podNameToNamespace(podName: string): string { return this.#index.podsByName.get(podName)?.namespace ?? ''; }
  podNameToNodeName(podName: string): string { return this.#index.podsByName.get(podName)?.nodeName ?? ''; }
  podNameToPodIp(podName: string): string { return this.#index.podsByName.get(podName)?.ip ?? ''; }
  podNameToStartTime(podName: string): bigint { return this.#index.podsByName.get(podName)?.startTimeNs ?? 0n; }
  podNameToServiceName(podName: string): string { return this.podIdToServiceName(this.podNameToPodId(podName)); }
  podNameToStatus(podName: string): string {
    const pod = this.#index.podsByName.get(podName);
    if (!pod) return '';
    return JSON.stringify({ phase: pod.phase ?? 'Running', message: pod.message ?? '', reason: pod.reason ?? '', ready: pod.ready ?? true });
  }

  // --- services ---
  serviceNameToServiceId(serviceName: string): string { return this.#index.servicesByName.get(serviceName)?.uid ?? ''; }
  serviceNameToNamespace(serviceName: string): string { return this.#index.servicesByName.get(serviceName)?.namespace ?? ''; }
  serviceIdToServiceName(serviceId: string): string {
    const s = this.#index.servicesByUid.get(serviceId);
    return s ? `${s.namespace}/${s.name}` : '';
  }

  // --- addresses and containers ---
  ipToPodId(ip: string, timeNs?: bigint): string { return this.#index.podByIp(ip, timeNs)?.uid ?? ''; }
  ipToServiceId(ip: string): string { return this.#index.servicesByClusterIp.get(ip)?.uid ?? ''; }
  containerIdToStatus(containerId: string): string {
    const c = this.#index.containersById.get(containerId)?.container;
    if (!c) return '';
    return JSON.stringify({ state: c.state ?? 'running', message: c.message ?? '', reason: c.reason ?? '' });
  }

  nodeName(): string { return this.#index.snapshot.nodeName; }
  hostname(): string { return this.#index.snapshot.hostname; }
  asid(): number { return this.#index.snapshot.asid; }
}

// --- fixture builder ---

export interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly uid?: string;
  readonly nodeName?: string;
  readonly ip?: string;
  readonly startTimeNs?: bigint;
  readonly stopTimeNs?: bigint;
  readonly phase?: string;
  readonly containers?: readonly { readonly id: string; readonly name: string; readonly state?: string }[];
}

/**
 * Builds a MetadataState for tests and fixtures:
 * `metadataBuilder({ nodeName: 'n1' }).pod({...}).service({...}).process({...}).build()`.
 */
export class MetadataBuilder {
  readonly #identity: NodeIdentity;
  readonly #pods: PodInfo[] = [];
  readonly #services: ServiceInfo[] = [];
  readonly #processes: ProcessInfo[] = [];

  constructor(identity: Partial<NodeIdentity> = {}) {
    this.#identity = { nodeName: identity.nodeName ?? 'node-1', hostname: identity.hostname ?? identity.nodeName ?? 'node-1', asid: identity.asid ?? 0 };
  }

  /** Adds a pod; uid defaults to "uid-<ns>-<name>", node to this node. */
  pod(spec: PodSpec): this {
    const containers: ContainerInfo[] = (spec.containers ?? []).map((c) => ({ ...c }));
    this.#pods.push({
      uid: spec.uid ?? `uid-${spec.namespace}-${spec.name}`,
      name: spec.name, namespace: spec.namespace,
      nodeName: spec.nodeName ?? this.#identity.nodeName,
      ip: spec.ip ?? '', startTimeNs: spec.startTimeNs ?? 0n,
      ...(spec.stopTimeNs !== undefined ? { stopTimeNs: spec.stopTimeNs } : {}),
      ...(spec.phase !== undefined ? { phase: spec.phase } : {}),
      containers,
    });
    return this;
  }

  /** Adds a service; member pods are given by "ns/name" of pods added before. */
  service(spec: { name: string; namespace: string; uid?: string; clusterIps?: string[]; pods?: string[] }): this {
    const podUids = (spec.pods ?? []).map((n) => {
      const pod = this.#pods.find((p) => `${p.namespace}/${p.name}` === n);
      if (!pod) throw new TypeError(`metadataBuilder: service ${spec.name} names unknown pod ${n}`);
      return pod.uid;
    });
    this.#services.push({ uid: spec.uid ?? `uid-svc-${spec.namespace}-${spec.name}`, name: spec.name, namespace: spec.namespace, clusterIps: spec.clusterIps ?? [], podUids });
    return this;
  }

  /** Adds a process (asid defaults to this node's). */
  process(spec: { pid: number; startTicks: bigint; asid?: number; containerId?: string; cmdline?: string }): this {
    const upid: Upid = { asid: spec.asid ?? this.#identity.asid, pid: spec.pid, startTicks: spec.startTicks };
    this.#processes.push({ upid, containerId: spec.containerId ?? '', cmdline: spec.cmdline ?? '' });
    return this;
  }

  snapshot(): MetadataSnapshot {
    return { ...this.#identity, pods: [...this.#pods], services: [...this.#services], processes: [...this.#processes] };
  }

  build(): AgentMetadataState {
    const state = new AgentMetadataState(this.#identity);
    state.apply('fixture', { pods: this.#pods, services: this.#services, processes: this.#processes });
    return state;
  }
}

export function metadataBuilder(identity: Partial<NodeIdentity> = {}): MetadataBuilder {
  return new MetadataBuilder(identity);
}
