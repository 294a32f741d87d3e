// Turns the requested sinks into the final plan: unique table names (b.4), the row cap in
// front of every sink, and only the nodes the sinks need.

import type { Plan, PlanNode, SinkNode } from '../plan.js';
import type { Relation } from '../../types/index.js';
import type { CompileContext } from './context.js';

export interface SinkInfo {
  /** Result table name as clients see it. */
  readonly name: string;
  /** Id of the SinkNode in the plan. */
  readonly node: number;
  readonly relation: Relation;
}

/** Reads `#px:set max_output_rows_per_table=N` from the script, if present. */
export function scriptRowLimit(ctx: CompileContext): number | undefined {
  const m = /^[ \t]*#[ \t]*px:set[ \t]+max_output_rows_per_table[ \t]*=[ \t]*(\d+)[ \t]*$/m.exec(ctx.source.body);
  if (!m) return undefined;
  const at = m.index + m[0].indexOf('max_output_rows_per_table');
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n > ctx.limits.maxResultRows) {
    throw ctx.error('ERR_PXL_LIMIT', `max_output_rows_per_table=${m[1]} is above the limit of ${ctx.limits.maxResultRows} rows`, at);
  }
  return n;
}

export function finishPlan(ctx: CompileContext): { plan: Plan; sinks: SinkInfo[] } {
  const maxRows = scriptRowLimit(ctx) ?? Math.min(ctx.limits.defaultResultRows, ctx.limits.maxResultRows);
  const taken = new Set<string>();
  const names = new Array<string>(ctx.sinks.length);
  const unique = (base: string) => {
    let name = base;
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    return name;
  };
  // Exec-func outputs keep their exact names; display/debug tables move aside.
  ctx.sinks.forEach((s, i) => { if (s.fixed) names[i] = unique(s.name); });
  ctx.sinks.forEach((s, i) => { if (!s.fixed) names[i] = unique(s.name); });
  const sinkNodes = ctx.sinks.map((s, i) =>
    ctx.addNode<SinkNode>({ kind: 'sink', inputs: [s.df.node], relation: s.df.relation, tableName: names[i]!, maxRows }, 0),
  );
  // Keep only what the sinks read; dead DataFrames cost nothing at run time.
  const keep = new Set<number>();
  const stack = sinkNodes.map((n) => n.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const i of ctx.nodes[id]!.inputs) stack.push(i);
  }
  const nodes: PlanNode[] = ctx.nodes.filter((n) => keep.has(n.id));
  return {
    plan: { nodes, sinks: sinkNodes.map((n) => n.id) },
    sinks: sinkNodes.map((n) => ({ name: n.tableName, node: n.id, relation: n.relation })),
  };
}
