// Column pruning before execution: every node keeps only the output columns some consumer
// reads, sources scan only those, and column indices are rewritten to match. Compilers may
// emit whole-table relations (PxL maps keep every input column); this pass makes that free.

import type { Relation } from '../types/index.js';
import { freezeDeep, type Expr, type Plan, type PlanNode } from '../pxl/plan.js';
import { ExecError } from './errors.js';
import { keptByDrop } from './operators/basic.js';

/** Column indices an expression reads. */
function exprColumns(e: Expr, out: Set<number>): void {
  if (e.kind === 'column') out.add(e.index);
  else if (e.kind === 'call') for (const a of e.args) exprColumns(a, out);
}

/** The expression with column indices mapped through `remap` (old → new). */
function remapExpr(e: Expr, remap: Map<number, number>): Expr {
  if (e.kind === 'column') return { ...e, index: remap.get(e.index)! };
  if (e.kind === 'call') return { ...e, args: e.args.map((a) => remapExpr(a, remap)) };
  return e;
}

function all(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Nodes in an order where every input comes before its consumers (only those the sinks reach). */
function topoOrder(byId: Map<number, PlanNode>, sinks: readonly number[]): PlanNode[] {
  const order: PlanNode[] = [];
  const state = new Map<number, 1 | 2>();
  const visit = (id: number): void => {
    const s = state.get(id);
    if (s === 2) return;
    if (s === 1) throw new ExecError('ERR_EXEC_BAD_PLAN', `plan has a cycle through node ${id}`);
    const n = byId.get(id);
    if (n === undefined) throw new ExecError('ERR_EXEC_BAD_PLAN', `unknown plan node id ${id}`);
    state.set(id, 1);
    for (const i of n.inputs) visit(i);
    state.set(id, 2);
    order.push(n);
  };
  for (const s of sinks) visit(s);
  return order;
}

/**
 * Pruned forms of frozen plans (the compiler's reused plans, src/pxl/index.ts): pruning is a
 * pure function of the plan, so a plan that cannot change is pruned once. The pruned plan
 * is frozen too. Plans that are not frozen are pruned on every call.
 */
const prunedFrozen = new WeakMap<Plan, Plan>();

/** Returns an equivalent plan whose nodes carry only the columns that are read. */
export function prunePlan(plan: Plan): Plan {
  if (!Object.isFrozen(plan)) return pruneFresh(plan);
  let pruned = prunedFrozen.get(plan);
  if (pruned === undefined) prunedFrozen.set(plan, (pruned = freezeDeep(pruneFresh(plan))));
  return pruned;
}

function pruneFresh(plan: Plan): Plan {
  const byId = new Map<number, PlanNode>();
  for (const n of plan.nodes) {
    if (byId.has(n.id)) throw new ExecError('ERR_EXEC_BAD_PLAN', `duplicate plan node id ${n.id}`);
    byId.set(n.id, n);
  }
  const order = topoOrder(byId, plan.sinks);
  const need = new Map<number, Set<number>>(order.map((n) => [n.id, new Set<number>()]));
  const require = (id: number, cols: Iterable<number>): void => { for (const c of cols) need.get(id)!.add(c); };

  // Consumers first: what each node needs from its inputs, given what is needed from it.
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    const r = need.get(n.id)!;
    // Batches carry at least one column, so a node nobody reads a column of (a constant map
    // sits above it) keeps its first one to deliver row counts. This must be decided here,
    // before the node passes its demand on, so its inputs keep what it will read.
    if (n.kind !== 'sink' && r.size === 0 && n.relation.length > 0) r.add(0);
    switch (n.kind) {
      case 'sink': require(n.inputs[0]!, all(n.relation.length)); break;
      case 'source':
      case 'udtf': break;
      case 'project': require(n.inputs[0]!, [...r].map((i) => n.columns[i]!)); break;
      case 'drop': {
        const keep = keptByDrop(n.columns, byId.get(n.inputs[0]!)!.relation);
        require(n.inputs[0]!, [...r].map((i) => keep[i]!));
        break;
      }
      case 'map': {
        const cols = new Set<number>();
        for (const i of r) exprColumns(n.exprs[i]!.expr, cols);
        require(n.inputs[0]!, cols);
        break;
      }
      case 'filter': {
        const cols = new Set<number>(r);
        exprColumns(n.predicate, cols);
        require(n.inputs[0]!, cols);
        break;
      }
      case 'head': require(n.inputs[0]!, r); break;
      case 'agg': {
        // Groups define the rows and every aggregate stays: an agg keeps its full output.
        for (let i = 0; i < n.relation.length; i++) r.add(i);
        require(n.inputs[0]!, [...n.groups, ...n.aggs.flatMap((a) => a.args)]);
        break;
      }
      case 'merge': {
        const nl = byId.get(n.inputs[0]!)!.relation.length;
        const left = new Set<number>(n.leftOn), right = new Set<number>(n.rightOn);
        for (const i of r) (i < nl ? left.add(i) : right.add(i - nl));
        require(n.inputs[0]!, left);
        require(n.inputs[1]!, right);
        break;
      }
      case 'append': {
        for (let i = 0; i < n.relation.length; i++) r.add(i);
        n.inputs.forEach((id, j) => require(id, n.columnMaps[j] ?? all(n.relation.length)));
        break;
      }
    }
  }

  // Producers first: rebuild each node with its kept columns and remapped indices.
  const remaps = new Map<number, Map<number, number>>();
  const out: PlanNode[] = [];
  for (const n of order) {
    const r = need.get(n.id)!;
    const kept = [...r].sort((a, b) => a - b);
    const remap = new Map(kept.map((old, i) => [old, i]));
    if (n.kind === 'sink') for (let i = 0; i < n.relation.length; i++) remap.set(i, i);
    remaps.set(n.id, remap);
    const inMap = (j: number): Map<number, number> => remaps.get(n.inputs[j]!)!;
    const relation: Relation = n.kind === 'sink' ? n.relation : kept.map((i) => n.relation[i]!);
    switch (n.kind) {
      case 'source': out.push({ ...n, relation, columns: kept.map((i) => n.columns[i]!) }); break;
      case 'udtf': {
        // A UDTF makes all its columns; keep them and let consumers index the full relation.
        remaps.set(n.id, new Map(n.relation.map((_, i) => [i, i])));
        out.push(n);
        break;
      }
      case 'project': out.push({ ...n, relation, columns: kept.map((i) => inMap(0).get(n.columns[i]!)!) }); break;
      case 'drop': {
        const keep = keptByDrop(n.columns, byId.get(n.inputs[0]!)!.relation);
        out.push({ id: n.id, kind: 'project', inputs: n.inputs, relation, columns: kept.map((i) => inMap(0).get(keep[i]!)!) });
        break;
      }
      case 'map': out.push({ ...n, relation, exprs: kept.map((i) => ({ name: n.exprs[i]!.name, expr: remapExpr(n.exprs[i]!.expr, inMap(0)) })) }); break;
      case 'filter': {
        const m = inMap(0);
        // The filter passes its input through, so its output columns are its input's kept columns.
        const passthrough = [...m.keys()].sort((a, b) => a - b);
        remaps.set(n.id, new Map(passthrough.map((old, i) => [old, i])));
        out.push({ ...n, relation: passthrough.map((i) => n.relation[i]!), predicate: remapExpr(n.predicate, m) });
        break;
      }
      case 'head': {
        const m = inMap(0);
        remaps.set(n.id, m);
        out.push({ ...n, relation: [...m.keys()].sort((a, b) => a - b).map((i) => n.relation[i]!) });
        break;
      }
      case 'agg': {
        const m = inMap(0);
        out.push({ ...n, relation, groups: n.groups.map((g) => m.get(g)!), aggs: n.aggs.map((a) => ({ ...a, args: a.args.map((x) => m.get(x)!) })) });
        break;
      }
      case 'merge': {
        const lm = inMap(0), rm = inMap(1);
        const nl = byId.get(n.inputs[0]!)!.relation.length;
        const lk = [...lm.keys()].sort((a, b) => a - b), rk = [...rm.keys()].sort((a, b) => a - b);
        remaps.set(n.id, new Map([...lk.map((old, i) => [old, i] as const), ...rk.map((old, i) => [old + nl, lk.length + i] as const)]));
        out.push({
          ...n,
          relation: [...lk.map((i) => n.relation[i]!), ...rk.map((i) => n.relation[i + nl]!)],
          leftOn: n.leftOn.map((i) => lm.get(i)!),
          rightOn: n.rightOn.map((i) => rm.get(i)!),
        });
        break;
      }
      case 'append': out.push({ ...n, columnMaps: n.inputs.map((id, j) => (n.columnMaps[j] ?? all(n.relation.length)).map((c) => remaps.get(id)!.get(c)!)) }); break;
      case 'sink': {
        const m = inMap(0);
        const identity = n.relation.every((_, i) => m.get(i) === i) && m.size === n.relation.length;
        if (identity) out.push(n);
        else {
          // Restore the exact sink relation with a projection (the input kept extra columns).
          const pid = -n.id - 1;
          out.push({ id: pid, kind: 'project', inputs: n.inputs, relation: n.relation, columns: n.relation.map((_, i) => m.get(i)!) });
          out.push({ ...n, inputs: [pid] });
        }
        break;
      }
    }
  }
  return { nodes: out, sinks: plan.sinks };
}
