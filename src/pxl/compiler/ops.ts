// Operators (a.5) and constant folding (a.6). An operator is a call of a registered scalar
// function; when every operand is a constant it is evaluated now, with the registry's own
// kernel on one row, so folding follows exactly the types and rules of execution.

import { DataType, dataTypeName } from '../../types/index.js';
import type { Column } from '../../types/index.js';
import type { FunctionContext } from '../functions/registry.js';
import { broadcast } from '../functions/kernel.js';
import type { LiteralValue } from '../plan.js';
import type { CompileContext } from './context.js';
import { describe, type ConstValue, type UExpr, type Value } from './values.js';

export const BINARY_FUNCTIONS = new Map<string, string>([
  ['+', 'add'], ['-', 'subtract'], ['*', 'multiply'], ['/', 'divide'], ['%', 'modulo'],
  ['==', 'equal'], ['!=', 'notEqual'], ['<', 'lessThan'], ['<=', 'lessThanEqual'],
  ['>', 'greaterThan'], ['>=', 'greaterThanEqual'], ['and', 'logicalAnd'], ['or', 'logicalOr'],
]);
export const UNARY_FUNCTIONS = new Map<string, string>([['-', 'negate'], ['~', 'invert'], ['not', 'logicalNot']]);

// Operator kernels never read the context; folding passes an empty one.
const FOLD_CONTEXT = { metadata: undefined, hostname: '', numCpus: 0 } as unknown as FunctionContext;

/** A constant or column expression as a UExpr; anything else is a type error. */
export function toUExpr(ctx: CompileContext, v: Value, at: number, what: string): UExpr {
  if (v.kind === 'const') return { kind: 'lit', value: v, at };
  if (v.kind === 'expr') return v.expr;
  throw ctx.error('ERR_PXL_TYPE', `${what} must be a column expression or a constant, got ${describe(v)}`, at);
}

/** Applies operator `op` (registered as `fn`) to operands: folded when all are constants. */
export function applyOperator(ctx: CompileContext, op: string, fn: string, operands: ReadonlyArray<{ value: Value; at: number }>, at: number): Value {
  for (const o of operands) {
    if (o.value.kind !== 'const' && o.value.kind !== 'expr') {
      const shown = operands.map((x) => describe(x.value)).join(' and ');
      throw ctx.error('ERR_PXL_TYPE', `unsupported operand${operands.length > 1 ? 's' : ''} for '${op}': ${shown}`, at);
    }
  }
  if (operands.every((o) => o.value.kind === 'const')) {
    return fold(ctx, op, fn, operands.map((o) => o.value as ConstValue), at);
  }
  return { kind: 'expr', expr: { kind: 'call', fn, op, at, args: operands.map((o) => toUExpr(ctx, o.value, o.at, 'an operand')) } };
}

/** Evaluates `fn` on constants now. */
export function fold(ctx: CompileContext, op: string, fn: string, args: readonly ConstValue[], at: number): ConstValue {
  const types = args.map((a) => a.type);
  const o = ctx.registry.resolveScalar(fn, types);
  if (o === undefined) {
    const shown = types.map(dataTypeName).join(', ');
    throw ctx.error('ERR_PXL_TYPE', `unsupported operand type${types.length > 1 ? 's' : ''} for '${op}': ${shown}`, at);
  }
  if (o.returnType === DataType.STRING) {
    let len = 0;
    for (const a of args) if (typeof a.value === 'string') len += a.value.length;
    if (len > ctx.limits.maxStringChars) {
      throw ctx.error('ERR_PXL_LIMIT', `string is longer than the limit of ${ctx.limits.maxStringChars} characters`, at);
    }
  }
  // Kernels may assume at least one column argument, so constants go in as one-row columns.
  const col = o.exec(args.map((a) => ({ kind: 'column', column: broadcast(a.type, a.value, 1) })), 1, FOLD_CONTEXT);
  return { kind: 'const', type: o.returnType, value: firstValue(col), semantic: o.semanticType(args.map((a) => a.semantic)) };
}

function firstValue(c: Column): LiteralValue {
  switch (c.type) {
    case DataType.BOOLEAN: return c.data[0] !== 0;
    case DataType.INT64:
    case DataType.TIME64NS: return c.data[0]!;
    case DataType.FLOAT64: return c.data[0]!;
    case DataType.STRING: return c.data[0]!;
    case DataType.UINT128: return { high: c.high[0]!, low: c.low[0]! };
  }
}
