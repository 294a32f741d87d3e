// The engine's built-in functions, assembled into one registry.

import { FunctionRegistry } from './registry.js';
import { arithmeticFunctions } from './arith.js';
import { comparisonFunctions } from './compare.js';
import { mathFunctions } from './math.js';
import { castFunctions } from './casts.js';
import { stringFunctions } from './strings.js';
import { jsonFunctions } from './json.js';
import { metadataFunctions } from './metadata.js';
import { protocolFunctions } from './protocols.js';
import { sqlFunctions } from './sql.js';
import { basicAggregates } from './aggregates/basic.js';
import { quantileAggregates } from './aggregates/quantiles.js';

export * from './registry.js';
export { SEMANTIC_CASTS } from './casts.js';
export { MAX_SCRIPT_REFERENCE_PAIRS } from './json.js';
export { QUANTILE_RELATIVE_ERROR } from './aggregates/quantiles.js';
export * from './time.js';
export { FunctionError } from './errors.js';
export { UDTFS } from './udtf.js';
export type { UdtfSpec, UdtfParam } from './udtf.js';

let shared: FunctionRegistry | undefined;

/** A fresh registry holding every built-in function. */
export function createDefaultRegistry(): FunctionRegistry {
  const r = new FunctionRegistry();
  const all = [
    ...arithmeticFunctions(), ...comparisonFunctions(), ...mathFunctions(), ...castFunctions(),
    ...stringFunctions(), ...jsonFunctions(), ...metadataFunctions(), ...protocolFunctions(), ...sqlFunctions(),
    ...basicAggregates(), ...quantileAggregates(),
  ];
  for (const o of all) r.add(o);
  return r;
}

/** The process-wide built-in registry (built on first use, then shared read-only). */
export function defaultRegistry(): FunctionRegistry {
  shared ??= createDefaultRegistry();
  return shared;
}
