// Shared test fixtures: a small table catalog, a fixed query time and helpers that
// compile a script and summarise the outcome as plain data for exact assertions.

import { DataType as T, SemanticType as S, dataTypeName, semanticTypeName } from '../../src/types/index.js';
import type { ColumnInfo, Relation } from '../../src/types/index.js';
import { compileScript, mapCatalog, PxlError, type CompileOptions, type CompileResult } from '../../src/pxl/index.js';
import type { Expr, Plan, PlanNode } from '../../src/pxl/plan.js';

function col(name: string, type: number, semanticType: number = S.ST_NONE): ColumnInfo {
  return { name, type: type as ColumnInfo['type'], semanticType: semanticType as ColumnInfo['semanticType'], desc: '' };
}

export const TABLES = new Map<string, Relation>([
  ['http_events', [
    col('time_', T.TIME64NS, S.ST_TIME_NS), col('upid', T.UINT128, S.ST_UPID), col('remote_addr', T.STRING, S.ST_IP_ADDRESS),
    col('local_addr', T.STRING, S.ST_IP_ADDRESS), col('trace_role', T.INT64), col('encrypted', T.BOOLEAN),
    col('req_method', T.STRING, S.ST_HTTP_REQ_METHOD), col('req_path', T.STRING), col('resp_status', T.INT64, S.ST_HTTP_RESP_STATUS),
    col('req_body_size', T.INT64, S.ST_BYTES), col('latency', T.INT64, S.ST_DURATION_NS), col('resp_body', T.STRING),
  ]],
  ['process_stats', [
    col('time_', T.TIME64NS, S.ST_TIME_NS), col('upid', T.UINT128, S.ST_UPID), col('cpu_utime_ns', T.INT64),
    col('cpu_ktime_ns', T.INT64), col('rss_bytes', T.INT64, S.ST_BYTES), col('vsize_bytes', T.INT64, S.ST_BYTES),
  ]],
  ['network_stats', [
    col('time_', T.TIME64NS, S.ST_TIME_NS), col('pod_id', T.STRING), col('rx_bytes', T.INT64, S.ST_BYTES), col('tx_bytes', T.INT64, S.ST_BYTES),
  ]],
  ['conn_stats', [
    col('time_', T.TIME64NS, S.ST_TIME_NS), col('upid', T.UINT128, S.ST_UPID), col('remote_addr', T.STRING, S.ST_IP_ADDRESS),
    col('trace_role', T.INT64), col('conn_open', T.INT64), col('bytes_sent', T.INT64, S.ST_BYTES), col('bytes_recv', T.INT64, S.ST_BYTES),
  ]],
  ['stack_traces.beta', [
    col('time_', T.TIME64NS, S.ST_TIME_NS), col('upid', T.UINT128, S.ST_UPID), col('stack_trace_id', T.INT64),
    col('stack_trace', T.STRING), col('count', T.INT64),
  ]],
]);

export const catalog = mapCatalog(TABLES);
/** 2023-11-14 22:13:20 UTC. */
export const NOW = 1_700_000_000_000_000_000n;

export function compile(src: string, opts: Partial<CompileOptions> = {}): CompileResult {
  return compileScript(src, { catalog, now: NOW, ...opts });
}

/** The error of a script that must fail, as {code, message, line, column}. */
export function errorOf(src: string, opts: Partial<CompileOptions> = {}): { code: string; message: string; line: number; column: number } {
  const r = compile(src, opts);
  const e = r.errors[0];
  if (!e) throw new Error(`expected a compile error, got sinks ${r.sinks.map((s) => s.name).join(', ')}`);
  return { code: e.code, message: e.message, line: e.line, column: e.column };
}

/** The successful result; fails the test with the rendered error otherwise. */
export function ok(src: string, opts: Partial<CompileOptions> = {}): { plan: Plan; sinks: CompileResult['sinks'] } {
  const r = compile(src, opts);
  if (r.errors.length > 0 || !r.plan) throw new Error(`unexpected compile error:\n${r.errors.map((e) => e.render()).join('\n')}`);
  return { plan: r.plan, sinks: r.sinks };
}

/** `name:TYPE[:SEMANTIC]` per column (semantic omitted when ST_NONE). */
export function columns(rel: Relation): string[] {
  return rel.map((c) => {
    const st = c.semanticType === S.ST_NONE ? '' : `:${semanticTypeName(c.semanticType).replace(/^ST_/, '')}`;
    return `${c.name}:${dataTypeName(c.type)}${st}`;
  });
}

/** A one-line rendering of the chain of operators feeding a node (first inputs only, joins shown inline). */
export function chain(plan: Plan, id: number): string {
  const byId = new Map<number, PlanNode>(plan.nodes.map((n) => [n.id, n]));
  const show = (n: PlanNode): string => {
    const inner = (i: number) => show(byId.get(i)!);
    switch (n.kind) {
      case 'source': return `source(${n.table})`;
      case 'udtf': return `udtf(${n.fn})`;
      case 'sink': return `${inner(n.inputs[0]!)} > sink(${n.tableName})`;
      case 'merge': return `merge[${n.how}](${inner(n.inputs[0]!)}, ${inner(n.inputs[1]!)})`;
      case 'append': return `append(${n.inputs.map(inner).join(', ')})`;
      case 'map': return `${inner(n.inputs[0]!)} > map`;
      case 'head': return `${inner(n.inputs[0]!)} > head(${n.n})`;
      default: return `${inner(n.inputs[0]!)} > ${n.kind}`;
    }
  };
  return show(byId.get(id)!);
}

/** The plan node with this id. */
export function node(plan: Plan, id: number): PlanNode {
  const n = plan.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

/** The node feeding the named sink. */
export function sinkInput(r: { plan: Plan; sinks: CompileResult['sinks'] }, name = 'output'): PlanNode {
  const s = r.sinks.find((x) => x.name === name);
  if (!s) throw new Error(`no sink ${name}; have ${r.sinks.map((x) => x.name).join(', ')}`);
  return node(r.plan, node(r.plan, s.node).inputs[0]!);
}

/** The expression of the last column of the map feeding the output sink (the column a script assigned last). */
export function lastMapExpr(r: { plan: Plan; sinks: CompileResult['sinks'] }): Expr {
  const m = sinkInput(r);
  if (m.kind !== 'map') throw new Error('expected a map');
  return m.exprs[m.exprs.length - 1]!.expr;
}

/** Compiles `df.v = <expr>` on a DataFrame of `table` (after `prelude`) and returns v's bound expression. */
export function mappedExpr(table: string, exprSrc: string, prelude = ''): Expr {
  return lastMapExpr(ok(`import px\n${prelude}df = px.DataFrame('${table}')\ndf.v = ${exprSrc}\npx.display(df)`));
}

export { PxlError };
