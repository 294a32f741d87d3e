// Binds a builtin's call arguments to its parameter list, Python-style: positional first,
// then keywords; unknown, repeated and missing arguments are ERR_PXL_ARITY.

import { didYouMean } from '../errors.js';
import type { CompileContext } from './context.js';
import type { Args, Value } from './values.js';

export interface BoundArg {
  readonly value: Value;
  readonly at: number;
}

/**
 * `params` in order; the first `required` of them must be given. Returns one slot per param.
 * Parameters starting with `_` are hidden flags (e.g. head's `_pem_only`) but bind the same way.
 */
export function bindArgs(
  ctx: CompileContext,
  fnName: string,
  params: readonly string[],
  required: number,
  args: Args,
): Array<BoundArg | undefined> {
  const out: Array<BoundArg | undefined> = new Array(params.length).fill(undefined);
  if (args.positional.length > params.length) {
    const extra = args.positional[params.length]!;
    throw ctx.error('ERR_PXL_ARITY', `${fnName}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.positional.length} given)`, extra.at);
  }
  args.positional.forEach((a, i) => (out[i] = a));
  for (const k of args.keywords) {
    const i = params.indexOf(k.name);
    if (i < 0) {
      const hint = didYouMean(k.name, params.filter((p) => !p.startsWith('_')));
      throw ctx.error('ERR_PXL_ARITY', `${fnName}() got an unexpected keyword argument '${k.name}'.${hint}`.replace(/\.$/, ''), k.at);
    }
    if (out[i] !== undefined) throw ctx.error('ERR_PXL_ARITY', `${fnName}() got multiple values for argument '${k.name}'`, k.at);
    out[i] = k;
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) throw ctx.error('ERR_PXL_ARITY', `${fnName}() missing required argument '${params[i]}'`, args.at);
  }
  return out;
}
