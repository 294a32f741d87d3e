// A log-linear histogram quantile sketch (HDR-histogram style): each value falls in a bucket
// named by its double's exponent and top MANTISSA_BITS mantissa bits, read straight from the
// IEEE-754 bits — no log, no sort, O(1) per value. Buckets merge by adding counts, so the
// state is mergeable and serialisable. A quantile is the bucket midpoint holding that rank,
// clamped to the exact min/max: relative value error ≤ 2^-(MANTISSA_BITS+1) (0.39 %).

export const MANTISSA_BITS = 7;
/** The stated bound: |estimate − true value at the rank| ≤ RELATIVE_ERROR · |true value|. */
export const RELATIVE_ERROR = 2 ** -(MANTISSA_BITS + 1);
const SHIFT = 20 - MANTISSA_BITS;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The bucket key of a positive, finite double. */
function keyOf(x: number): number {
  f64[0] = x;
  return u32[1]! >>> SHIFT;
}

/** The midpoint value of a bucket. */
function midpoint(key: number): number {
  u32[0] = 0;
  u32[1] = key << SHIFT;
  const lo = f64[0]!;
  u32[1] = (key + 1) << SHIFT;
  return (lo + f64[0]!) / 2;
}

/** Dense counts over a growable key range. */
class Buckets {
  base = 0;
  counts = new Float64Array(0);
  add(key: number, c: number): void {
    let i = key - this.base;
    if (i < 0 || i >= this.counts.length) { this.grow(key); i = key - this.base; }
    this.counts[i]! += c;
  }
  private grow(key: number): void {
    const n = this.counts.length;
    if (n === 0) { this.base = key - 32; this.counts = new Float64Array(64); return; }
    const lo = Math.min(this.base, key), hi = Math.max(this.base + n, key + 1);
    const span = hi - lo;
    const size = Math.max(span + 32, n * 2);
    const base = key < this.base ? hi - size : lo;
    const next = new Float64Array(size);
    next.set(this.counts, this.base - base);
    this.base = base;
    this.counts = next;
  }
  entries(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((c, i) => { if (c > 0) out.push([this.base + i, c]); });
    return out;
  }
}

export interface LogHistogramState {
  readonly min: number;
  readonly max: number;
  readonly zeros: number;
  /** [bucket key, count] of positive values. */
  readonly pos: [number, number][];
  /** [bucket key, count] of negative values (by magnitude). */
  readonly neg: [number, number][];
}

export class LogHistogram {
  private readonly pos = new Buckets();
  private readonly neg = new Buckets();
  private zeros = 0;
  private n = 0;
  min = Infinity;
  max = -Infinity;

  /** The number of values added (or merged in). */
  count(): number {
    return this.n;
  }

  /** Adds one value (NaN is ignored; ±Infinity land in the outermost buckets). */
  add(x: number): void {
    if (x !== x) return;
    this.n++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x > 0) this.pos.add(keyOf(Math.min(x, Number.MAX_VALUE)), 1);
    else if (x < 0) this.neg.add(keyOf(Math.min(-x, Number.MAX_VALUE)), 1);
    else this.zeros++;
  }

  /** The serialisable state. */
  state(): LogHistogramState {
    return { min: this.min, max: this.max, zeros: this.zeros, pos: this.pos.entries(), neg: this.neg.entries() };
  }

  /** Folds another histogram's state into this one. */
  mergeState(s: LogHistogramState): void {
    for (const [k, c] of s.pos) { this.pos.add(k, c); this.n += c; }
    for (const [k, c] of s.neg) { this.neg.add(k, c); this.n += c; }
    this.zeros += s.zeros;
    this.n += s.zeros;
    if (s.min < this.min) this.min = s.min;
    if (s.max > this.max) this.max = s.max;
  }

  /** The estimated value at quantile q ∈ [0, 1] (nearest rank); NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const target = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    // Negative values, most negative first (largest magnitude bucket first).
    const nc = this.neg.counts;
    for (let i = nc.length - 1; i >= 0; i--) {
      seen += nc[i]!;
      if (seen >= target) return this.clamp(-midpoint(this.neg.base + i));
    }
    seen += this.zeros;
    if (seen >= target) return 0;
    const pc = this.pos.counts;
    for (let i = 0; i < pc.length; i++) {
      seen += pc[i]!;
      if (seen >= target) return this.clamp(midpoint(this.pos.base + i));
    }
    return this.max;
  }

  private clamp(x: number): number {
    return x < this.min ? this.min : x > this.max ? this.max : x;
  }
}
