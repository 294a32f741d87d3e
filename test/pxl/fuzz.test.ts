// A slice of the PxL mutation fuzzer (test/fuzz/pxl-fuzz.ts) as a normal test; the full
// 100,000-case run is `npm run fuzz`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../fuzz/pxl-fuzz.js';

test('ends 3000 mutated corpus scripts in a plan or a PxlError, never a crash', () => {
  const r = run(3000, 20261203);
  assert.equal(r.failures.map((f) => `${f.problem}\n${f.input}`), []);
  assert.is(r.compiled + r.rejected, 3000);
  assert.ok(r.compiled > 0 && r.rejected > 0);
});

test('is deterministic for a seed', () => {
  const a = run(200, 5);
  const b = run(200, 5);
  assert.equal([a.compiled, a.rejected, a.codes], [b.compiled, b.rejected, b.codes]);
});

test.run();
