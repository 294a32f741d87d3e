// DataFrame operations (b.1, b.2, a.7): each builds one plan node over its input and
// returns the new DataFrame value. Column expressions bind against the DataFrame the
// operation is applied to, so cross-DataFrame references resolve by name (a.8 quirk 3).

import { DataType, dataTypeName } from '../../types/index.js';
import type { ColumnInfo, Relation } from '../../types/index.js';
import { didYouMean } from '../errors.js';
import type {
  AggNode, AggSpec, AppendNode, DropNode, Expr, FilterNode, HeadNode, JoinType, MapNode, MergeNode, ProjectNode,
  SourceNode, TimeBound,
} from '../plan.js';
import { bind, columnIndex, requireBoolean, requireColumn } from './bind.js';
import { bindArgs, type BoundArg } from './args.js';
import type { CompileContext } from './context.js';
import { parseAbsoluteTime, parseDuration } from '../functions/time.js';
import { describe, type Args, type DataFrameValue, type Value } from './values.js';

/** Method names that shadow columns: such columns need df['x'] (a.7). */
const METHODS = new Set(['ctx', 'groupby', 'agg', 'merge', 'append', 'head', 'drop', 'filter', 'map', 'rolling', 'stream']);

/** px.DataFrame(table, select=[], start_time=None, end_time=None) (b.1). */
export function newDataFrame(ctx: CompileContext, args: Args): DataFrameValue {
  const [table, select, start, end] = bindArgs(ctx, 'DataFrame', ['table', 'select', 'start_time', 'end_time'], 1, args);
  const name = stringArg(ctx, table!, 'table');
  const relation = ctx.catalog.relation(name);
  if (relation === undefined) {
    throw ctx.error('ERR_PXL_UNKNOWN_TABLE', `table '${name}' not found.${didYouMean(name, ctx.catalog.tableNames())}`, table!.at);
  }
  let columns = relation.map((c) => c.name);
  let outRelation: Relation = relation;
  if (select !== undefined) {
    const wanted = stringList(ctx, select, 'select');
    if (wanted.length > 0) {
      const seen = new Set<string>();
      outRelation = wanted.map((c) => {
        if (seen.has(c)) throw ctx.error('ERR_PXL_DUPLICATE_COLUMN', `column '${c}' is selected twice`, select.at);
        seen.add(c);
        return relation[requireColumn(ctx, relation, c, select.at)]!;
      });
      columns = wanted;
    }
  }
  const node: Omit<SourceNode, 'id'> = {
    kind: 'source',
    inputs: [],
    relation: outRelation,
    table: name,
    columns,
    ...timeBound(ctx, start, 'start_time', 'startTime'),
    ...timeBound(ctx, end, 'end_time', 'endTime'),
  };
  return ctx.dataframe(ctx.addNode<SourceNode>(node, args.at));
}

function timeBound(ctx: CompileContext, a: BoundArg | undefined, param: string, field: 'startTime' | 'endTime'): Partial<Record<'startTime' | 'endTime', TimeBound>> {
  if (a === undefined || a.value.kind === 'none') return {};
  const v = a.value;
  if (v.kind === 'const') {
    if (v.type === DataType.INT64 || v.type === DataType.TIME64NS) return { [field]: { kind: 'absolute', ns: v.value as bigint } };
    if (v.type === DataType.STRING) {
      const s = v.value as string;
      const abs = parseAbsoluteTime(s);
      if (abs !== undefined) return { [field]: { kind: 'absolute', ns: abs } };
      const rel = parseDuration(s);
      if (rel !== undefined) return { [field]: { kind: 'relative', offsetNs: rel } };
      throw ctx.error('ERR_PXL_VALUE', `cannot parse ${param} '${s}'; expected a duration such as '-5m' or a time such as '2024-01-02 03:04:05 +0000'`, a.at);
    }
  }
  throw ctx.error('ERR_PXL_TYPE', `${param} must be a string, an integer or None, got ${describe(v)}`, a.at);
}

export function stringArg(ctx: CompileContext, a: BoundArg, param: string): string {
  if (a.value.kind !== 'const' || a.value.type !== DataType.STRING) {
    throw ctx.error('ERR_PXL_TYPE', `${param} must be a string, got ${describe(a.value)}`, a.at);
  }
  return a.value.value as string;
}

/** A str or a list/tuple of str. */
export function stringList(ctx: CompileContext, a: BoundArg, param: string): string[] {
  const v = a.value;
  if (v.kind === 'const' && v.type === DataType.STRING) return [v.value as string];
  if (v.kind === 'list') {
    return v.items.map((x) => {
      if (x.kind !== 'const' || x.type !== DataType.STRING) {
        throw ctx.error('ERR_PXL_TYPE', `${param} must hold column names (strings), got ${describe(x)}`, a.at);
      }
      return x.value as string;
    });
  }
  throw ctx.error('ERR_PXL_TYPE', `${param} must be a string or a list of strings, got ${describe(v)}`, a.at);
}

/** `df.name`: a method, `ctx`, or a column reference by name. */
export function dataframeAttribute(ctx: CompileContext, df: DataFrameValue, name: string, at: number, groupBy?: readonly string[]): Value {
  if (!METHODS.has(name)) return { kind: 'expr', expr: { kind: 'col', name, at } };
  const method = (fn: (args: Args) => Value): Value => ({ kind: 'builtin', name, call: fn });
  switch (name) {
    case 'ctx': return { kind: 'ctx', df };
    case 'groupby': return method((args) => groupby(ctx, df, args));
    case 'agg': return method((args) => agg(ctx, df, groupBy ?? [], args));
    case 'merge': return method((args) => merge(ctx, df, args));
    case 'append': return method((args) => append(ctx, df, args));
    case 'head': return method((args) => head(ctx, df, args));
    case 'drop': return method((args) => drop(ctx, df, args));
    case 'filter': return method((args) => {
      const [pred] = bindArgs(ctx, 'filter', ['predicate'], 1, args);
      return filter(ctx, df, pred!.value, pred!.at);
    });
    default:
      throw ctx.error('ERR_PXL_UNSUPPORTED', `DataFrame.${name}() is not supported by this engine`, at);
  }
}

/** `df[key]`: a column (str), a projection (list/tuple of str) or a filter (expression). */
export function dataframeSubscript(ctx: CompileContext, df: DataFrameValue, key: Value, at: number): Value {
  if (key.kind === 'const' && key.type === DataType.STRING) return { kind: 'expr', expr: { kind: 'col', name: key.value as string, at } };
  if (key.kind === 'list') return project(ctx, df, stringList(ctx, { value: key, at }, 'a projection'), at);
  return filter(ctx, df, key, at);
}

function filter(ctx: CompileContext, df: DataFrameValue, key: Value, at: number): DataFrameValue {
  let predicate: Expr;
  if (key.kind === 'expr') predicate = bind(ctx, key.expr, df.relation);
  else if (key.kind === 'const') predicate = { kind: 'literal', type: key.type, semanticType: key.semantic, value: key.value };
  else throw ctx.error('ERR_PXL_TYPE', `a DataFrame index must be a column name, a list of names or a BOOLEAN expression, got ${describe(key)}`, at);
  requireBoolean(ctx, predicate, at);
  return ctx.dataframe(ctx.addNode<FilterNode>({ kind: 'filter', inputs: [df.node], relation: df.relation, predicate }, at));
}

function project(ctx: CompileContext, df: DataFrameValue, names: string[], at: number): DataFrameValue {
  if (names.length === 0) throw ctx.error('ERR_PXL_VALUE', 'a projection needs at least one column', at);
  const seen = new Set<string>();
  const columns = names.map((n) => {
    if (seen.has(n)) throw ctx.error('ERR_PXL_DUPLICATE_COLUMN', `column '${n}' is listed twice`, at);
    seen.add(n);
    return requireColumn(ctx, df.relation, n, at);
  });
  const relation = columns.map((i) => df.relation[i]!);
  return ctx.dataframe(ctx.addNode<ProjectNode>({ kind: 'project', inputs: [df.node], relation, columns }, at));
}

/** Keeps only `cols` (px.display's cols=[...]). */
export function keepColumns(ctx: CompileContext, df: DataFrameValue, cols: string[], at: number): DataFrameValue {
  return project(ctx, df, cols, at);
}

/** `df.x = expr` / `df['x'] = expr`: a Map keeping every column; a replaced one moves to the end. */
export function assignColumn(ctx: CompileContext, df: DataFrameValue, name: string, value: Value, at: number): DataFrameValue {
  let expr: Expr;
  if (value.kind === 'expr') expr = bind(ctx, value.expr, df.relation);
  else if (value.kind === 'const') expr = { kind: 'literal', type: value.type, semanticType: value.semantic, value: value.value };
  else throw ctx.error('ERR_PXL_TYPE', `a column value must be a column expression or a constant, got ${describe(value)}`, at);
  ctx.checkWidth(df.relation.length + 1, at);
  const exprs: Array<{ name: string; expr: Expr }> = [];
  const relation: ColumnInfo[] = [];
  df.relation.forEach((c, i) => {
    if (c.name === name) return;
    exprs.push({ name: c.name, expr: { kind: 'column', index: i, name: c.name, type: c.type, semanticType: c.semanticType } });
    relation.push(c);
  });
  exprs.push({ name, expr });
  relation.push({ name, type: expr.type, semanticType: expr.semanticType, desc: '' });
  return ctx.dataframe(ctx.addNode<MapNode>({ kind: 'map', inputs: [df.node], relation, exprs }, at));
}

function groupby(ctx: CompileContext, df: DataFrameValue, args: Args): Value {
  const [by] = bindArgs(ctx, 'groupby', ['by'], 1, args);
  const names = stringList(ctx, by!, 'groupby keys');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw ctx.error('ERR_PXL_DUPLICATE_COLUMN', `column '${n}' is grouped twice`, by!.at);
    seen.add(n);
    requireColumn(ctx, df.relation, n, by!.at);
  }
  return { kind: 'groupby', df, by: names };
}

/** `agg(out=('col', px.fn), ...)`: groups then aggregates, in keyword order (b.2). */
function agg(ctx: CompileContext, df: DataFrameValue, by: readonly string[], args: Args): DataFrameValue {
  if (args.positional.length > 0) {
    throw ctx.error('ERR_PXL_ARITY', "agg() takes only keyword arguments: name=('column', px.fn)", args.positional[0]!.at);
  }
  if (by.length === 0 && args.keywords.length === 0) {
    throw ctx.error('ERR_PXL_VALUE', 'agg() without groupby needs at least one aggregate', args.at);
  }
  const groups = by.map((n) => columnIndex(df.relation, n));
  const relation: ColumnInfo[] = groups.map((i) => df.relation[i]!);
  const names = new Set(by);
  const aggs: AggSpec[] = [];
  for (const k of args.keywords) {
    const v = k.value;
    const [col, fn] = v.kind === 'list' && v.items.length === 2 ? v.items : [undefined, undefined];
    if (col === undefined || col.kind !== 'const' || col.type !== DataType.STRING || fn === undefined || fn.kind !== 'udf') {
      throw ctx.error('ERR_PXL_TYPE', `agg argument '${k.name}' must be a tuple ('column', px.aggregate), got ${describe(v)}`, k.at);
    }
    if (names.has(k.name)) throw ctx.error('ERR_PXL_DUPLICATE_COLUMN', `agg output '${k.name}' duplicates another output column`, k.at);
    names.add(k.name);
    const i = requireColumn(ctx, df.relation, col.value as string, k.at);
    const input = df.relation[i]!;
    const o = ctx.registry.resolveAggregate(fn.name, [input.type]);
    if (o === undefined) {
      if (!ctx.registry.hasAggregate(fn.name)) {
        throw ctx.error('ERR_PXL_TYPE', `px.${fn.name} is not an aggregate function`, k.at);
      }
      throw ctx.error('ERR_PXL_TYPE', `px.${fn.name} does not accept a ${dataTypeName(input.type)} column ('${input.name}')`, k.at);
    }
    aggs.push({ name: k.name, fn: o.id, args: [i] });
    relation.push({ name: k.name, type: o.returnType, semanticType: o.semanticType([input.semanticType]), desc: '' });
  }
  return ctx.dataframe(ctx.addNode<AggNode>({ kind: 'agg', inputs: [df.node], relation, groups, aggs }, args.at));
}

const JOIN_TYPES = new Set<JoinType>(['inner', 'left', 'right', 'outer']);

/** `merge(right, how='inner', left_on, right_on, suffixes=['_x', '_y'])` (b.2). */
function merge(ctx: CompileContext, left: DataFrameValue, args: Args): DataFrameValue {
  const [rightArg, howArg, leftOnArg, rightOnArg, suffixArg] = bindArgs(ctx, 'merge', ['right', 'how', 'left_on', 'right_on', 'suffixes'], 1, args);
  const right = rightArg!.value;
  if (right.kind !== 'dataframe') throw ctx.error('ERR_PXL_TYPE', `merge() needs a DataFrame to join with, got ${describe(right)}`, rightArg!.at);
  const how = (howArg ? stringArg(ctx, howArg, 'how') : 'inner') as JoinType;
  if (!JOIN_TYPES.has(how)) throw ctx.error('ERR_PXL_VALUE', `how must be one of 'inner', 'left', 'right', 'outer', got '${how}'`, howArg!.at);
  if (leftOnArg === undefined) throw ctx.error('ERR_PXL_ARITY', "merge() missing required argument 'left_on'", args.at);
  if (rightOnArg === undefined) throw ctx.error('ERR_PXL_ARITY', "merge() missing required argument 'right_on'", args.at);
  const leftOn = stringList(ctx, leftOnArg, 'left_on');
  const rightOn = stringList(ctx, rightOnArg, 'right_on');
  if (leftOn.length !== rightOn.length) {
    throw ctx.error('ERR_PXL_VALUE', `left_on has ${leftOn.length} column(s) but right_on has ${rightOn.length}`, rightOnArg.at);
  }
  const li = leftOn.map((n) => requireColumn(ctx, left.relation, n, leftOnArg.at));
  const ri = rightOn.map((n) => requireColumn(ctx, right.relation, n, rightOnArg.at));
  li.forEach((l, k) => {
    const a = left.relation[l]!;
    const b = right.relation[ri[k]!]!;
    if (a.type !== b.type) {
      throw ctx.error('ERR_PXL_TYPE', `join keys '${a.name}' (${dataTypeName(a.type)}) and '${b.name}' (${dataTypeName(b.type)}) have different types`, leftOnArg.at);
    }
  });
  let suffixes = ['_x', '_y'];
  if (suffixArg !== undefined) {
    suffixes = stringList(ctx, suffixArg, 'suffixes');
    if (suffixes.length !== 2) throw ctx.error('ERR_PXL_VALUE', 'suffixes must hold exactly two strings', suffixArg.at);
  }
  ctx.checkWidth(left.relation.length + right.relation.length, args.at);
  const leftNames = new Set(left.relation.map((c) => c.name));
  const rightNames = new Set(right.relation.map((c) => c.name));
  const relation: ColumnInfo[] = [
    ...left.relation.map((c) => (rightNames.has(c.name) ? { ...c, name: c.name + suffixes[0] } : c)),
    ...right.relation.map((c) => (leftNames.has(c.name) ? { ...c, name: c.name + suffixes[1] } : c)),
  ];
  const seen = new Set<string>();
  for (const c of relation) {
    if (seen.has(c.name)) {
      throw ctx.error('ERR_PXL_DUPLICATE_COLUMN', `merge() output has two columns named '${c.name}'; choose other suffixes`, suffixArg?.at ?? args.at);
    }
    seen.add(c.name);
  }
  return ctx.dataframe(ctx.addNode<MergeNode>({ kind: 'merge', inputs: [left.node, right.node], relation, how, leftOn: li, rightOn: ri }, args.at));
}

/** `append(objs)`: union by column name and type; output order is the receiver's (b.2). */
function append(ctx: CompileContext, df: DataFrameValue, args: Args): DataFrameValue {
  const [objs] = bindArgs(ctx, 'append', ['objs'], 1, args);
  const v = objs!.value;
  const others = v.kind === 'list' ? v.items : [v];
  const inputs = [df];
  for (const o of others) {
    if (o.kind !== 'dataframe') throw ctx.error('ERR_PXL_TYPE', `append() needs DataFrames, got ${describe(o)}`, objs!.at);
    inputs.push(o);
  }
  const columnMaps = inputs.map((input) => {
    if (input.relation.length !== df.relation.length) {
      throw ctx.error('ERR_PXL_TYPE', `append() needs the same columns on both sides; got ${input.relation.length} and ${df.relation.length} columns`, objs!.at);
    }
    return df.relation.map((c) => {
      const i = columnIndex(input.relation, c.name);
      if (i < 0) throw ctx.error('ERR_PXL_TYPE', `append() input lacks column '${c.name}'`, objs!.at);
      if (input.relation[i]!.type !== c.type) {
        throw ctx.error('ERR_PXL_TYPE', `append() column '${c.name}' is ${dataTypeName(c.type)} on one side and ${dataTypeName(input.relation[i]!.type)} on the other`, objs!.at);
      }
      return i;
    });
  });
  return ctx.dataframe(ctx.addNode<AppendNode>({ kind: 'append', inputs: inputs.map((d) => d.node), relation: df.relation, columnMaps }, args.at));
}

/** `head(n=5)` (b.2); `_pem_only` is accepted and ignored: every query here runs on one PEM. */
function head(ctx: CompileContext, df: DataFrameValue, args: Args): DataFrameValue {
  const [nArg, pemOnly] = bindArgs(ctx, 'head', ['n', '_pem_only'], 0, args);
  let n = 5;
  if (nArg !== undefined) {
    const v = nArg.value;
    if (v.kind !== 'const' || v.type !== DataType.INT64) throw ctx.error('ERR_PXL_TYPE', `head() n must be an integer, got ${describe(v)}`, nArg.at);
    const x = v.value as bigint;
    if (x < 0n) throw ctx.error('ERR_PXL_VALUE', `head() n must not be negative, got ${x}`, nArg.at);
    n = x > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(x);
  }
  if (pemOnly !== undefined && (pemOnly.value.kind !== 'const' || pemOnly.value.type !== DataType.INT64)) {
    throw ctx.error('ERR_PXL_TYPE', `head() _pem_only must be an integer, got ${describe(pemOnly.value)}`, pemOnly.at);
  }
  return ctx.dataframe(ctx.addNode<HeadNode>({ kind: 'head', inputs: [df.node], relation: df.relation, n }, args.at));
}

/** `drop(columns)`: removes the columns; the rest keep their order. */
function drop(ctx: CompileContext, df: DataFrameValue, args: Args): DataFrameValue {
  const [cols] = bindArgs(ctx, 'drop', ['columns'], 1, args);
  const names = stringList(ctx, cols!, 'drop columns');
  for (const n of names) requireColumn(ctx, df.relation, n, cols!.at);
  const gone = new Set(names);
  const relation = df.relation.filter((c) => !gone.has(c.name));
  if (relation.length === 0) throw ctx.error('ERR_PXL_VALUE', 'drop() would remove every column', cols!.at);
  return ctx.dataframe(ctx.addNode<DropNode>({ kind: 'drop', inputs: [df.node], relation, columns: names }, args.at));
}
