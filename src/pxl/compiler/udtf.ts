// px.GetAgentStatus(), px.GetSchemas(), ... (c, c.3): a UDTF call is a table source. Its
// arguments are literals bound Python-style to the spec's parameters, defaults fill the rest,
// and the node's relation is the spec's fixed output relation.

import { dataTypeName } from '../../types/index.js';
import type { LiteralValue, UdtfNode } from '../plan.js';
import type { UdtfSpec } from '../functions/udtf.js';
import { bindArgs } from './args.js';
import type { CompileContext } from './context.js';
import { describe, type Args, type DataFrameValue } from './values.js';

/** Compiles `px.<spec.name>(args)` to a `udtf` node. */
export function callUdtf(ctx: CompileContext, spec: UdtfSpec, args: Args): DataFrameValue {
  const fn = `px.${spec.name}`;
  const bound = bindArgs(ctx, fn, spec.params.map((p) => p.name), 0, args);
  const values: Record<string, LiteralValue> = {};
  spec.params.forEach((p, i) => {
    const a = bound[i];
    if (a === undefined) {
      values[p.name] = p.default;
      return;
    }
    const v = a.value;
    // Pixie evaluates UDTF arguments when it plans the query, so they must be literals.
    if (v.kind !== 'const' || v.type !== p.type) {
      throw ctx.error('ERR_PXL_TYPE', `${fn}() argument '${p.name}' must be ${article(dataTypeName(p.type))} literal, got ${describe(v)}`, a.at);
    }
    values[p.name] = v.value;
  });
  return ctx.dataframe(ctx.addNode<UdtfNode>({ kind: 'udtf', inputs: [], relation: spec.relation, fn: spec.name, args: values }, args.at));
}

function article(typeName: string): string {
  return `${/^[IU]/.test(typeName) ? 'an' : 'a'} ${typeName}`;
}
