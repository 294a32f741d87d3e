// Walks a PxL module top to bottom (a.1): records variables and functions, evaluates
// expressions to compile-time values and builds plan nodes through the DataFrame
// operations. User functions run lazily, at each call, in a child scope (a.2).

import type * as A from '../ast.js';
import { didYouMean } from '../errors.js';
import { parse } from '../parser.js';
import { Source } from '../source.js';
import { DataType, SemanticType } from '../../types/index.js';
import type { CompileContext } from './context.js';
import { assignColumn, dataframeAttribute, dataframeSubscript } from './dataframe.js';
import { applyOperator, BINARY_FUNCTIONS, toUExpr, UNARY_FUNCTIONS } from './ops.js';
import { builtinTypes, callType, createPxModule } from './px-module.js';
import { PXVIEWS_SOURCE } from './pxviews.js';
import { describe, NONE, Scope, type Args, type FunctionValue, type ModuleValue, type Value } from './values.js';

const KNOWN_MODULES = ['px', 'pxviews', 'pxtrace', 'pxconfig'];

export class Interpreter {
  private px: ModuleValue | undefined;
  private pxviews: ModuleValue | undefined;

  constructor(readonly ctx: CompileContext) {}

  /** A fresh global scope with the predefined names (a.4). */
  globals(): Scope {
    const s = new Scope();
    for (const [k, v] of builtinTypes()) s.set(k, v);
    return s;
  }

  runModule(mod: A.Module, scope: Scope): void {
    this.execBlock(mod.body, scope);
  }

  /** Runs statements; returns the value of a `return`, or undefined when the block ends. */
  private execBlock(body: readonly A.Stmt[], scope: Scope): Value | undefined {
    for (const s of body) {
      this.ctx.tick(s.start);
      switch (s.kind) {
        case 'Import':
          for (const n of s.names) scope.set(n.alias ?? n.module, this.importModule(n.module, n.start));
          break;
        case 'FromImport': {
          const m = this.importModule(s.module, s.start);
          for (const n of s.names) scope.set(n.alias ?? n.name, this.attribute(m, n.name, n.start));
          break;
        }
        case 'FunctionDef':
          scope.set(s.name, { kind: 'function', def: s, globals: rootOf(scope), source: this.ctx.source });
          break;
        case 'Assign':
          this.assign(s.target, this.eval(s.value, scope), scope);
          break;
        case 'Expr':
          this.eval(s.expr, scope);
          break;
        case 'Return':
          return s.value === undefined ? NONE : this.eval(s.value, scope);
      }
    }
    return undefined;
  }

  importModule(name: string, at: number): ModuleValue {
    if (name === 'px') return (this.px ??= createPxModule(this.ctx));
    if (name === 'pxviews') return (this.pxviews ??= this.loadPxviews());
    if (name === 'pxtrace' || name === 'pxconfig') {
      throw this.ctx.error('ERR_PXL_UNSUPPORTED', `module '${name}' is not supported by this engine`, at);
    }
    throw this.ctx.error('ERR_PXL_UNKNOWN_MODULE', `no module named '${name}'.${didYouMean(name, KNOWN_MODULES)}`, at);
  }

  /** pxviews is a PxL library (c.4): compiled from its own source into a module of functions. */
  private loadPxviews(): ModuleValue {
    const { source, module } = pxviewsModule();
    const lib = new Interpreter(this.ctx);
    lib.px = this.importModule('px', 0);
    const scope = lib.globals();
    this.ctx.withSource(source, () => lib.runModule(module, scope));
    const members = new Map<string, Value>();
    for (const [k, v] of scope.vars) if (v.kind === 'function') members.set(k, v);
    return { kind: 'module', name: 'pxviews', members };
  }

  private assign(target: A.NameExpr | A.AttributeExpr | A.SubscriptExpr, value: Value, scope: Scope): void {
    if (target.kind === 'Name') {
      scope.set(target.id, value);
      return;
    }
    if (target.object.kind !== 'Name') {
      throw this.ctx.error('ERR_PXL_UNSUPPORTED', 'the left-hand side of an attribute or item assignment must be a plain name', target.object.start);
    }
    const baseName = target.object.id;
    const base = this.lookup(baseName, target.object.start, scope);
    if (target.kind === 'Attribute') {
      if (base.kind === 'dataframe') {
        scope.set(baseName, assignColumn(this.ctx, base, target.name, value, target.nameStart));
        return;
      }
      if (base.kind === 'module') {
        base.members.set(target.name, value);
        return;
      }
      throw this.ctx.error('ERR_PXL_TYPE', `cannot set attribute '${target.name}' on ${describe(base)}`, target.start);
    }
    const key = this.eval(target.index, scope);
    if (base.kind !== 'dataframe') {
      throw this.ctx.error('ERR_PXL_TYPE', `cannot assign items of ${describe(base)}`, target.start);
    }
    if (key.kind !== 'const' || key.type !== DataType.STRING) {
      throw this.ctx.error('ERR_PXL_TYPE', `a column name must be a string, got ${describe(key)}`, target.index.start);
    }
    scope.set(baseName, assignColumn(this.ctx, base, key.value as string, value, target.index.start));
  }

  private lookup(name: string, at: number, scope: Scope): Value {
    const v = scope.get(name);
    if (v !== undefined) return v;
    const hint = name === 'px' || name === 'pxviews' ? ` Did you forget 'import ${name}'?` : didYouMean(name, scope.names());
    throw this.ctx.error('ERR_PXL_NAME', `name '${name}' is not defined.${hint}`, at);
  }

  eval(e: A.Expr, scope: Scope): Value {
    this.ctx.tick(e.start);
    switch (e.kind) {
      case 'Name':
        return this.lookup(e.id, e.start, scope);
      case 'Int':
        return { kind: 'const', type: DataType.INT64, value: e.value, semantic: SemanticType.ST_NONE };
      case 'Float':
        return { kind: 'const', type: DataType.FLOAT64, value: e.value, semantic: SemanticType.ST_NONE };
      case 'String':
        return { kind: 'const', type: DataType.STRING, value: e.value, semantic: SemanticType.ST_NONE };
      case 'Bool':
        return { kind: 'const', type: DataType.BOOLEAN, value: e.value, semantic: SemanticType.ST_NONE };
      case 'None':
        return NONE;
      case 'List':
      case 'Tuple':
        return { kind: 'list', tuple: e.kind === 'Tuple', items: e.items.map((x) => this.eval(x, scope)) };
      case 'Dict':
        return {
          kind: 'dict',
          entries: e.entries.map(({ key, value }) => {
            const k = this.eval(key, scope);
            if (k.kind !== 'const' || k.type !== DataType.STRING) {
              throw this.ctx.error('ERR_PXL_TYPE', `dict keys must be string constants, got ${describe(k)}`, key.start);
            }
            return [k.value as string, this.eval(value, scope)] as const;
          }),
        };
      case 'Attribute':
        return this.attribute(this.eval(e.object, scope), e.name, e.nameStart);
      case 'Subscript':
        return this.subscript(this.eval(e.object, scope), this.eval(e.index, scope), e.index.start, e.start);
      case 'Call':
        return this.callExpr(e, scope);
      case 'Binary':
      case 'Compare':
      case 'BoolOp': {
        const fn = BINARY_FUNCTIONS.get(e.op);
        if (fn === undefined) {
          throw this.ctx.error('ERR_PXL_UNSUPPORTED', `operator '${e.op}' is not supported in PxL${e.op === '&' || e.op === '|' ? "; combine predicates with 'and'/'or'" : ''}`, e.opStart);
        }
        return applyOperator(this.ctx, e.op, fn, [
          { value: this.eval(e.left, scope), at: e.left.start },
          { value: this.eval(e.right, scope), at: e.right.start },
        ], e.opStart);
      }
      case 'Unary': {
        const operand = this.eval(e.operand, scope);
        if (e.op === '+') {
          if (operand.kind !== 'const' && operand.kind !== 'expr') {
            throw this.ctx.error('ERR_PXL_TYPE', `unsupported operand for '+': ${describe(operand)}`, e.start);
          }
          return operand;
        }
        return applyOperator(this.ctx, e.op, UNARY_FUNCTIONS.get(e.op)!, [{ value: operand, at: e.operand.start }], e.start);
      }
    }
  }

  private callExpr(e: A.CallExpr, scope: Scope): Value {
    const callee = this.eval(e.callee, scope);
    const args: Args = {
      at: e.start,
      positional: e.args.map((a) => ({ value: this.eval(a, scope), at: a.start })),
      keywords: e.keywords.map((k) => ({ name: k.name, value: this.eval(k.value, scope), at: k.start })),
    };
    return this.call(callee, args);
  }

  call(callee: Value, args: Args): Value {
    switch (callee.kind) {
      case 'function':
        return this.callFunction(callee, args);
      case 'builtin':
        return callee.call(args);
      case 'udf':
        return this.callUdf(callee.name, args);
      case 'type':
        return callType(this.ctx, callee, args);
      default:
        throw this.ctx.error('ERR_PXL_TYPE', `${describe(callee)} is not callable`, args.at);
    }
  }

  /** `px.fn(a, b)` for a registered scalar function: a column expression, bound later. */
  private callUdf(name: string, args: Args): Value {
    if (args.keywords.length > 0) {
      throw this.ctx.error('ERR_PXL_ARITY', `px.${name}() does not take keyword arguments`, args.keywords[0]!.at);
    }
    if (!this.ctx.registry.hasScalar(name)) {
      throw this.ctx.error('ERR_PXL_TYPE', `px.${name} is an aggregate; use it in agg(name=('column', px.${name}))`, args.at);
    }
    const uargs = args.positional.map((a) => toUExpr(this.ctx, a.value, a.at, `argument of px.${name}()`));
    return { kind: 'expr', expr: { kind: 'call', fn: name, args: uargs, at: args.at } };
  }

  /** Calls a user function: binds arguments, checks annotations, runs the body in a child scope. */
  callFunction(fn: FunctionValue, args: Args): Value {
    const def = fn.def;
    const ctx = this.ctx;
    const params = def.params;
    const bound = new Map<string, { value: Value; at: number }>();
    if (args.positional.length > params.length) {
      throw ctx.error('ERR_PXL_ARITY', `${def.name}() takes ${params.length} argument${params.length === 1 ? '' : 's'} but ${args.positional.length} were given`, args.positional[params.length]!.at);
    }
    args.positional.forEach((a, i) => bound.set(params[i]!.name, a));
    for (const k of args.keywords) {
      if (!params.some((p) => p.name === k.name)) {
        throw ctx.error('ERR_PXL_ARITY', `${def.name}() got an unexpected keyword argument '${k.name}'.${didYouMean(k.name, params.map((p) => p.name))}`.replace(/\.$/, ''), k.at);
      }
      if (bound.has(k.name)) throw ctx.error('ERR_PXL_ARITY', `${def.name}() got multiple values for argument '${k.name}'`, k.at);
      bound.set(k.name, k);
    }
    const local = new Scope(fn.globals);
    // Annotations are evaluated where the def is; mismatches are reported at the call.
    const annotations = ctx.withSource(fn.source, () => params.map((p) => (p.annotation ? this.eval(p.annotation, fn.globals) : undefined)));
    params.forEach((p, i) => {
      const a = bound.get(p.name);
      if (a === undefined) throw ctx.error('ERR_PXL_ARITY', `${def.name}() missing required argument '${p.name}'`, args.at);
      const ann = annotations[i];
      if (ann !== undefined) this.checkAnnotation(def.name, p, ann, a);
      local.set(p.name, a.value);
    });
    if (ctx.callDepth + 1 > ctx.limits.maxCallDepth) {
      throw ctx.error('ERR_PXL_LIMIT', `function calls are nested deeper than the limit of ${ctx.limits.maxCallDepth}`, args.at);
    }
    ctx.callDepth++;
    try {
      return ctx.withSource(fn.source, () => this.execBlock(def.body, local) ?? NONE);
    } finally {
      ctx.callDepth--;
    }
  }

  /** a.2: a scalar annotation needs a value of that data type; px.DataFrame needs a DataFrame. */
  private checkAnnotation(fnName: string, p: A.Param, ann: Value, arg: { value: Value; at: number }): void {
    if (ann.kind !== 'type') return;
    const v = arg.value;
    if (ann.dataframe) {
      if (v.kind !== 'dataframe') {
        throw this.ctx.error('ERR_PXL_TYPE', `argument '${p.name}' of ${fnName}() must be a DataFrame, got ${describe(v)}`, arg.at);
      }
      return;
    }
    if (ann.dataType === undefined || v.kind === 'expr') return;
    const ok = v.kind === 'const' && (v.type === ann.dataType || (ann.dataType === DataType.TIME64NS && v.type === DataType.INT64));
    if (!ok) {
      throw this.ctx.error('ERR_PXL_TYPE', `argument '${p.name}' of ${fnName}() must be ${ann.name}, got ${describe(v)}`, arg.at);
    }
  }

  attribute(obj: Value, name: string, at: number): Value {
    switch (obj.kind) {
      case 'module': {
        const m = obj.members.get(name);
        if (m !== undefined) return m;
        if (obj.name === 'px' && (this.ctx.registry.hasScalar(name) || this.ctx.registry.hasAggregate(name))) {
          return { kind: 'udf', name };
        }
        const candidates = obj.name === 'px' ? [...obj.members.keys(), ...this.ctx.registry.names()] : [...obj.members.keys()];
        const code = obj.name === 'px' ? 'ERR_PXL_UNKNOWN_FUNCTION' : 'ERR_PXL_ATTRIBUTE';
        throw this.ctx.error(code, `module '${obj.name}' has no member '${name}'.${didYouMean(name, candidates)}`, at);
      }
      case 'dataframe':
        return dataframeAttribute(this.ctx, obj, name, at);
      case 'groupby':
        if (name === 'agg') return dataframeAttribute(this.ctx, obj.df, 'agg', at, obj.by);
        throw this.ctx.error('ERR_PXL_ATTRIBUTE', `groupby(...) must be followed by .agg(...), not .${name}`, at);
      case 'function':
        if (name === '__doc__') return { kind: 'const', type: DataType.STRING, value: obj.def.docstring ?? '', semantic: SemanticType.ST_NONE };
        break;
      default:
        break;
    }
    throw this.ctx.error('ERR_PXL_ATTRIBUTE', `${describe(obj)} has no attribute '${name}'`, at);
  }

  private subscript(obj: Value, key: Value, keyAt: number, at: number): Value {
    switch (obj.kind) {
      case 'dataframe':
        return dataframeSubscript(this.ctx, obj, key, keyAt);
      case 'ctx':
        if (key.kind !== 'const' || key.type !== DataType.STRING) {
          throw this.ctx.error('ERR_PXL_TYPE', `a ctx key must be a string, got ${describe(key)}`, keyAt);
        }
        return { kind: 'expr', expr: { kind: 'ctx', key: key.value as string, at: keyAt } };
      case 'list': {
        if (key.kind !== 'const' || key.type !== DataType.INT64) {
          throw this.ctx.error('ERR_PXL_TYPE', `${describe(obj)} index must be an integer, got ${describe(key)}`, keyAt);
        }
        const n = BigInt(obj.items.length);
        let i = key.value as bigint;
        if (i < 0n) i += n;
        if (i < 0n || i >= n) throw this.ctx.error('ERR_PXL_VALUE', `index ${key.value} is out of range`, keyAt);
        return obj.items[Number(i)]!;
      }
      case 'dict': {
        if (key.kind === 'const' && key.type === DataType.STRING) {
          const hit = obj.entries.find(([k]) => k === key.value);
          if (hit) return hit[1];
          throw this.ctx.error('ERR_PXL_VALUE', `key '${key.value}' not found in dict`, keyAt);
        }
        throw this.ctx.error('ERR_PXL_TYPE', `dict keys must be strings, got ${describe(key)}`, keyAt);
      }
      default:
        throw this.ctx.error('ERR_PXL_TYPE', `${describe(obj)} is not subscriptable`, at);
    }
  }
}

let pxviewsParsed: { source: Source; module: A.Module } | undefined;

/** The pxviews library, parsed once per process (the tree is immutable). */
function pxviewsModule(): { source: Source; module: A.Module } {
  if (!pxviewsParsed) {
    const source = new Source(PXVIEWS_SOURCE, 'pxviews.pxl');
    pxviewsParsed = { source, module: parse(source) };
  }
  return pxviewsParsed;
}

function rootOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}
