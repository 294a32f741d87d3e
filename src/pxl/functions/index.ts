// The engine's built-in functions, assembled into one registry.

import { FunctionRegistry } from './registry.js';
import { arithmeticFunctions } from './arith.js';
import { comparisonFunctions } from './compare.js';

export * from './registry.js';

let shared: FunctionRegistry | undefined;

/** A fresh registry holding every built-in function. */
export function createDefaultRegistry(): FunctionRegistry {
  const r = new FunctionRegistry();
  for (const o of arithmeticFunctions()) r.add(o);
  for (const o of comparisonFunctions()) r.add(o);
  return r;
}

/** The process-wide built-in registry (built on first use, then shared read-only). */
export function defaultRegistry(): FunctionRegistry {
  shared ??= createDefaultRegistry();
  return shared;
}
