// Compile-time values: what a PxL name or expression evaluates to while the compiler walks
// the module. Nothing here touches data: DataFrames are plan nodes, column expressions are
// unbound trees (UExpr) that resolve against whichever DataFrame they are applied to (a.7).

import type { DataType, Relation, SemanticType } from '../../types/index.js';
import { dataTypeName } from '../../types/index.js';
import type * as A from '../ast.js';
import type { Source } from '../source.js';
import type { LiteralValue } from '../plan.js';

/** An unbound column expression: column names are resolved when an operation binds it. */
export type UExpr =
  | { readonly kind: 'col'; readonly name: string; readonly at: number }
  | { readonly kind: 'lit'; readonly value: ConstValue; readonly at: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly UExpr[]; readonly at: number; readonly op?: string }
  | { readonly kind: 'ctx'; readonly key: string; readonly at: number }
  | { readonly kind: 'cast'; readonly semantic: SemanticType; readonly dataType: DataType; readonly arg: UExpr; readonly at: number };

export interface ConstValue {
  readonly kind: 'const';
  readonly type: DataType;
  readonly value: LiteralValue;
  readonly semantic: SemanticType;
}

export interface NoneValue { readonly kind: 'none' }
export interface ListValue { readonly kind: 'list'; readonly tuple: boolean; readonly items: readonly Value[] }
export interface DictValue { readonly kind: 'dict'; readonly entries: ReadonlyArray<readonly [string, Value]> }
export interface ExprValue { readonly kind: 'expr'; readonly expr: UExpr }
export interface DataFrameValue { readonly kind: 'dataframe'; readonly node: number; readonly relation: Relation }
export interface GroupByValue { readonly kind: 'groupby'; readonly df: DataFrameValue; readonly by: readonly string[] }
export interface CtxValue { readonly kind: 'ctx'; readonly df: DataFrameValue }

/** A user `def`: its body runs at each call in a child scope of the module's globals. */
export interface FunctionValue {
  readonly kind: 'function';
  readonly def: A.FunctionDef;
  readonly globals: Scope;
  /** The script the def is in (a library such as pxviews has its own), for error positions. */
  readonly source: Source;
}

/** A call site's arguments with the nodes they came from (for error positions). */
export interface Args {
  readonly positional: ReadonlyArray<{ readonly value: Value; readonly at: number }>;
  readonly keywords: ReadonlyArray<{ readonly name: string; readonly value: Value; readonly at: number }>;
  /** Offset of the call (its callee). */
  readonly at: number;
}

/** A native callable: px members and DataFrame methods. */
export interface BuiltinValue {
  readonly kind: 'builtin';
  readonly name: string;
  call(args: Args): Value;
}

/** A registered scalar or aggregate function, e.g. `px.mean`; called it builds a UExpr. */
export interface UdfValue { readonly kind: 'udf'; readonly name: string }

/**
 * A type object: `str`, `int`, `float`, `bool` and the px casts (`px.Pod`, `px.DurationNanos`).
 * As an annotation it declares a parameter's type; called it tags a semantic type.
 */
export interface TypeValue {
  readonly kind: 'type';
  readonly name: string;
  readonly dataType: DataType | undefined;
  readonly semantic: SemanticType;
  /** px.DataFrame used as an annotation. */
  readonly dataframe?: boolean;
}

export interface ModuleValue { readonly kind: 'module'; readonly name: string; readonly members: Map<string, Value> }

export type Value =
  | ConstValue
  | NoneValue
  | ListValue
  | DictValue
  | ExprValue
  | DataFrameValue
  | GroupByValue
  | CtxValue
  | FunctionValue
  | BuiltinValue
  | UdfValue
  | TypeValue
  | ModuleValue;

/** Variables of the module or of one function call. Lookups fall through to `parent`. */
export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}

  get(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
  /** Every visible name, for "did you mean". */
  names(): string[] {
    const out = new Set<string>(this.vars.keys());
    if (this.parent) for (const n of this.parent.names()) out.add(n);
    return [...out];
  }
}

export const NONE: NoneValue = { kind: 'none' };

/** Short human description of a value's kind for messages ("a DataFrame", "an INT64 constant"). */
export function describe(v: Value): string {
  switch (v.kind) {
    case 'const': {
      const t = dataTypeName(v.type);
      return `${t.startsWith('I') || t.startsWith('U') ? 'an' : 'a'} ${t} constant`;
    }
    case 'none': return 'None';
    case 'list': return v.tuple ? 'a tuple' : 'a list';
    case 'dict': return 'a dict';
    case 'expr': return 'a column expression';
    case 'dataframe': return 'a DataFrame';
    case 'groupby': return 'a grouped DataFrame';
    case 'ctx': return 'a metadata context';
    case 'function': return `function '${v.def.name}'`;
    case 'builtin': return `function '${v.name}'`;
    case 'udf': return `function 'px.${v.name}'`;
    case 'type': return `type '${v.name}'`;
    case 'module': return `module '${v.name}'`;
  }
}
