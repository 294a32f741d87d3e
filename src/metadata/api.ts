// The read interface of the agent's metadata state, as the PxL engine sees it.
// Semantics follow Pixie's metadata UDFs: pod and service names are "namespace/name",
// node names are bare, anything unknown resolves to "" (or 0 / 0n). Lookups never throw.

/** A process identity: Pixie's UPID is UINT128 with high = asid << 32 | pid, low = start-time ticks. */
export interface Upid {
  readonly asid: number;
  readonly pid: number;
  /** Process start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  readonly startTicks: bigint;
}

const LOW32 = 0xffff_ffffn;

/** The high 64 bits of a UPID: asid << 32 | pid. */
export function upidHigh(asid: number, pid: number): bigint {
  return ((BigInt(asid) & LOW32) << 32n) | (BigInt(pid) & LOW32);
}

/** Splits a UPID given as its two 64-bit halves. */
export function upidFromHalves(high: bigint, low: bigint): Upid {
  return { asid: Number((high >> 32n) & LOW32), pid: Number(high & LOW32), startTicks: low };
}

/** The PID inside a UPID (what `px.upid_to_pid` returns). */
export function upidToPid(high: bigint): bigint {
  return high & LOW32;
}

/** The agent short id inside a UPID (what `px.upid_to_asid` returns). */
export function upidToAsid(high: bigint): bigint {
  return (high >> 32n) & LOW32;
}

/** A map key for a UPID (two halves joined, decimal). */
export function upidKey(high: bigint, low: bigint): string {
  return `${high}:${low}`;
}

/**
 * The `df.ctx[...]` keys that resolve from a upid, after alias folding
 * ('pod_name' → 'pod', 'service_name' → 'service', 'node' → 'node_name',
 * 'container_name' → 'container', 'cmd' → 'cmdline', 'host' → 'hostname').
 */
export type UpidCtxKey =
  | 'pod' | 'pod_id' | 'service' | 'service_id' | 'namespace' | 'node_name'
  | 'container' | 'container_id' | 'pid' | 'asid' | 'cmdline' | 'hostname';

const ctxAliases = new Map<string, UpidCtxKey>([
  ['pod', 'pod'], ['pod_name', 'pod'],
  ['pod_id', 'pod_id'],
  ['service', 'service'], ['service_name', 'service'],
  ['service_id', 'service_id'],
  ['namespace', 'namespace'],
  ['node', 'node_name'], ['node_name', 'node_name'],
  ['container', 'container'], ['container_name', 'container'],
  ['container_id', 'container_id'],
  ['pid', 'pid'],
  ['asid', 'asid'],
  ['cmd', 'cmdline'], ['cmdline', 'cmdline'],
  ['host', 'hostname'], ['hostname', 'hostname'],
]);

/** Folds a ctx key alias to its canonical key, or undefined when the key is not a upid property. */
export function canonicalCtxKey(key: string): UpidCtxKey | undefined {
  return ctxAliases.get(key);
}

/**
 * Read-only metadata lookups used by the engine's metadata UDFs and `df.ctx[...]`.
 * The object is long-lived: it always answers from the newest state (see `generation`).
 */
export interface MetadataState {
  /** Increases whenever the underlying state changes; engines may cache lookups per generation. */
  readonly generation: number;

  // --- upid (two 64-bit halves) → process / container / pod ---
  /** Pod UID of the process's pod, or "". */
  upidToPodId(high: bigint, low: bigint): string;
  /** "ns/pod" of the process's pod, or "". */
  upidToPodName(high: bigint, low: bigint): string;
  /** Namespace of the process's pod, or "". */
  upidToNamespace(high: bigint, low: bigint): string;
  /** Container id (runtime id, no "docker://" prefix) of the process, or "". */
  upidToContainerId(high: bigint, low: bigint): string;
  /** Container name of the process, or "". */
  upidToContainerName(high: bigint, low: bigint): string;
  /** "ns/svc" of the pod's service; a JSON array string when several; "" when none. */
  upidToServiceName(high: bigint, low: bigint): string;
  /** Service UID of the pod's service; a JSON array string when several; "" when none. */
  upidToServiceId(high: bigint, low: bigint): string;
  /** Node name of the process's pod (or this node for a known host process), or "". */
  upidToNodeName(high: bigint, low: bigint): string;
  /** Hostname of the process's pod (the node's hostname for a host process), or "". */
  upidToHostname(high: bigint, low: bigint): string;
  /** Command line of the process, or "". */
  upidToCmdline(high: bigint, low: bigint): string;
  /** PID inside the upid (pure bit arithmetic, known or not). */
  upidToPid(high: bigint, low: bigint): bigint;
  /** ASID inside the upid (pure bit arithmetic, known or not). */
  upidToAsid(high: bigint, low: bigint): bigint;
  /** Resolves a `df.ctx[key]` from a upid; INT64 for pid/asid, STRING otherwise; unknown key → "". */
  resolveUpidCtx(key: UpidCtxKey, high: bigint, low: bigint): string | bigint;

  // --- pod id (UID) → pod properties ---
  /** "ns/pod" for a pod UID, or "". */
  podIdToPodName(podId: string): string;
  /** Namespace of the pod, or "". */
  podIdToNamespace(podId: string): string;
  /** Node the pod runs on, or "". */
  podIdToNodeName(podId: string): string;
  /** Pod IP, or "". */
  podIdToPodIp(podId: string): string;
  /** Pod start (creation) time in ns since the epoch, or 0n. */
  podIdToStartTime(podId: string): bigint;
  /** "ns/svc" of the pod's services; JSON array string when several; "" when none. */
  podIdToServiceName(podId: string): string;
  /** Service UID(s) of the pod's services, same single/array convention, or "". */
  podIdToServiceId(podId: string): string;

  // --- pod name "ns/pod" → pod properties ---
  /** Pod UID for "ns/pod", or "". */
  podNameToPodId(podName: string): string;
  /** Namespace part of a known pod, or "". */
  podNameToNamespace(podName: string): string;
  /** Node of the pod, or "". */
  podNameToNodeName(podName: string): string;
  /** Pod IP, or "". */
  podNameToPodIp(podName: string): string;
  /** Pod start time in ns, or 0n. */
  podNameToStartTime(podName: string): bigint;
  /** Services of the pod ("ns/svc" or JSON array), or "". */
  podNameToServiceName(podName: string): string;
  /** JSON {"phase","message","reason","ready"} of the pod, or "". */
  podNameToStatus(podName: string): string;

  // --- services ---
  /** Service UID for "ns/svc", or "". */
  serviceNameToServiceId(serviceName: string): string;
  /** Namespace of a known service, or "". */
  serviceNameToNamespace(serviceName: string): string;
  /** "ns/svc" for a service UID, or "". */
  serviceIdToServiceName(serviceId: string): string;

  // --- addresses and containers ---
  /** UID of the pod owning `ip` (at time `timeNs` when given; pods alive then), or "". */
  ipToPodId(ip: string, timeNs?: bigint): string;
  /** UID of the service owning cluster IP `ip`, or "". */
  ipToServiceId(ip: string): string;
  /** JSON {"state","message","reason"} of a container, or "". */
  containerIdToStatus(containerId: string): string;

  // --- this node ---
  /** This agent's node name (flag, metadata file, or host name). */
  nodeName(): string;
  /** This agent's host name. */
  hostname(): string;
  /** This agent's ASID (0 when standalone). */
  asid(): number;
}

// --- the data model the state is built from (metadata file, demo workload, host, k8s) ---

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  /** running | waiting | terminated (Pixie's container state). */
  readonly state?: string;
  readonly message?: string;
  readonly reason?: string;
}

export interface PodInfo {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  readonly ip: string;
  /** Creation time, ns since the epoch. */
  readonly startTimeNs: bigint;
  /** Deletion time, ns since the epoch; 0n or absent while alive. */
  readonly stopTimeNs?: bigint;
  readonly hostname?: string;
  readonly phase?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly ready?: boolean;
  readonly containers: readonly ContainerInfo[];
}

export interface ServiceInfo {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly clusterIps: readonly string[];
  /** UIDs of the member pods. */
  readonly podUids: readonly string[];
}

export interface ProcessInfo {
  readonly upid: Upid;
  /** Container id ("" for a host process). */
  readonly containerId: string;
  readonly cmdline: string;
}

/** Who this agent is: node name (flag, metadata file or host name), host name, ASID. */
export interface NodeIdentity {
  readonly nodeName: string;
  readonly hostname: string;
  readonly asid: number;
}

/** A complete, immutable description of what this agent knows. */
export interface MetadataSnapshot extends NodeIdentity {
  readonly pods: readonly PodInfo[];
  readonly services: readonly ServiceInfo[];
  readonly processes: readonly ProcessInfo[];
}

/**
 * A partial contribution from one source; merged with the others by the state holder.
 * A source may name the node, not change the host name or ASID.
 */
export type MetadataUpdate = Partial<Pick<MetadataSnapshot, 'nodeName' | 'pods' | 'services' | 'processes'>>;

/** A producer of metadata (demo workload, file, host /proc, later a Kubernetes watch). */
export interface MetadataSource {
  readonly name: string;
  /** Begins emitting; `emit` replaces this source's whole contribution each time. */
  start(emit: (update: MetadataUpdate) => void): Promise<void>;
  stop(): Promise<void>;
  /** ok, or degraded with a reason (bad file, unreadable /proc, ...). */
  health(): { readonly status: 'ok' | 'degraded'; readonly reason?: string };
}
