// A slice of the PxL mutation fuzzer (test/fuzz/pxl-fuzz.ts) as a normal test; the full
// 100,000-case run is `npm run fuzz`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { caseAt, caseSequence, run, runInline } from '../fuzz/pxl-fuzz.js';
import { compileScript } from '../../src/pxl/index.js';
import { ExecError, runPlan } from '../../src/exec/index.js';
import { FunctionError } from '../../src/pxl/functions/errors.js';
import { catalog, NOW } from './fixtures.js';
import { corpusProvider, metadata } from './corpus-data.js';

test('ends 3000 mutated corpus scripts in a plan or a PxlError, never a crash', () => {
  const r = runInline(3000, 20261203);
  assert.equal(r.failures.map((f) => `${f.problem}\n${f.input}`), []);
  assert.is(r.compiled + r.rejected, 3000);
  assert.ok(r.compiled > 0 && r.rejected > 0);
});

test('is deterministic for a seed', () => {
  const a = runInline(200, 5);
  const b = runInline(200, 5);
  assert.equal([a.compiled, a.rejected, a.codes], [b.compiled, b.rejected, b.codes]);
});

test('runs in a watched worker thread with the same results as inline', async () => {
  const guarded = await run(300, 11);
  const inline = runInline(300, 11);
  assert.equal([guarded.compiled, guarded.rejected, guarded.codes, guarded.failures], [inline.compiled, inline.rejected, inline.codes, inline.failures]);
});

test('produces plans that the executor runs without internal errors', async () => {
  const problems: string[] = [];
  let ran = 0;
  const gen = caseSequence(99);
  for (let i = 0; i < 4000 && ran < 150; i++) {
    const { input, execFuncs } = gen.next().value!;
    const r = compileScript(input, { catalog, now: NOW, ...(execFuncs ? { execFuncs } : {}) });
    if (!r.plan) continue;
    ran++;
    try {
      await runPlan(r.plan, { provider: corpusProvider(), metadata, nowNs: NOW, hostname: 'node-1', numCpus: 2 });
    } catch (e) {
      // User-level runtime errors are allowed; anything else means the plan broke a contract.
      if (!(e instanceof ExecError) && !(e instanceof FunctionError)) problems.push(`${String(e)}\n${input}`);
    }
  }
  assert.equal(problems, []);
  assert.ok(ran >= 100, `only ${ran} plans`);
});

test('regenerates any case of a seed from its index', () => {
  assert.is(caseAt(11, 5), caseAt(11, 5));
  assert.is.not(caseAt(11, 5), caseAt(11, 6));
});

test.run();
