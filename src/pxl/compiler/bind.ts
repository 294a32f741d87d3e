// Binds an unbound column expression (UExpr) to a relation: column names become indices,
// px function calls resolve to registry overloads by argument types, ctx keys become
// metadata function calls (b.3). Unknown names get a "did you mean".

import { DataType, SemanticType, dataTypeName } from '../../types/index.js';
import type { Relation } from '../../types/index.js';
import type { Expr } from '../plan.js';
import { didYouMean } from '../errors.js';
import { FunctionError } from '../functions/errors.js';
import { compilePattern } from '../functions/strings.js';
import type { CompileContext } from './context.js';
import type { UExpr } from './values.js';

// Relations are immutable once built, so a name index per relation can be cached; this
// keeps wide DataFrames (up to the column limit) linear to compile.
const indexCache = new WeakMap<Relation, Map<string, number>>();

/** Index of a column by name, or -1. */
export function columnIndex(relation: Relation, name: string): number {
  if (relation.length < 16) {
    for (let i = 0; i < relation.length; i++) if (relation[i]!.name === name) return i;
    return -1;
  }
  let index = indexCache.get(relation);
  if (index === undefined) {
    index = new Map();
    for (let i = relation.length - 1; i >= 0; i--) index.set(relation[i]!.name, i);
    indexCache.set(relation, index);
  }
  return index.get(name) ?? -1;
}

/** Index of a column; ERR_PXL_UNKNOWN_COLUMN (with suggestions) when absent. */
export function requireColumn(ctx: CompileContext, relation: Relation, name: string, at: number): number {
  const i = columnIndex(relation, name);
  if (i < 0) {
    throw ctx.error('ERR_PXL_UNKNOWN_COLUMN', `column '${name}' not found.${didYouMean(name, relation.map((c) => c.name))}`, at);
  }
  return i;
}

export function bind(ctx: CompileContext, u: UExpr, relation: Relation): Expr {
  ctx.tick(u.at);
  switch (u.kind) {
    case 'col': {
      const i = requireColumn(ctx, relation, u.name, u.at);
      const c = relation[i]!;
      return { kind: 'column', index: i, name: c.name, type: c.type, semanticType: c.semanticType };
    }
    case 'lit':
      return { kind: 'literal', type: u.value.type, semanticType: u.value.semantic, value: u.value.value };
    case 'cast': {
      const arg = bind(ctx, u.arg, relation);
      if (arg.type !== u.dataType) {
        throw ctx.error('ERR_PXL_TYPE', `cannot tag a ${dataTypeName(arg.type)} expression as ${SEMANTIC_NAMES.get(u.semantic) ?? 'this type'}; it needs ${dataTypeName(u.dataType)}`, u.at);
      }
      return { ...arg, semanticType: u.semantic };
    }
    case 'call':
      return bindCall(ctx, u.fn, u.args.map((a) => bind(ctx, a, relation)), u.at, u.op);
    case 'ctx':
      return bindCtx(ctx, u.key, relation, u.at);
  }
}

/** Resolves `fn(args)` against the registry; `op` names the operator for messages. */
export function bindCall(ctx: CompileContext, fn: string, args: Expr[], at: number, op?: string): Expr {
  const types = args.map((a) => a.type);
  const o = ctx.registry.resolveScalar(fn, types);
  if (o === undefined) throw noOverload(ctx, fn, types, at, op);
  for (const i of o.constArgs ?? []) {
    const a = args[i];
    if (a === undefined) continue;
    if (a.kind !== 'literal') throw ctx.error('ERR_PXL_TYPE', `argument ${i + 1} of px.${fn} must be a constant`, at);
    // Constant arguments are regex patterns: a bad one is a compile error, not a failure mid-query.
    if (typeof a.value === 'string') {
      try {
        compilePattern(fn, { kind: 'const', type: a.type, value: a.value }, false);
      } catch (e) {
        if (e instanceof FunctionError) throw ctx.error('ERR_PXL_VALUE', e.message, at);
        throw e;
      }
    }
  }
  return { kind: 'call', fn: o.id, name: fn, args, type: o.returnType, semanticType: o.semanticType(args.map((a) => a.semanticType)) };
}

function noOverload(ctx: CompileContext, fn: string, types: DataType[], at: number, op?: string) {
  const shown = types.map(dataTypeName).join(', ');
  if (op !== undefined) {
    const what = types.length === 1 ? `operand type for '${op}': ${shown}` : `operand types for '${op}': ${shown}`;
    return ctx.error('ERR_PXL_TYPE', `unsupported ${what}`, at);
  }
  const reg = ctx.registry;
  if (!reg.hasScalar(fn)) {
    if (reg.hasAggregate(fn)) {
      return ctx.error('ERR_PXL_TYPE', `px.${fn} is an aggregate; use it in agg(name=('column', px.${fn}))`, at);
    }
    return ctx.error('ERR_PXL_UNKNOWN_FUNCTION', `unknown function px.${fn}.${didYouMean(fn, reg.names())}`, at);
  }
  const choices = reg.scalarOverloads(fn).map((o) => `(${o.argTypes.map(dataTypeName).join(', ')})`);
  const list = choices.length <= 6 ? choices.join(', ') : `${choices.slice(0, 6).join(', ')}, ...`;
  return ctx.error('ERR_PXL_TYPE', `px.${fn} does not accept (${shown}); it accepts ${list}`, at);
}

const SEMANTIC_NAMES = new Map<number, string>([
  [SemanticType.ST_DURATION_NS, 'px.DurationNanos'],
  [SemanticType.ST_PERCENT, 'px.Percent'],
  [SemanticType.ST_BYTES, 'px.Bytes'],
  [SemanticType.ST_POD_NAME, 'px.Pod'],
  [SemanticType.ST_SERVICE_NAME, 'px.Service'],
  [SemanticType.ST_NAMESPACE_NAME, 'px.Namespace'],
  [SemanticType.ST_NODE_NAME, 'px.Node'],
  [SemanticType.ST_CONTAINER_NAME, 'px.Container'],
]);

// b.3: ctx key (with aliases) → property and candidate key columns, in order.
interface CtxRule {
  readonly property: string;
  readonly keys: readonly string[];
}
const CTX_RULES = new Map<string, CtxRule>();
function ctxRule(names: string[], property: string, keys: string[]): void {
  for (const n of names) CTX_RULES.set(n, { property, keys });
}
ctxRule(['pod', 'pod_name'], 'pod_name', ['upid', 'pod_id']);
ctxRule(['service', 'service_name'], 'service_name', ['upid', 'service_id', 'pod_id', 'pod_name']);
ctxRule(['namespace'], 'namespace', ['upid', 'pod_id', 'pod_name', 'service_name']);
ctxRule(['node', 'node_name'], 'node_name', ['upid', 'pod_id']);
ctxRule(['container', 'container_name'], 'container_name', ['upid']);
ctxRule(['container_id'], 'container_id', ['upid']);
ctxRule(['pod_id'], 'pod_id', ['upid', 'pod_name']);
ctxRule(['cmd', 'cmdline'], 'cmdline', ['upid']);
ctxRule(['pid'], 'pid', ['upid']);
ctxRule(['host', 'hostname'], 'hostname', ['upid']);
ctxRule(['asid'], 'asid', ['upid']);
ctxRule(['service_id'], 'service_id', ['upid', 'pod_id']);
ctxRule(['deployment', 'deployment_name'], 'deployment_name', ['upid', 'pod_id']);
ctxRule(['deployment_id'], 'deployment_id', ['upid', 'pod_id']);
ctxRule(['replicaset', 'replica_set', 'replicaset_name'], 'replicaset_name', ['upid', 'pod_id']);
ctxRule(['replicaset_id', 'replica_set_id'], 'replicaset_id', ['upid', 'pod_id']);

/** `df.ctx[key]` → `<keycol>_to_<property>(keycol)` on the first candidate column present. */
export function bindCtx(ctx: CompileContext, key: string, relation: Relation, at: number): Expr {
  const rule = CTX_RULES.get(key);
  if (rule === undefined) {
    throw ctx.error('ERR_PXL_VALUE', `unknown metadata key '${key}' in ctx[...].${didYouMean(key, CTX_RULES.keys())}`, at);
  }
  const col = (name: string): Expr | undefined => {
    const i = columnIndex(relation, name);
    if (i < 0) return undefined;
    const c = relation[i]!;
    return { kind: 'column', index: i, name, type: c.type, semanticType: c.semanticType };
  };
  if (rule.property === 'pod_name') {
    // Socket-tracer tables fall back to the pod owning local_addr at that time.
    const upid = col('upid');
    const local = col('local_addr');
    const time = col('time_');
    if (upid && local && time) return bindCall(ctx, '_upid_to_podname_local_addr_fallback', [upid, local, time], at);
  }
  for (const k of rule.keys) {
    const c = col(k);
    if (c) return bindCall(ctx, `${k}_to_${rule.property}`, [c], at);
  }
  throw ctx.error(
    'ERR_PXL_UNKNOWN_COLUMN',
    `ctx['${key}'] needs one of the columns ${rule.keys.map((k) => `'${k}'`).join(', ')} in the DataFrame`,
    at,
  );
}

/** Data type of a bound expression that must be BOOLEAN (filters). */
export function requireBoolean(ctx: CompileContext, e: Expr, at: number): void {
  if (e.type !== DataType.BOOLEAN) {
    throw ctx.error('ERR_PXL_TYPE', `a filter needs a BOOLEAN expression, got ${dataTypeName(e.type)}`, at);
  }
}
