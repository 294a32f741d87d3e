import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DURATION_HELPERS, formatDuration, nowNs, parseAbsoluteTime, parseDuration, parseTime, parseTimeSpec } from '../../../src/pxl/functions/time.js';

test('parses relative durations with the first match winning', () => {
  assert.equal(['-5m', '-300s', '-24h', '-7d', '10ms', 'x-30sy', '5'].map(parseDuration),
    [-300_000_000_000n, -300_000_000_000n, -86_400_000_000_000n, -604_800_000_000_000n, 10_000_000n, -30_000_000_000n, undefined]);
});

test('parses absolute times with fractional seconds and a zone offset', () => {
  assert.is(parseAbsoluteTime('2026-04-27 10:00:00 +0000'), 1_777_284_000_000_000_000n);
  assert.is(parseAbsoluteTime('2026-04-27 12:00:00.000000001 +0200'), 1_777_284_000_000_000_001n);
  assert.is(parseAbsoluteTime('2026-04-27'), undefined);
});

test('start_time specs are relative first, then absolute', () => {
  assert.equal(parseTimeSpec('-5m'), { kind: 'relative', offsetNs: -300_000_000_000n });
  assert.equal(parseTimeSpec('2026-04-27 10:00:00 +0000'), { kind: 'absolute', ns: 1_777_284_000_000_000_000n });
  assert.is(parseTimeSpec('yesterday'), undefined);
  assert.is(parseTime('-1s', 10_000_000_000n), 9_000_000_000n);
  assert.is(parseTime(42n, 0n), 42n);
  assert.is(parseTime('bad', 0n), undefined);
});

test('formats durations in the largest unit held at least once, truncated', () => {
  assert.equal([-3_600_000_000_000n, 86_400_000_000_000n, 90_000_000_000n, 1_500_000_000n, 0n].map(formatDuration),
    ['-1h', '1d', '1m', '1s', '0ms']);
  assert.equal([1_500_000n, 999_999n].map(formatDuration), ['1ms', '0ms']);
});

test('seconds and its siblings multiply to nanoseconds; now is near the wall clock', () => {
  assert.is(DURATION_HELPERS.get('seconds'), 1_000_000_000n);
  assert.is(DURATION_HELPERS.get('minutes'), 60_000_000_000n);
  const diff = nowNs() - BigInt(Date.now()) * 1_000_000n;
  assert.ok(diff > -5_000_000_000n && diff < 5_000_000_000n);
});

test('parses relative durations in every unit, first match wins', () => {
  assert.equal(['-5m', '30s', '-100ms', '2h', '-7d', 'x-3sy', '-0s'].map(parseDuration), [
    -300_000_000_000n, 30_000_000_000n, -100_000_000n, 7_200_000_000_000n, -604_800_000_000_000n, -3_000_000_000n, 0n,
  ]);
});

test('returns undefined for strings without a duration or beyond int64', () => {
  assert.equal(['', 'soon', '5', '-m', '99999999999999999999d', '9'.repeat(40) + 's'].map(parseDuration), [undefined, undefined, undefined, undefined, undefined, undefined]);
});

test('parses absolute times with fractions and offsets, and nothing else', () => {
  assert.is(parseAbsoluteTime('2023-11-14 22:13:20 +0000'), 1_700_000_000_000_000_000n);
  assert.is(parseAbsoluteTime('2023-11-14 14:13:20.000000001 -0800'), 1_700_000_000_000_000_001n);
  assert.is(parseAbsoluteTime('2023-13-14 22:13:20 +0000'), undefined);
  assert.is(parseAbsoluteTime('2023-11-14T22:13:20Z'), undefined);
});

test.run();
