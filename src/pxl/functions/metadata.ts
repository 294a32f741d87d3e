// Metadata UDFs (upid_to_*, pod_id_to_*, pod_name_to_*, ip_to_*, ...), answered by the
// agent's MetadataState. Per call, lookups are memoised by key (rows of one process repeat
// its upid), so a batch costs one lookup per distinct key, not per row; upid → string
// answers are also kept across batches for the state's current generation (upid-ids.ts),
// and a stored column's per-row ids across queries (upid-id-cache.ts).

import { DataType as T, SemanticType as ST } from '../../types/index.js';
import type { Column, SemanticType, UInt128Column } from '../../types/index.js';
import type { MetadataState } from '../../metadata/api.js';
import type { Arg, FunctionContext, ScalarOverload } from './registry.js';
import { fixedSemantic } from './registry.js';
import { UpidIds, answersOf, upidTables, type UpidAnswers } from './upid-ids.js';
import { upidIdCache } from './upid-id-cache.js';
import { outInt32 } from './buffers.js';
import { argColumn, bigintArg, dictionaryColumn, defineScalar, mapStrings, stringArg } from './kernel.js';

type UpidFn<R> = (m: MetadataState, high: bigint, low: bigint) => R;

/** Evaluates `f` once per distinct upid of the column and spreads the answers over the rows. */
export function perUpid<R>(col: UInt128Column, n: number, f: (high: bigint, low: bigint) => R, out: (i: number, v: R) => void): void {
  const ids = new UpidIds();
  const codes = new Int32Array(n);
  ids.encode(col, n, codes);
  const vals = ids.highs.map((h, k) => f(h, ids.lows[k]!));
  for (let i = 0; i < n; i++) out(i, vals[codes[i]!]!);
}

function upidString(name: string, sem: SemanticType, f: UpidFn<string>): ScalarOverload {
  return defineScalar(name, [T.UINT128], T.STRING, fixedSemantic(sem), (args, n, ctx) => {
    const col = argColumn(args[0]!, n) as UInt128Column;
    const m = ctx.metadata;
    // Ids and answers carry over between batches while the metadata generation holds, so a
    // batch resolves only upids no earlier batch had (upid-ids.ts); a stored batch's per-row
    // ids are kept too (upid-id-cache.ts).
    const t = upidTables(m);
    const codes = outInt32(ctx, n);
    const { present, rows, ids } = upidIdCache.encodeCounted(t.ids, col, n, codes, false);
    const answers = answersOf(t, name);
    answers.extend(t.ids, (h, l) => f(m, h, l));
    const { map, values } = dictionaryPieces(present, answers, t.ids.size);
    if (ids === undefined || rows === undefined) return dictionaryColumn({ codes, map, values, present });
    // Kept ids: 32-bit codes only for a consumer that reads them (the per-upid group-by reads
    // the 16-bit ids and the row counts).
    let widened = false;
    return dictionaryColumn({
      get codes(): Int32Array {
        if (!widened) { codes.set(ids); widened = true; }
        return codes;
      },
      codes16: ids, map, values, present, presentRows: rows,
    });
  });
}

/**
 * Pieces already worked out for a `present` list (a kept column's list is the same object
 * every query) under one answers table. An id's answer never changes within its table
 * (answers are only appended), so they stay exact.
 */
const piecesOf = new WeakMap<readonly number[], { answers: UpidAnswers; map: Int32Array; values: string[] }>();

/**
 * The dictionary of a batch whose rows hold the upid ids `present`: the distinct answers of
 * those ids only (a group-by makes a group per dictionary value), and id → value index.
 */
function dictionaryPieces(present: readonly number[], answers: UpidAnswers, size: number): { map: Int32Array; values: string[] } {
  const known = piecesOf.get(present);
  if (known !== undefined && known.answers === answers) return known;
  const map = new Int32Array(size);
  const values: string[] = [];
  const local = new Map<number, number>();
  for (const id of present) {
    const a = answers.valueOf[id]!;
    let k = local.get(a);
    if (k === undefined) { k = values.length; values.push(answers.values[a]!); local.set(a, k); }
    map[id] = k;
  }
  piecesOf.set(present, { answers, map, values });
  return { map, values };
}

function upidInt(name: string, f: UpidFn<bigint>): ScalarOverload {
  return defineScalar(name, [T.UINT128], T.INT64, fixedSemantic(ST.ST_NONE), (args, n, ctx) => {
    const col = argColumn(args[0]!, n) as UInt128Column;
    const data = new BigInt64Array(n);
    const m = ctx.metadata;
    perUpid(col, n, (hi, lo) => f(m, hi, lo), (i, v) => { data[i] = v; });
    return { type: T.INT64, data };
  });
}

/** Memoised per-row string → R lookup. */
function memoStrings<R>(a: Arg, n: number, f: (s: string) => R, out: (i: number, v: R) => void): void {
  const get = stringArg(a);
  const memo = new Map<string, R>();
  for (let i = 0; i < n; i++) {
    const k = get(i);
    let v = memo.get(k);
    if (v === undefined && !memo.has(k)) { v = f(k); memo.set(k, v); }
    out(i, v as R);
  }
}

function strString(name: string, sem: SemanticType, f: (m: MetadataState, s: string) => string): ScalarOverload {
  return defineScalar(name, [T.STRING], T.STRING, fixedSemantic(sem), (args, n, ctx) => {
    const data = new Array<string>(n);
    memoStrings(args[0]!, n, (s) => f(ctx.metadata, s), (i, v) => { data[i] = v; });
    return { type: T.STRING, data };
  });
}

function strTime(name: string, f: (m: MetadataState, s: string) => bigint): ScalarOverload {
  return defineScalar(name, [T.STRING], T.TIME64NS, fixedSemantic(ST.ST_NONE), (args, n, ctx) => {
    const data = new BigInt64Array(n);
    memoStrings(args[0]!, n, (s) => f(ctx.metadata, s), (i, v) => { data[i] = v; });
    return { type: T.TIME64NS, data };
  });
}

/** Pod name of a socket-tracer row: by upid, else the pod owning local_addr at time t. */
function podNameFallback(args: readonly Arg[], n: number, ctx: FunctionContext): Column {
  const col = argColumn(args[0]!, n) as UInt128Column;
  const addr = stringArg(args[1]!), t = bigintArg(args[2]!);
  const m = ctx.metadata;
  const data = new Array<string>(n);
  perUpid(col, n, (hi, lo) => m.upidToPodName(hi, lo), (i, v) => { data[i] = v; });
  for (let i = 0; i < n; i++) if (data[i] === '') data[i] = m.podIdToPodName(m.ipToPodId(addr(i), t(i)));
  return { type: T.STRING, data };
}

/** All metadata UDFs. */
export function metadataFunctions(): ScalarOverload[] {
  return [
    upidString('upid_to_pod_id', ST.ST_NONE, (m, h, l) => m.upidToPodId(h, l)),
    upidString('upid_to_pod_name', ST.ST_POD_NAME, (m, h, l) => m.upidToPodName(h, l)),
    upidString('upid_to_namespace', ST.ST_NAMESPACE_NAME, (m, h, l) => m.upidToNamespace(h, l)),
    upidString('upid_to_container_id', ST.ST_NONE, (m, h, l) => m.upidToContainerId(h, l)),
    upidString('upid_to_container_name', ST.ST_CONTAINER_NAME, (m, h, l) => m.upidToContainerName(h, l)),
    upidString('upid_to_service_name', ST.ST_SERVICE_NAME, (m, h, l) => m.upidToServiceName(h, l)),
    upidString('upid_to_service_id', ST.ST_NONE, (m, h, l) => m.upidToServiceId(h, l)),
    upidString('upid_to_node_name', ST.ST_NODE_NAME, (m, h, l) => m.upidToNodeName(h, l)),
    upidString('upid_to_hostname', ST.ST_NONE, (m, h, l) => m.upidToHostname(h, l)),
    upidString('upid_to_cmdline', ST.ST_NONE, (m, h, l) => m.upidToCmdline(h, l)),
    upidInt('upid_to_pid', (m, h, l) => m.upidToPid(h, l)),
    upidInt('upid_to_asid', (m, h, l) => m.upidToAsid(h, l)),

    strString('pod_id_to_pod_name', ST.ST_POD_NAME, (m, s) => m.podIdToPodName(s)),
    strString('pod_id_to_namespace', ST.ST_NAMESPACE_NAME, (m, s) => m.podIdToNamespace(s)),
    strString('pod_id_to_node_name', ST.ST_NODE_NAME, (m, s) => m.podIdToNodeName(s)),
    strString('pod_id_to_service_name', ST.ST_SERVICE_NAME, (m, s) => m.podIdToServiceName(s)),
    strString('pod_id_to_service_id', ST.ST_NONE, (m, s) => m.podIdToServiceId(s)),
    strTime('pod_id_to_start_time', (m, s) => m.podIdToStartTime(s)),
    strString('pod_name_to_pod_id', ST.ST_NONE, (m, s) => m.podNameToPodId(s)),
    strString('pod_name_to_namespace', ST.ST_NAMESPACE_NAME, (m, s) => m.podNameToNamespace(s)),
    strString('pod_name_to_node_name', ST.ST_NODE_NAME, (m, s) => m.podNameToNodeName(s)),
    strString('pod_name_to_pod_ip', ST.ST_IP_ADDRESS, (m, s) => m.podNameToPodIp(s)),
    strString('pod_name_to_service_name', ST.ST_SERVICE_NAME, (m, s) => m.podNameToServiceName(s)),
    strString('pod_name_to_status', ST.ST_POD_STATUS, (m, s) => m.podNameToStatus(s)),
    strTime('pod_name_to_start_time', (m, s) => m.podNameToStartTime(s)),
    strString('service_id_to_service_name', ST.ST_SERVICE_NAME, (m, s) => m.serviceIdToServiceName(s)),
    strString('service_name_to_service_id', ST.ST_NONE, (m, s) => m.serviceNameToServiceId(s)),
    strString('service_name_to_namespace', ST.ST_NAMESPACE_NAME, (m, s) => m.serviceNameToNamespace(s)),
    strString('ip_to_pod_id', ST.ST_NONE, (m, s) => m.ipToPodId(s)),
    strString('ip_to_service_id', ST.ST_NONE, (m, s) => m.ipToServiceId(s)),
    strString('container_id_to_status', ST.ST_CONTAINER_STATUS, (m, s) => m.containerIdToStatus(s)),
    defineScalar('ip_to_pod_id', [T.STRING, T.TIME64NS], T.STRING, fixedSemantic(ST.ST_NONE), (args, n, ctx) => {
      const ip = stringArg(args[0]!), t = bigintArg(args[1]!);
      return mapStrings(n, (i) => ctx.metadata.ipToPodId(ip(i), t(i)));
    }),
    defineScalar('_upid_to_podname_local_addr_fallback', [T.UINT128, T.STRING, T.TIME64NS], T.STRING,
      fixedSemantic(ST.ST_POD_NAME), podNameFallback),
    defineScalar('_exec_hostname', [], T.STRING, fixedSemantic(ST.ST_NONE), (_a, n, ctx) => mapStrings(n, () => ctx.hostname)),
    defineScalar('_exec_host_num_cpus', [], T.INT64, fixedSemantic(ST.ST_NONE), (_a, n, ctx) =>
      ({ type: T.INT64, data: new BigInt64Array(n).fill(BigInt(ctx.numCpus)) })),
  ];
}
