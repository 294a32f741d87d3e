// A 5,000-case slice of the auth fuzzer (npm run fuzz runs 100,000): the gate agrees with
// the independent reference verifier on every case, never throws, leaves no rejection.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../fuzz/auth-fuzz.js';

test('the gate and the reference verifier agree on 5,000 seeded tokens, with both verdicts exercised', async () => {
  const report = await run(5000, 20261203);
  assert.equal(report.failures, []);
  assert.is(report.unhandledRejections, 0);
  assert.ok(report.cacheHits > 50, `cache hits ${report.cacheHits}`);
  assert.ok(report.accepted > 500, `accepted ${report.accepted}`);
  assert.ok(report.refused > 2500, `refused ${report.refused}`);
  assert.equal(Object.keys(report.byKind).sort(), ['garbage', 'metadata-shape', 'mutated', 'reused', 'signed-random', 'valid']);
});

test.run();
