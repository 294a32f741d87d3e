// Compile-time time helpers (b.1, c): relative durations like '-5m', absolute times in
// `%E4Y-%m-%d %H:%M:%E*S %z` form, and px.format_duration's rendering.

const UNIT_NS = new Map<string, bigint>([
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['d', 86_400_000_000_000n],
]);

// Upstream searches for the first match anywhere in the string.
const DURATION = /(-?\d+)(ms|m|s|h|d)/;

/** '-5m' → -300000000000n; undefined when the string holds no duration. */
export function parseDuration(s: string): bigint | undefined {
  const m = DURATION.exec(s);
  if (!m) return undefined;
  if (m[1]!.length > 30) return undefined;
  const v = BigInt(m[1]!) * UNIT_NS.get(m[2]!)!;
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2}):?(\d{2})$/;

/** '2024-01-02 03:04:05.5 +0000' → ns since the epoch; undefined when not in that form. */
export function parseAbsoluteTime(s: string): bigint | undefined {
  const m = ABSOLUTE.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec));
  const offsetMin = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const fracNs = BigInt((frac ?? '').padEnd(9, '0') || '0');
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + fracNs;
}

const FORMAT_UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['d', 86_400_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['m', 60_000_000_000n],
  ['s', 1_000_000_000n],
];

/** Largest whole unit among d/h/m/s, else ms; a leading '-' when negative (c, #65). */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  const sign = neg ? '-' : '';
  for (const [unit, size] of FORMAT_UNITS) {
    if (abs >= size) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs / 1_000_000n}ms`;
}
