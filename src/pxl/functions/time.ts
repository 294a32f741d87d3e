// Compile-time time helpers (px.now, px.parse_duration, px.parse_time, px.format_duration,
// px.seconds and siblings) and DataFrame start_time/end_time parsing, as pure functions the
// compiler folds into literals. Durations are exact int64 nanoseconds.

const UNIT_NS = new Map<string, bigint>([
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['d', 86_400_000_000_000n],
]);

/** Multipliers of px.seconds and its siblings (n → n·unit ns). */
export const DURATION_HELPERS: ReadonlyMap<string, bigint> = new Map([
  ['microseconds', 1_000n],
  ['milliseconds', 1_000_000n],
  ['seconds', 1_000_000_000n],
  ['minutes', 60_000_000_000n],
  ['hours', 3_600_000_000_000n],
  ['days', 86_400_000_000_000n],
]);

/** Pixie's relative-duration pattern: optional '-', digits, unit ms|m|s|h|d; first match wins. */
const DURATION = /(-?)(\d+)(ms|m|s|h|d)/;

/** `'-5m'` → -300000000000n; undefined when the text holds no duration or it leaves int64. */
export function parseDuration(s: string): bigint | undefined {
  const m = DURATION.exec(s);
  if (m === null || m[2]!.length > 30) return undefined;
  const v = (m[1] === '-' ? -1n : 1n) * BigInt(m[2]!) * UNIT_NS.get(m[3]!)!;
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** `%E4Y-%m-%d %H:%M:%E*S %z`, e.g. `2026-04-27 10:00:00.5 +0200`. */
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2}):?(\d{2})$/;

/** An absolute time string → ns since the epoch; undefined when it does not match. */
export function parseAbsoluteTime(s: string): bigint | undefined {
  const m = ABSOLUTE.exec(s.trim());
  if (m === null) return undefined;
  // Date.UTC would roll 2023-13-14 over into 2024; out-of-range fields are not a time.
  if (+m[2]! < 1 || +m[2]! > 12 || +m[3]! < 1 || +m[3]! > 31 || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 60) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Number.isNaN(ms)) return undefined;
  const frac = BigInt((m[7] ?? '').padEnd(9, '0'));
  const off = BigInt((+m[9]! * 60 + +m[10]!) * 60) * 1_000_000_000n * (m[8] === '-' ? -1n : 1n);
  return BigInt(ms) * 1_000_000n + frac - off;
}

/** How a start_time/end_time value resolves: relative to the query start, or absolute. */
export type TimeSpec = { readonly kind: 'relative'; readonly offsetNs: bigint } | { readonly kind: 'absolute'; readonly ns: bigint };

/** Parses a DataFrame start_time/end_time string (relative duration first, then absolute). */
export function parseTimeSpec(s: string): TimeSpec | undefined {
  const d = parseDuration(s);
  if (d !== undefined) return { kind: 'relative', offsetNs: d };
  const a = parseAbsoluteTime(s);
  return a === undefined ? undefined : { kind: 'absolute', ns: a };
}

/** px.parse_time: a string (as start_time) or an int/time (ns) → absolute ns at `nowNs`. */
export function parseTime(v: string | bigint, nowNs: bigint): bigint | undefined {
  if (typeof v === 'bigint') return v;
  const t = parseTimeSpec(v);
  if (t === undefined) return undefined;
  return t.kind === 'absolute' ? t.ns : nowNs + t.offsetNs;
}

/**
 * px.format_duration: the value in the largest unit among d/h/m/s that it holds at least
 * once (whole units, truncated: 90 s → '1m'), else ms; '-' when negative (c, #65).
 */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const sign = neg ? '-' : '';
  for (const [unit, size] of [['d', 86_400_000_000_000n], ['h', 3_600_000_000_000n], ['m', 60_000_000_000n], ['s', 1_000_000_000n]] as const) {
    if (a >= size) return `${sign}${a / size}${unit}`;
  }
  return `${sign}${a / 1_000_000n}ms`;
}

/** px.now(): the current time in ns since the epoch (the compiler calls it once per query). */
export function nowNs(): bigint {
  return process.hrtime.bigint() - monoAtLoad + wallAtLoad;
}
const wallAtLoad = BigInt(Date.now()) * 1_000_000n;
const monoAtLoad = process.hrtime.bigint();
