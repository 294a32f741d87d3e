// Compiles plan expressions once per operator into closures over batches: overloads are
// looked up here, not per batch; literal arguments reach kernels as constants, so kernels
// can take their column-vs-constant fast paths.

import type { Column, RowBatch } from '../types/index.js';
import type { Expr } from '../pxl/plan.js';
import type { Arg, FunctionContext, FunctionRegistry } from '../pxl/functions/registry.js';
import { broadcast } from '../pxl/functions/kernel.js';
import { ExecError } from './errors.js';
import { FunctionError } from '../pxl/functions/errors.js';

/** Evaluates to an argument (column or constant) for a batch. */
type ArgFn = (b: RowBatch) => Arg;

/** A compiled expression: batch → column of `numRows` values. */
export type ColumnFn = (b: RowBatch) => Column;

/** Compiles `e` against the registry. */
export function compileExpr(e: Expr, registry: FunctionRegistry, ctx: FunctionContext): ColumnFn {
  const f = compileArg(e, registry, ctx);
  return (b) => {
    const a = f(b);
    return a.kind === 'column' ? a.column : broadcast(a.type, a.value, b.numRows);
  };
}

function compileArg(e: Expr, registry: FunctionRegistry, ctx: FunctionContext): ArgFn {
  switch (e.kind) {
    case 'column': {
      const i = e.index;
      return (b) => {
        const c = b.columns[i];
        if (c === undefined) throw new ExecError('ERR_EXEC_BAD_PLAN', `column ${i} (${e.name}) is not in the input`);
        return { kind: 'column', column: c };
      };
    }
    case 'literal': {
      const a: Arg = { kind: 'const', type: e.type, value: e.value };
      return () => a;
    }
    case 'call': {
      const fn = registry.get(e.fn);
      if (fn === undefined || fn.kind !== 'scalar') throw new ExecError('ERR_EXEC_BAD_PLAN', `unknown scalar function overload ${e.fn}`);
      const args = e.args.map((a) => compileArg(a, registry, ctx));
      return (b) => {
        try {
          return { kind: 'column', column: fn.exec(args.map((f) => f(b)), b.numRows, ctx) };
        } catch (err) {
          // A user-caused function failure becomes an execution error with its own code.
          if (err instanceof FunctionError) throw new ExecError('ERR_EXEC_FUNCTION', err.message, { function: err.fn });
          throw err;
        }
      };
    }
  }
}
