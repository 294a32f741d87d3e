// Small statistics shared by the benchmarks.

/** The median (the mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** `x` rounded to `digits` decimals. */
export function round(x, digits) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
