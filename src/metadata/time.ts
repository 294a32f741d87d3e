// Exact timestamp parsing (ns since the epoch as bigint) shared by the metadata file and
// the jsonl source: JSON integers when safe, decimal strings, RFC 3339 with up to 9
// fractional digits. Returns undefined instead of throwing; callers add the context.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A decimal int64 from a JSON number (safe integers only) or a decimal string. */
export function parseInt64(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) {
    const n = BigInt(v);
    return n >= INT64_MIN && n <= INT64_MAX ? n : undefined;
  }
  return undefined;
}

/** An RFC 3339 date-time as ns since the epoch, exactly (no float rounding). */
export function parseRfc3339Ns(s: string): bigint | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, , sign, oh, om] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return undefined; // e.g. 2026-02-30
  let ns = BigInt(ms) * 1_000_000n + BigInt((frac ?? '').padEnd(9, '0') || '0');
  if (second === 60) ns += 1_000_000_000n; // leap second: folded onto the next second
  if (sign) {
    const off = BigInt(Number(oh) * 60 + Number(om)) * 60_000_000_000n;
    ns += sign === '+' ? -off : off;
  }
  return ns >= INT64_MIN && ns <= INT64_MAX ? ns : undefined;
}

/** ns since the epoch from an integer, a decimal string or RFC 3339 text. */
export function parseTimeNs(v: unknown): bigint | undefined {
  return parseInt64(v) ?? (typeof v === 'string' ? parseRfc3339Ns(v) : undefined);
}
