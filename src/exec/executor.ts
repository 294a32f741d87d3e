// Runs a logical plan: builds one stream per node (nodes read by several consumers are
// materialised once and replayed), then drains the sinks in the order the script declared
// them. The caller consumes events as an AsyncIterable and can stop it with an AbortSignal.

import os from 'node:os';
import type { Relation, RowBatch } from '../types/index.js';
import type { MetadataState } from '../metadata/api.js';
import type { Plan, PlanNode } from '../pxl/plan.js';
import type { FunctionRegistry } from '../pxl/functions/registry.js';
import { defaultRegistry } from '../pxl/functions/index.js';
import { nowNs } from '../pxl/functions/time.js';
import type { ExecContext } from './context.js';
import type { TableProvider } from './provider.js';
import { Scheduler } from './scheduler.js';
import type { ResultLease } from './result-buffers.js';
import { ExecError } from './errors.js';
import { sliceBatch } from './columns.js';
import { prunePlan } from './prune.js';
import type { Stream } from './operators/basic.js';
import { dropOp, filterOp, headOp, mapOp, projectOp, sourceOp } from './operators/basic.js';
import { aggOp } from './operators/agg.js';
import { mergeOp } from './operators/merge.js';
import { appendOp } from './operators/append.js';
import { udtfOp } from './operators/udtf.js';
import type { AgentInfo } from './operators/udtf.js';

// os.cpus() reads /proc/cpuinfo (~0.15 ms): once per process, not once per query.
let cpuCount: number | undefined;
const hostCpuCount = (): number => (cpuCount ??= os.cpus().length);

export interface ExecuteOptions {
  readonly provider: TableProvider;
  readonly metadata: MetadataState;
  readonly registry?: FunctionRegistry;
  /** Cancels the query; the next batch boundary throws ERR_EXEC_ABORTED. */
  readonly signal?: AbortSignal;
  /** Query start time in ns (default: now); relative source bounds resolve against it. */
  readonly nowNs?: bigint;
  /** Rows per result table at most (applied on top of each sink's own cap). */
  readonly maxRowsPerTable?: number;
  /** Largest batch operators emit (default 65536). */
  readonly batchRows?: number;
  /** Work between event-loop yields in ms (default 5). */
  readonly sliceMs?: number;
  /** px._exec_hostname() (default: the metadata state's host name, else the OS host name). */
  readonly hostname?: string;
  /** px._exec_host_num_cpus() (default: os.cpus().length). */
  readonly numCpus?: number;
  /** This agent, for px.GetAgentStatus() and px._HeapGrowthStacks(). */
  readonly agent?: AgentInfo;
  /** Column pruning before execution (default on; off only to test the pass). */
  readonly prune?: boolean;
  /**
   * Memory for result columns (result-buffers.ts): the caller releases the lease once it is
   * done with every result batch and reads none of them again. Without it, results take
   * fresh memory.
   */
  readonly resultBuffers?: ResultLease;
}

/** Execution events: a table's relation first, then its batches, then its end. */
export type ResultEvent =
  | { readonly kind: 'table'; readonly index: number; readonly name: string; readonly relation: Relation }
  | { readonly kind: 'batch'; readonly index: number; readonly name: string; readonly batch: RowBatch }
  | { readonly kind: 'end'; readonly index: number; readonly name: string; readonly numRows: number };

/** A collected result table. */
export interface ResultTable {
  readonly name: string;
  readonly relation: Relation;
  readonly batches: RowBatch[];
  readonly numRows: number;
}

/** Executes a plan, yielding each result table's events in sink order. */
export async function* executePlan(plan: Plan, opts: ExecuteOptions): AsyncGenerator<ResultEvent> {
  const ctx: ExecContext = {
    registry: opts.registry ?? defaultRegistry(),
    fn: { metadata: opts.metadata, hostname: opts.hostname ?? (opts.metadata.hostname() || os.hostname()), numCpus: opts.numCpus ?? hostCpuCount() },
    provider: opts.provider,
    scheduler: new Scheduler(opts.signal, opts.sliceMs),
    nowNs: opts.nowNs ?? nowNs(),
    batchRows: opts.batchRows ?? 65536,
    query: {},
    ...(opts.resultBuffers !== undefined ? { results: opts.resultBuffers } : {}),
  };
  const streams = new PlanStreams(opts.prune === false ? plan : prunePlan(plan), ctx, opts.agent);
  for (let index = 0; index < plan.sinks.length; index++) {
    const sink = streams.node(plan.sinks[index]!);
    if (sink.kind !== 'sink') throw new ExecError('ERR_EXEC_BAD_PLAN', `node ${sink.id} is not a sink`);
    const name = sink.tableName;
    yield { kind: 'table', index, name, relation: sink.relation };
    const cap = Math.min(sink.maxRows ?? Infinity, opts.maxRowsPerTable ?? Infinity);
    let rows = 0;
    if (cap > 0) {
      for await (const b of streams.stream(sink.inputs[0]!)) {
        const take = Math.min(b.numRows, cap - rows);
        if (take > 0) {
          rows += take;
          yield { kind: 'batch', index, name, batch: take === b.numRows ? b : sliceBatch(b, 0, take) };
        }
        if (rows >= cap) break;
      }
    }
    yield { kind: 'end', index, name, numRows: rows };
  }
}

/** Executes a plan and collects every result table. */
export async function runPlan(plan: Plan, opts: ExecuteOptions): Promise<ResultTable[]> {
  const out: ResultTable[] = [];
  for await (const e of executePlan(plan, opts)) {
    if (e.kind === 'table') out.push({ name: e.name, relation: e.relation, batches: [], numRows: 0 });
    else if (e.kind === 'batch') out[e.index]!.batches.push(e.batch);
    else out[e.index] = { ...out[e.index]!, numRows: e.numRows };
  }
  return out;
}

/**
 * For each node whose rows stream into a head(n) through row-preserving or row-dropping
 * operators only (filter, map, project, drop, head), each read by that one consumer: n (the
 * smallest n when heads stack). The source and filters there start with batches of about n
 * rows (growing back to full size), so a head over a selective filter scans and copies
 * little more than it keeps. Only batch boundaries change, never rows or their order. An
 * agg, merge or append in between reads all its input whatever the head keeps: the chain
 * stops there, as it does at shared nodes (materialised whole for their other readers).
 */
export function headRowHints(plan: Plan): Map<number, number> {
  const byId = new Map<number, PlanNode>();
  const consumers = new Map<number, number>();
  for (const n of plan.nodes) {
    byId.set(n.id, n);
    for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  }
  return headRowHintsOf(plan.nodes, byId, consumers);
}

/** headRowHints over maps the caller already has: nodes by id, readers per node id. */
function headRowHintsOf(nodes: readonly PlanNode[], byId: ReadonlyMap<number, PlanNode>, consumers: ReadonlyMap<number, number>): Map<number, number> {
  const hints = new Map<number, number>();
  for (const head of nodes) {
    if (head.kind !== 'head') continue;
    let n = head.n;
    for (let id = head.inputs[0]; id !== undefined && consumers.get(id) === 1;) {
      const node = byId.get(id);
      if (node === undefined) break;
      if (node.kind === 'head') n = Math.min(n, node.n);
      else if (node.kind !== 'source' && node.kind !== 'filter' && node.kind !== 'map' && node.kind !== 'project' && node.kind !== 'drop') break;
      hints.set(id, Math.min(n, hints.get(id) ?? Infinity));
      id = node.inputs[0];
    }
  }
  return hints;
}

/** Streams per node; shared nodes are materialised once. */
class PlanStreams {
  private readonly nodes = new Map<number, PlanNode>();
  private readonly consumers = new Map<number, number>();
  /** The consuming node of each node read by exactly one (the last one listed otherwise). */
  private readonly consumer = new Map<number, PlanNode>();
  private readonly cache = new Map<number, Promise<RowBatch[]>>();
  /** Rows a head(n) above takes at most, for the nodes streaming straight into it. */
  private readonly headRows: ReadonlyMap<number, number>;

  constructor(plan: Plan, private readonly ctx: ExecContext, private readonly agent: AgentInfo | undefined) {
    for (const n of plan.nodes) {
      if (this.nodes.has(n.id)) throw new ExecError('ERR_EXEC_BAD_PLAN', `duplicate plan node id ${n.id}`);
      this.nodes.set(n.id, n);
    }
    for (const n of plan.nodes) {
      for (const i of n.inputs) {
        this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
        this.consumer.set(i, n);
      }
    }
    this.headRows = headRowHintsOf(plan.nodes, this.nodes, this.consumers);
  }

  /**
   * Whether each output batch of node `id` is dead by the time the node is asked for the
   * next one: its only consumer is a group-by (which folds a batch and keeps none of its
   * arrays), or a map/project/drop whose own batches are transient (they pass columns
   * through, so they die with them), or a filter whose own batches are transient (it copies
   * a batch's selected rows before asking for the next batch, or hands the batch on whole).
   * Heads, joins and sinks keep batches.
   */
  transient(id: number): boolean {
    if ((this.consumers.get(id) ?? 0) !== 1) return false;
    const c = this.consumer.get(id)!;
    switch (c.kind) {
      case 'agg': return true;
      case 'map':
      case 'project':
      case 'drop':
      case 'filter': return this.transient(c.id);
      default: return false;
    }
  }

  node(id: number): PlanNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new ExecError('ERR_EXEC_BAD_PLAN', `unknown plan node id ${id}`);
    return n;
  }

  stream(id: number): Stream {
    if ((this.consumers.get(id) ?? 0) <= 1) return this.build(this.node(id));
    let p = this.cache.get(id);
    if (p === undefined) {
      p = (async () => {
        const out: RowBatch[] = [];
        for await (const b of this.build(this.node(id))) out.push(b);
        return out;
      })();
      this.cache.set(id, p);
    }
    const batches = p;
    return (async function* replay() { yield* await batches; })();
  }

  private build(n: PlanNode): Stream {
    const ctx = this.ctx;
    const input = (k: number): Stream => this.stream(n.inputs[k]!);
    const rel = (k: number): Relation => this.node(n.inputs[k]!).relation;
    switch (n.kind) {
      case 'source': return sourceOp(n, ctx, this.headRows.get(n.id));
      case 'udtf': return udtfOp(n, ctx, this.agent);
      case 'map': return mapOp(n, input(0), ctx, this.transient(n.id));
      case 'filter': return filterOp(n, input(0), ctx, this.transient(n.id), this.headRows.get(n.id));
      case 'project': return projectOp(n, input(0));
      case 'drop': return dropOp(n, rel(0), input(0));
      case 'head': return headOp(n, input(0));
      case 'agg': return aggOp(n, rel(0).map((c) => c.type), input(0), ctx);
      case 'merge': return mergeOp(n, rel(0), rel(1), input(0), input(1), ctx);
      case 'append': return appendOp(n, n.inputs.map((_, k) => rel(k)), n.inputs.map((_, k) => input(k)), ctx);
      case 'sink': return input(0);
    }
  }
}

