import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, parseAbsoluteTime, parseDuration } from '../../../src/pxl/compiler/time.js';

test('parses relative durations in every unit, first match wins', () => {
  assert.equal(['-5m', '30s', '-100ms', '2h', '-7d', 'x-3sy', '-0s'].map(parseDuration), [
    -300_000_000_000n, 30_000_000_000n, -100_000_000n, 7_200_000_000_000n, -604_800_000_000_000n, -3_000_000_000n, 0n,
  ]);
});

test('returns undefined for strings without a duration or beyond int64', () => {
  assert.equal(['', 'soon', '5', '-m', '99999999999999999999d'].map(parseDuration), [undefined, undefined, undefined, undefined, undefined]);
});

test('parses absolute times with fractions and offsets', () => {
  assert.is(parseAbsoluteTime('2023-11-14 22:13:20 +0000'), 1_700_000_000_000_000_000n);
  assert.is(parseAbsoluteTime('2023-11-14 14:13:20.000000001 -0800'), 1_700_000_000_000_000_001n);
  assert.is(parseAbsoluteTime('2023-13-14 22:13:20 +0000'), undefined);
  assert.is(parseAbsoluteTime('2023-11-14T22:13:20Z'), undefined);
});

test('formats durations by the largest whole unit', () => {
  assert.equal([-3_600_000_000_000n, 90_000_000_000n, 86_400_000_000_000n, 1_500_000n, 0n, 999_999n].map(formatDuration), ['-1h', '1m', '1d', '1ms', '0ms', '0ms']);
});

test.run();
