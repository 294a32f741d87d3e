import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bindArgs } from '../../../src/pxl/compiler/args.js';
import { CompileContext, mapCatalog, resolveLimits } from '../../../src/pxl/compiler/context.js';
import { defaultRegistry } from '../../../src/pxl/functions/index.js';
import { PxlError } from '../../../src/pxl/errors.js';
import { Source } from '../../../src/pxl/source.js';
import { NONE, type Args } from '../../../src/pxl/compiler/values.js';

const ctx = new CompileContext(new Source('f(a, b, c=1, d=2)'), defaultRegistry(), mapCatalog(new Map()), resolveLimits(), 0n);
const one = { kind: 'const', type: 2, value: 1n, semantic: 1 } as const;
const args = (positional: number, keywords: string[]): Args => ({
  at: 0,
  positional: Array.from({ length: positional }, (_, i) => ({ value: one, at: 2 + i * 3 })),
  keywords: keywords.map((name, i) => ({ name, value: NONE, at: 8 + i * 5 })),
});

function fails(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof PxlError) return { code: e.code, message: e.message, column: e.column };
    throw e;
  }
  throw new Error('expected an error');
}

test('fills positional then keyword slots and leaves optional ones empty', () => {
  const bound = bindArgs(ctx, 'f', ['a', 'b', 'c', 'd'], 1, args(1, ['d']));
  assert.equal(bound.map((b) => b?.at), [2, undefined, undefined, 8]);
});

test('reports too many, repeated, unknown and missing arguments', () => {
  assert.equal(fails(() => bindArgs(ctx, 'f', ['a'], 0, args(2, []))), { code: 'ERR_PXL_ARITY', message: 'f() takes at most 1 argument (2 given)', column: 6 });
  assert.equal(fails(() => bindArgs(ctx, 'f', ['a', 'b'], 0, args(1, ['a']))), { code: 'ERR_PXL_ARITY', message: "f() got multiple values for argument 'a'", column: 9 });
  assert.equal(fails(() => bindArgs(ctx, 'f', ['a', '_hidden'], 0, args(0, ['b']))), { code: 'ERR_PXL_ARITY', message: "f() got an unexpected keyword argument 'b'. Did you mean 'a'?", column: 9 });
  assert.equal(fails(() => bindArgs(ctx, 'f', ['a', 'b'], 2, args(1, []))), { code: 'ERR_PXL_ARITY', message: "f() missing required argument 'b'", column: 1 });
});

test.run();
