// ExecuteScriptRequest.exec_funcs (d): after the module ran, each named function is called
// with its string arguments converted by the parameter annotations; its DataFrame (or list
// of DataFrames) becomes the result table(s) named by output_table_prefix.

import { DataType, SemanticType } from '../../types/index.js';
import { didYouMean, PxlError } from '../errors.js';
import { parse } from '../parser.js';
import { Source } from '../source.js';
import type { CompileContext } from './context.js';
import type { Interpreter } from './interpreter.js';
import { describe, type Args, type Scope, type Value } from './values.js';

export interface ExecFunc {
  readonly funcName: string;
  readonly argValues: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly outputTablePrefix: string;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

export function runExecFuncs(ctx: CompileContext, interp: Interpreter, globals: Scope, funcs: readonly ExecFunc[]): void {
  for (const f of funcs) {
    const fail = (msg: string) => new PxlError('ERR_PXL_EXEC_FUNC', msg);
    if (f.funcName === '') throw fail('exec_funcs entry has an empty func_name');
    if (f.outputTablePrefix === '') throw fail(`exec_funcs entry for '${f.funcName}' has an empty output_table_prefix`);
    const fn = globals.get(f.funcName);
    if (fn === undefined) {
      const functions = [...globals.vars].filter(([, v]) => v.kind === 'function').map(([k]) => k);
      throw fail(`exec func '${f.funcName}' is not defined in the script.${didYouMean(f.funcName, functions)}`.replace(/\.$/, ''));
    }
    if (fn.kind !== 'function') throw fail(`exec func '${f.funcName}' is ${describe(fn)}, not a function`);
    const params = fn.def.params;
    // Problems with a parameter point at it in the script.
    const at = (offset: number, msg: string) => new PxlError('ERR_PXL_EXEC_FUNC', msg, fn.source, offset);
    const keywords: Array<{ name: string; value: Value; at: number }> = [];
    const given = new Set<string>();
    for (const a of f.argValues) {
      const p = params.find((x) => x.name === a.name);
      if (p === undefined) {
        throw at(fn.def.start, `'${f.funcName}' has no parameter '${a.name}'.${didYouMean(a.name, params.map((x) => x.name))}`.replace(/\.$/, ''));
      }
      if (given.has(a.name)) throw at(p.start, `argument '${a.name}' of '${f.funcName}' is given twice`);
      given.add(a.name);
      if (p.annotation === undefined) throw at(p.start, `parameter '${a.name}' of '${f.funcName}' has no type annotation, so its value cannot be parsed`);
      const annotation = p.annotation;
      const ann = ctx.withSource(fn.source, () => interp.eval(annotation, fn.globals));
      let value: Value;
      try {
        value = convert(ctx, interp, fn.globals, ann, a.value, f.funcName, a.name);
      } catch (e) {
        if (e instanceof PxlError && e.code === 'ERR_PXL_EXEC_FUNC' && e.line === 0) throw at(p.start, e.message);
        throw e;
      }
      keywords.push({ name: a.name, value, at: p.start });
    }
    for (const p of params) {
      if (!given.has(p.name)) throw at(p.start, `missing value for parameter '${p.name}' of '${f.funcName}'`);
    }
    const args: Args = { positional: [], keywords, at: fn.def.start };
    const out = interp.callFunction(fn, args);
    if (out.kind === 'dataframe') {
      ctx.sinks.push({ df: out, name: f.outputTablePrefix, fixed: true });
    } else if (out.kind === 'list' && out.items.every((x) => x.kind === 'dataframe')) {
      out.items.forEach((df, i) => {
        if (df.kind === 'dataframe') ctx.sinks.push({ df, name: `${f.outputTablePrefix}[${i}]`, fixed: true });
      });
    } else {
      throw at(fn.def.start, `exec func '${f.funcName}' must return a DataFrame or a list of DataFrames, got ${describe(out)}`);
    }
  }
}

/** Converts an argument string by the parameter's annotation (d.4). */
function convert(ctx: CompileContext, interp: Interpreter, globals: Scope, ann: Value, raw: string, fn: string, param: string): Value {
  const bad = (what: string) => new PxlError('ERR_PXL_EXEC_FUNC', `argument '${param}' of '${fn}': cannot parse '${raw}' as ${what}`);
  if (ann.kind === 'type' && ann.dataType !== undefined && !ann.dataframe) {
    switch (ann.dataType) {
      case DataType.STRING:
        return { kind: 'const', type: DataType.STRING, value: raw, semantic: ann.semantic };
      case DataType.INT64:
      case DataType.TIME64NS: {
        const t = raw.trim();
        if (!INT_RE.test(t)) throw bad('an integer');
        const v = BigInt(t);
        if (v !== BigInt.asIntN(64, v)) throw bad('a 64-bit integer');
        return { kind: 'const', type: ann.dataType, value: v, semantic: ann.semantic === SemanticType.ST_TIME_NS ? SemanticType.ST_NONE : ann.semantic };
      }
      case DataType.FLOAT64: {
        const t = raw.trim();
        if (!FLOAT_RE.test(t)) throw bad('a float');
        const lower = t.toLowerCase().replace(/^[+-]/, '');
        const sign = t.startsWith('-') ? -1 : 1;
        const v = lower === 'nan' ? NaN : lower.startsWith('inf') ? sign * Infinity : Number(t);
        return { kind: 'const', type: DataType.FLOAT64, value: v, semantic: ann.semantic };
      }
      case DataType.BOOLEAN: {
        const t = raw.trim().toLowerCase();
        if (TRUE_WORDS.has(t)) return { kind: 'const', type: DataType.BOOLEAN, value: true, semantic: SemanticType.ST_NONE };
        if (FALSE_WORDS.has(t)) return { kind: 'const', type: DataType.BOOLEAN, value: false, semantic: SemanticType.ST_NONE };
        throw bad('a boolean');
      }
      default:
        throw bad(ann.name);
    }
  }
  // A non-scalar annotation (e.g. list): the string is a PxL expression.
  const source = new Source(raw, `${fn}.${param}`);
  let mod;
  try {
    mod = parse(source, { maxTokens: 10_000, maxNesting: ctx.limits.maxNesting });
  } catch (e) {
    if (e instanceof PxlError) throw bad(`a PxL expression (${e.message})`);
    throw e;
  }
  const stmt = mod.body[0];
  if (mod.body.length !== 1 || stmt === undefined || stmt.kind !== 'Expr') throw bad('a PxL expression');
  return interp.eval(stmt.expr, globals);
}
