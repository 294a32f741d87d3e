// An immutable index over one MetadataSnapshot: every lookup is a Map hit.
// Built once per change (file reload, demo start, k8s update), read by many queries.

import type { MetadataSnapshot, PodInfo, ServiceInfo, ProcessInfo, ContainerInfo } from './api.js';
import { upidKey, upidHigh } from './api.js';

export class MetadataIndex {
  readonly snapshot: MetadataSnapshot;
  readonly podsByUid = new Map<string, PodInfo>();
  readonly podsByName = new Map<string, PodInfo>();
  readonly servicesByUid = new Map<string, ServiceInfo>();
  readonly servicesByName = new Map<string, ServiceInfo>();
  readonly servicesByClusterIp = new Map<string, ServiceInfo>();
  /** Pod UID → its services, in declaration order. */
  readonly servicesByPod = new Map<string, ServiceInfo[]>();
  readonly processesByUpid = new Map<string, ProcessInfo>();
  readonly containersById = new Map<string, { readonly container: ContainerInfo; readonly pod: PodInfo }>();
  /** IP → every pod that ever held it, newest start first (IPs are reused). */
  readonly podsByIp = new Map<string, PodInfo[]>();

  constructor(snapshot: MetadataSnapshot) {
    this.snapshot = snapshot;
    for (const pod of snapshot.pods) {
      this.podsByUid.set(pod.uid, pod);
      this.podsByName.set(`${pod.namespace}/${pod.name}`, pod);
      for (const c of pod.containers) this.containersById.set(c.id, { container: c, pod });
      if (pod.ip !== '') {
        const owners = this.podsByIp.get(pod.ip) ?? [];
        owners.push(pod);
        this.podsByIp.set(pod.ip, owners);
      }
    }
    for (const owners of this.podsByIp.values()) {
      owners.sort((a, b) => (a.startTimeNs > b.startTimeNs ? -1 : a.startTimeNs < b.startTimeNs ? 1 : 0));
    }
    for (const svc of snapshot.services) {
      this.servicesByUid.set(svc.uid, svc);
      this.servicesByName.set(`${svc.namespace}/${svc.name}`, svc);
      for (const ip of svc.clusterIps) this.servicesByClusterIp.set(ip, svc);
      for (const podUid of svc.podUids) {
        const list = this.servicesByPod.get(podUid) ?? [];
        list.push(svc);
        this.servicesByPod.set(podUid, list);
      }
    }
    for (const p of snapshot.processes) {
      this.processesByUpid.set(upidKey(upidHigh(p.upid.asid, p.upid.pid), p.upid.startTicks), p);
    }
  }

  process(high: bigint, low: bigint): ProcessInfo | undefined {
    return this.processesByUpid.get(upidKey(high, low));
  }

  /** The pod of a process, through its container id. */
  podOfProcess(high: bigint, low: bigint): PodInfo | undefined {
    const p = this.process(high, low);
    if (p === undefined || p.containerId === '') return undefined;
    return this.containersById.get(p.containerId)?.pod;
  }

  /** The pod that owned `ip` at `timeNs` (or the newest owner when no time is given). */
  podByIp(ip: string, timeNs?: bigint): PodInfo | undefined {
    const owners = this.podsByIp.get(ip);
    if (owners === undefined) return undefined;
    if (timeNs === undefined) {
      // Prefer a live pod; IPs of deleted pods are reused.
      return owners.find((p) => !p.stopTimeNs) ?? owners[0];
    }
    for (const pod of owners) {
      const stop = pod.stopTimeNs ?? 0n;
      if (pod.startTimeNs <= timeNs && (stop === 0n || timeNs < stop)) return pod;
    }
    return undefined;
  }
}

/** Pixie's convention for a pod with several services: a JSON array; one: the bare string. */
export function joinNames(values: readonly string[]): string {
  if (values.length === 0) return '';
  if (values.length === 1) return values[0] as string;
  return JSON.stringify(values);
}
