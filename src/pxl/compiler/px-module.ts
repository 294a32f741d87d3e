// The `px` module (c): the DataFrame constructor, sinks, compile-time helpers, semantic
// casts and annotations. Any other member name resolves to a registered function.

import { DataType, SemanticType, dataTypeName } from '../../types/index.js';
import { bindArgs } from './args.js';
import type { CompileContext } from './context.js';
import { keepColumns, newDataFrame, stringArg, stringList } from './dataframe.js';
import { DURATION_HELPERS, formatDuration, parseAbsoluteTime, parseDuration } from '../functions/time.js';
import { UDTFS } from '../functions/udtf.js';
import { callUdtf } from './udtf.js';
import { describe, NONE, type Args, type ConstValue, type ModuleValue, type TypeValue, type UExpr, type Value } from './values.js';

const T = DataType;
const S = SemanticType;

function type(name: string, dataType: DataType | undefined, semantic: SemanticType = S.ST_NONE): TypeValue {
  return { kind: 'type', name, dataType, semantic };
}

/** Predefined type names (a.4). */
export function builtinTypes(): Map<string, Value> {
  return new Map<string, Value>([
    ['str', type('str', T.STRING)],
    ['int', type('int', T.INT64)],
    ['float', type('float', T.FLOAT64)],
    ['bool', type('bool', T.BOOLEAN)],
    ['list', type('list', undefined)],
  ]);
}

const CASTS: ReadonlyArray<readonly [string, DataType, SemanticType]> = [
  ['DurationNanos', T.INT64, S.ST_DURATION_NS],
  ['Percent', T.FLOAT64, S.ST_PERCENT],
  ['Bytes', T.INT64, S.ST_BYTES],
  ['Pod', T.STRING, S.ST_POD_NAME],
  ['Service', T.STRING, S.ST_SERVICE_NAME],
  ['Namespace', T.STRING, S.ST_NAMESPACE_NAME],
  ['Node', T.STRING, S.ST_NODE_NAME],
  ['Container', T.STRING, S.ST_CONTAINER_NAME],
  ['UPID', T.UINT128, S.ST_UPID],
  ['Time', T.TIME64NS, S.ST_TIME_NS],
];

const int = (value: bigint, semantic: SemanticType = S.ST_NONE): ConstValue => ({ kind: 'const', type: T.INT64, value: BigInt.asIntN(64, value), semantic });
const str = (value: string): ConstValue => ({ kind: 'const', type: T.STRING, value, semantic: S.ST_NONE });

export function createPxModule(ctx: CompileContext): ModuleValue {
  const members = new Map<string, Value>();
  const builtin = (name: string, call: (args: Args) => Value) => members.set(name, { kind: 'builtin', name: `px.${name}`, call });

  members.set('DataFrame', { kind: 'type', name: 'px.DataFrame', dataType: undefined, semantic: S.ST_NONE, dataframe: true });
  for (const [name, dt, st] of CASTS) members.set(name, type(`px.${name}`, dt, st));

  const sink = (debug: boolean) => (args: Args): Value => {
    const fn = debug ? 'debug' : 'display';
    const [out, nameArg, cols] = bindArgs(ctx, fn, ['out', 'name', 'cols'], 1, args);
    let df = out!.value;
    if (df.kind !== 'dataframe') throw ctx.error('ERR_PXL_TYPE', `px.${fn}() needs a DataFrame, got ${describe(df)}`, out!.at);
    const name = nameArg ? stringArg(ctx, nameArg, 'name') : 'output';
    if (cols !== undefined) {
      const keep = stringList(ctx, cols, 'cols');
      if (keep.length > 0) df = keepColumns(ctx, df, keep, cols.at);
    }
    if (debug) ctx.sinks.push({ df, name: `_${name}`, fixed: false });
    else if (!ctx.displayIsNoop) ctx.sinks.push({ df, name, fixed: false });
    return NONE;
  };
  builtin('display', sink(false));
  builtin('debug', sink(true));

  builtin('now', (args) => {
    bindArgs(ctx, 'now', [], 0, args);
    return int(ctx.now);
  });
  builtin('parse_duration', (args) => {
    const [s] = bindArgs(ctx, 'parse_duration', ['duration'], 1, args);
    const text = stringArg(ctx, s!, 'duration');
    const ns = parseDuration(text);
    if (ns === undefined) throw ctx.error('ERR_PXL_VALUE', `cannot parse duration '${text}'; expected e.g. '-5m', '30s', '100ms'`, s!.at);
    return int(ns);
  });
  builtin('parse_time', (args) => {
    const [t] = bindArgs(ctx, 'parse_time', ['time'], 1, args);
    const v = t!.value;
    if (v.kind === 'const' && (v.type === T.INT64 || v.type === T.TIME64NS)) return { kind: 'const', type: T.TIME64NS, value: v.value, semantic: S.ST_NONE };
    if (v.kind === 'const' && v.type === T.STRING) {
      const s = v.value as string;
      const abs = parseAbsoluteTime(s);
      const rel = abs === undefined ? parseDuration(s) : undefined;
      if (abs === undefined && rel === undefined) throw ctx.error('ERR_PXL_VALUE', `cannot parse time '${s}'`, t!.at);
      return { kind: 'const', type: T.TIME64NS, value: abs ?? BigInt.asIntN(64, ctx.now + rel!), semantic: S.ST_NONE };
    }
    throw ctx.error('ERR_PXL_TYPE', `px.parse_time() needs a string or an integer constant, got ${describe(v)}`, t!.at);
  });
  builtin('format_duration', (args) => {
    const [d] = bindArgs(ctx, 'format_duration', ['duration'], 1, args);
    const v = d!.value;
    if (v.kind !== 'const' || v.type !== T.INT64) throw ctx.error('ERR_PXL_TYPE', `px.format_duration() needs an INT64 constant, got ${describe(v)}`, d!.at);
    return str(formatDuration(v.value as bigint));
  });
  for (const [name, unit] of DURATION_HELPERS) {
    builtin(name, (args) => {
      const [n] = bindArgs(ctx, name, ['n'], 1, args);
      const v = n!.value;
      if (v.kind !== 'const' || v.type !== T.INT64) throw ctx.error('ERR_PXL_TYPE', `px.${name}() needs an INT64 constant, got ${describe(v)}`, n!.at);
      return int((v.value as bigint) * unit);
    });
  }
  builtin('script_reference', (args) => scriptReference(ctx, args));
  for (const spec of UDTFS.values()) builtin(spec.name, (args) => callUdtf(ctx, spec, args));
  return { kind: 'module', name: 'px', members };
}

/** `px.script_reference(label, script, args={})` → `_script_reference(label, script, k1, v1, ...)` (c). */
function scriptReference(ctx: CompileContext, args: Args): Value {
  const [label, script, dict] = bindArgs(ctx, 'script_reference', ['label', 'script', 'args'], 2, args);
  const operand = (v: Value, at: number): UExpr => {
    if (v.kind === 'const') return { kind: 'lit', value: v, at };
    if (v.kind === 'expr') return v.expr;
    throw ctx.error('ERR_PXL_TYPE', `px.script_reference() arguments must be strings or columns, got ${describe(v)}`, at);
  };
  const list: UExpr[] = [operand(label!.value, label!.at), operand(script!.value, script!.at)];
  if (dict !== undefined) {
    if (dict.value.kind !== 'dict') throw ctx.error('ERR_PXL_TYPE', `px.script_reference() args must be a dict, got ${describe(dict.value)}`, dict.at);
    if (dict.value.entries.length > 8) throw ctx.error('ERR_PXL_ARITY', 'px.script_reference() takes at most 8 args entries', dict.at);
    for (const [k, v] of dict.value.entries) list.push({ kind: 'lit', value: str(k), at: dict.at }, operand(v, dict.at));
  }
  return { kind: 'expr', expr: { kind: 'call', fn: '_script_reference', args: list, at: args.at } };
}

/** Calling a type object: px.DataFrame(...) builds a source; a cast tags a semantic type. */
export function callType(ctx: CompileContext, t: TypeValue, args: Args): Value {
  if (t.dataframe) return newDataFrame(ctx, args);
  if (t.semantic === S.ST_NONE || t.dataType === undefined) {
    throw ctx.error('ERR_PXL_UNSUPPORTED', `calling '${t.name}' is not supported in PxL`, args.at);
  }
  const [a] = bindArgs(ctx, t.name, ['value'], 1, args);
  const v = a!.value;
  if (v.kind === 'const') {
    if (v.type !== t.dataType) {
      throw ctx.error('ERR_PXL_TYPE', `${t.name}() needs a ${dataTypeName(t.dataType)} value, got ${describe(v)}`, a!.at);
    }
    return { ...v, semantic: t.semantic };
  }
  if (v.kind === 'expr') return { kind: 'expr', expr: { kind: 'cast', semantic: t.semantic, dataType: t.dataType, arg: v.expr, at: a!.at } };
  throw ctx.error('ERR_PXL_TYPE', `${t.name}() needs a column expression or a constant, got ${describe(v)}`, a!.at);
}
