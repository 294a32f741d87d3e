// Runs one registered scalar overload over fixture arguments.
import { defaultRegistry } from '../../../src/pxl/functions/index.js';
import type { Arg, FunctionContext } from '../../../src/pxl/functions/registry.js';
import type { DataType } from '../../../src/types/index.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { values } from '../../exec/fixtures.js';

export const registry = defaultRegistry();
export const plainCtx: FunctionContext = { metadata: metadataBuilder().build(), hostname: 'host-a', numCpus: 3 };

export function run(name: string, types: DataType[], args: Arg[], n: number, ctx: FunctionContext = plainCtx): unknown[] {
  const o = registry.resolveScalar(name, types);
  if (!o) throw new Error(`no overload ${name}`);
  return values(o.exec(args, n, ctx));
}
