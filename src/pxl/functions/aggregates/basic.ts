// The simple aggregates: count, sum, mean, min, max, any. Grouped state lives in typed
// arrays indexed by group id; mean and min/max read INT64/TIME64NS through Int32 halves.
// Int64 sums accumulate in a BigInt64Array, so they are exact and wrap at 64 bits like C++.
// Sum and mean can keep row counts in their own loop for a count aggregate next to them
// (countRows / rideOn): deliberate, it spares that count its own pass over the batch.

import { DataType as T, SemanticType, allocColumn } from '../../../types/index.js';
import type { Column, DataType } from '../../../types/index.js';
import type { AggregateOverload, GroupedAggregate, SemanticRule } from '../registry.js';
import { overloadId } from '../registry.js';
import { MINMAX_KEPT, SUM_KEPT, i32, keepShared, none } from '../kernel.js';
import { keepShape } from '../shapes.js';

/**
 * 2^32, module-local on purpose: read in per-row loops, an imported binding (kernel.ts's TWO32)
 * made them about 3x slower when modules load separately (tsx, tests, benches).
 */
const TWO32 = 4294967296;

/** Builds an aggregate overload. */
export function defineAggregate(
  name: string,
  argTypes: readonly DataType[],
  returnType: DataType,
  semanticType: SemanticRule,
  create: () => GroupedAggregate,
): AggregateOverload {
  return { kind: 'aggregate', id: overloadId(name, argTypes), name, argTypes, returnType, semanticType, create };
}

function growF64(a: Float64Array<ArrayBuffer>, n: number, fill = 0): Float64Array<ArrayBuffer> {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** count: rows per group, or the row counts of the aggregate it rides on (rideOn). */
class Count implements GroupedAggregate {
  private c = new Float64Array(16);
  private carried: ((g: number) => number) | undefined;
  resize(n: number): void { if (this.carried === undefined) this.c = growF64(this.c, n); }
  update(gids: Uint32Array, _args: readonly Column[], n: number): void {
    const c = this.c;
    let i = 0;
    // Two rows per iteration, like the folds below (10 M rows into 200 groups, alone:
    // 15-28 ms -> 12-13 ms).
    for (; i + 1 < n; i += 2) {
      c[gids[i]!]!++;
      c[gids[i + 1]!]!++;
    }
    if (i < n) c[gids[i]!]!++;
  }
  /** The counts are given: no pass over the rows. */
  foldCounted(_gids: Uint16Array, _args: readonly Column[], _n: number, ids: readonly number[], rows: ArrayLike<number>): void {
    const c = this.c;
    for (let k = 0; k < ids.length; k++) c[ids[k]!]! += rows[k]!;
  }
  rideOn(counts: (g: number) => number): void { this.carried = counts; }
  private count(g: number): number { return this.carried === undefined ? this.c[g]! : this.carried(g); }
  partial(g: number): unknown { return this.count(g); }
  merge(g: number, p: unknown): void {
    if (this.carried === undefined) this.c[g] = this.c[g]! + (p as number);
  }
  finalize(n: number): Column {
    const out = new BigInt64Array(n);
    for (let g = 0; g < n; g++) out[g] = BigInt(this.count(g));
    return { type: T.INT64, data: out };
  }
}

/**
 * Exact int64 sum (also the boolean sum, which counts trues). Int sums accumulate in a
 * BigInt64Array: element-wise bigint adds wrap at 64 bits on store, which is C++'s result (the
 * sum modulo 2^64), and V8 compiles them to plain 64-bit adds without allocating.
 */
class IntSum implements GroupedAggregate {
  private s = new BigInt64Array(16);
  private trues = new Float64Array(16);
  /** Row counts, kept once a count aggregate rides on this one (countRows). */
  private c: Float64Array<ArrayBuffer> | undefined;
  constructor(private readonly bool: boolean) {}
  resize(n: number): void {
    if (this.s.length < n) {
      const b = new BigInt64Array(Math.max(n, this.s.length * 2));
      b.set(this.s);
      this.s = b;
    }
    this.trues = growF64(this.trues, n);
    if (this.c !== undefined) this.c = growF64(this.c, n);
  }
  countRows(): (g: number) => number {
    this.c = new Float64Array(this.s.length);
    return (g) => this.c![g]!;
  }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const c = this.c;
    if (this.bool) {
      const d = (args[0] as { data: Uint8Array }).data, t = this.trues;
      if (c === undefined) for (let i = 0; i < n; i++) t[gids[i]!]! += d[i]!;
      else for (let i = 0; i < n; i++) { const g = gids[i]!; t[g]! += d[i]!; c[g]!++; }
    } else {
      const d = (args[0] as { data: BigInt64Array }).data, s = this.s;
      if (c === undefined) for (let i = 0; i < n; i++) s[gids[i]!]! += d[i]!;
      else {
        let i = 0;
        // Two rows per iteration, each added in row order (in the engine bench's Q3: 36 -> 31 ms
        // per 10 M rows).
        for (; i + 1 < n; i += 2) {
          const g = gids[i]!, g2 = gids[i + 1]!;
          s[g]! += d[i]!;
          c[g]!++;
          s[g2]! += d[i + 1]!;
          c[g2]!++;
        }
        if (i < n) { const g = gids[i]!; s[g]! += d[i]!; c[g]!++; }
      }
    }
  }
  /** update() with 16-bit group ids and the row counts given: the loops only add. */
  foldCounted(gids: Uint16Array, args: readonly Column[], n: number, ids: readonly number[], rows: ArrayLike<number>): void {
    if (this.bool) {
      const d = (args[0] as { data: Uint8Array }).data, t = this.trues;
      for (let i = 0; i < n; i++) t[gids[i]!]! += d[i]!;
    } else {
      const d = (args[0] as { data: BigInt64Array }).data, s = this.s;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        s[gids[i]!]! += d[i]!;
        s[gids[i + 1]!]! += d[i + 1]!;
      }
      if (i < n) s[gids[i]!]! += d[i]!;
    }
    const c = this.c;
    if (c !== undefined) for (let k = 0; k < ids.length; k++) c[ids[k]!]! += rows[k]!;
  }
  private total(g: number): bigint { return BigInt.asIntN(64, this.s[g]! + BigInt(this.trues[g]!)); }
  partial(g: number): unknown {
    return this.c === undefined ? String(this.total(g)) : { sum: String(this.total(g)), count: this.c[g]! };
  }
  merge(g: number, p: unknown): void {
    if (this.c === undefined) {
      this.s[g] = BigInt.asIntN(64, this.s[g]! + BigInt(p as string));
      return;
    }
    const q = p as { sum: string; count: number };
    this.s[g] = BigInt.asIntN(64, this.s[g]! + BigInt(q.sum));
    this.c[g] = this.c[g]! + q.count;
  }
  finalize(n: number): Column {
    const out = new BigInt64Array(n);
    for (let g = 0; g < n; g++) out[g] = this.total(g);
    return { type: T.INT64, data: out };
  }
}

/** Reads column values as doubles (int64 exact below 2^53). */
function asDoubles(c: Column, n: number): Float64Array | Uint8Array {
  if (c.type === T.FLOAT64 || c.type === T.BOOLEAN) return c.data;
  const d = (c as { data: BigInt64Array }).data;
  const v = i32(d);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0);
  return out;
}

class FloatSum implements GroupedAggregate {
  private s = new Float64Array(16);
  resize(n: number): void { this.s = growF64(this.s, n); }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const d = (args[0] as { data: Float64Array }).data, s = this.s;
    for (let i = 0; i < n; i++) s[gids[i]!]! += d[i]!;
  }
  partial(g: number): unknown { return this.s[g]!; }
  merge(g: number, p: unknown): void { this.s[g] = this.s[g]! + (p as number); }
  finalize(n: number): Column { return { type: T.FLOAT64, data: this.s.slice(0, n) }; }
}

/**
 * mean = sum / count in doubles; an empty group gives NaN (0/0). A group's sum and row count
 * sit side by side in one array (`st[2g]`, `st[2g + 1]`): with two arrays the fold measured
 * 1.1-1.3x slower (10 M rows: 35 vs 32 ms in this class, 32 vs 24 ms as a bare loop).
 * A count aggregate next to it reads those row counts (countRows) instead of counting again.
 */
class Mean implements GroupedAggregate {
  private st = new Float64Array(32);
  resize(n: number): void { this.st = growF64(this.st, 2 * n); }
  countRows(): (g: number) => number { return (g) => this.st[2 * g + 1]!; }
  /** Adds each row to its group's sum and 1 to its group's count. */
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const st = this.st, col = args[0]!;
    // g << 1 stays exact: groups are far fewer than 2^30 (each holds 16 bytes here).
    if (col.type === T.INT64) {
      const v = i32(col.data);
      let i = 0;
      // Two rows per iteration, each added in row order (in the engine bench's Q5: 42 -> 30 ms
      // per 10 M rows).
      for (; i + 1 < n; i += 2) {
        const g = gids[i]! << 1, g2 = gids[i + 1]! << 1;
        const x = v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0), x2 = v[2 * i + 3]! * TWO32 + (v[2 * i + 2]! >>> 0);
        st[g]! += x;
        st[g + 1]!++;
        st[g2]! += x2;
        st[g2 + 1]!++;
      }
      if (i < n) {
        const g = gids[i]! << 1;
        st[g]! += v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0);
        st[g + 1]!++;
      }
      return;
    }
    const d = asDoubles(col, n);
    for (let i = 0; i < n; i++) {
      const g = gids[i]! << 1;
      st[g]! += d[i]!;
      st[g + 1]!++;
    }
  }
  /**
   * update() with the row counts given: the loop only adds values (each row still in row
   * order, so sums are bit-identical); one fewer store per row (10 M rows alone: 34 -> 27 ms).
   */
  foldCounted(gids: Uint16Array, args: readonly Column[], n: number, ids: readonly number[], rows: ArrayLike<number>): void {
    const st = this.st, col = args[0]!;
    if (col.type === T.INT64) {
      const v = i32(col.data);
      let i = 0;
      for (; i + 1 < n; i += 2) {
        st[gids[i]! << 1]! += v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0);
        st[gids[i + 1]! << 1]! += v[2 * i + 3]! * TWO32 + (v[2 * i + 2]! >>> 0);
      }
      if (i < n) st[gids[i]! << 1]! += v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0);
    } else {
      const d = asDoubles(col, n);
      for (let i = 0; i < n; i++) st[gids[i]! << 1]! += d[i]!;
    }
    for (let k = 0; k < ids.length; k++) st[2 * ids[k]! + 1]! += rows[k]!;
  }
  partial(g: number): unknown { return { sum: this.st[2 * g]!, count: this.st[2 * g + 1]! }; }
  merge(g: number, p: unknown): void {
    const q = p as { sum: number; count: number };
    this.st[2 * g] = this.st[2 * g]! + q.sum;
    this.st[2 * g + 1] = this.st[2 * g + 1]! + q.count;
  }
  finalize(n: number): Column {
    const out = new Float64Array(n);
    const st = this.st;
    for (let g = 0; g < n; g++) out[g] = st[2 * g]! / st[2 * g + 1]!;
    return { type: T.FLOAT64, data: out };
  }
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** min/max over INT64/TIME64NS, compared on 32-bit halves. */
class IntExtreme implements GroupedAggregate {
  private v = new BigInt64Array(16);
  private init: bigint;
  constructor(private readonly type: typeof T.INT64 | typeof T.TIME64NS, private readonly isMax: boolean) {
    this.init = isMax ? I64_MIN : I64_MAX;
    this.v.fill(this.init);
  }
  resize(n: number): void {
    if (this.v.length >= n) return;
    const b = new BigInt64Array(Math.max(n, this.v.length * 2)).fill(this.init);
    b.set(this.v);
    this.v = b;
  }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const x = i32((args[0] as { data: BigInt64Array }).data);
    const s = i32(this.v);
    const sign = this.isMax ? 1 : -1;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      const xh = x[2 * i + 1]!, sh = s[2 * g + 1]!;
      let c: number;
      if (xh !== sh) c = xh > sh ? 1 : -1;
      else {
        const xl = x[2 * i]! >>> 0, sl = s[2 * g]! >>> 0;
        c = xl === sl ? 0 : xl > sl ? 1 : -1;
      }
      if (c === sign) {
        s[2 * g + 1] = xh;
        s[2 * g] = x[2 * i]!;
      }
    }
  }
  partial(g: number): unknown { return String(this.v[g]!); }
  merge(g: number, p: unknown): void {
    const x = BigInt(p as string);
    if (this.isMax ? x > this.v[g]! : x < this.v[g]!) this.v[g] = x;
  }
  finalize(n: number): Column { return { type: this.type, data: this.v.slice(0, n) } as Column; }
}

class FloatExtreme implements GroupedAggregate {
  private v: Float64Array<ArrayBuffer>;
  private readonly init: number;
  constructor(private readonly isMax: boolean) {
    this.init = isMax ? -Number.MAX_VALUE : Number.MAX_VALUE;
    this.v = new Float64Array(16).fill(this.init);
  }
  resize(n: number): void { this.v = growF64(this.v, n, this.init); }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const d = (args[0] as { data: Float64Array }).data, v = this.v;
    if (this.isMax) for (let i = 0; i < n; i++) { const g = gids[i]!; if (d[i]! > v[g]!) v[g] = d[i]!; }
    else for (let i = 0; i < n; i++) { const g = gids[i]!; if (d[i]! < v[g]!) v[g] = d[i]!; }
  }
  partial(g: number): unknown { return this.v[g]!; }
  merge(g: number, p: unknown): void {
    const x = p as number;
    if (this.isMax ? x > this.v[g]! : x < this.v[g]!) this.v[g] = x;
  }
  finalize(n: number): Column { return { type: T.FLOAT64, data: this.v.slice(0, n) }; }
}

/** any: the first value seen per group (zero value for an empty group). */
class AnyValue implements GroupedAggregate {
  private vals: unknown[] = [];
  private seen = new Uint8Array(16);
  constructor(private readonly type: DataType) {}
  resize(n: number): void {
    if (this.seen.length < n) {
      const b = new Uint8Array(Math.max(n, this.seen.length * 2));
      b.set(this.seen);
      this.seen = b;
    }
    while (this.vals.length < n) this.vals.push(undefined);
  }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const c = args[0]!;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      if (this.seen[g] === 0) {
        this.seen[g] = 1;
        this.vals[g] = c.type === T.UINT128 ? [c.high[i]!, c.low[i]!] : c.data[i];
      }
    }
  }
  partial(g: number): unknown {
    const v = this.vals[g];
    if (this.seen[g] === 0) return null;
    return typeof v === 'bigint' ? String(v) : Array.isArray(v) ? v.map(String) : v;
  }
  merge(g: number, p: unknown): void {
    if (p === null || this.seen[g] === 1) return;
    this.seen[g] = 1;
    const t = this.type;
    this.vals[g] = t === T.INT64 || t === T.TIME64NS ? BigInt(p as string)
      : t === T.UINT128 ? (p as string[]).map((x) => BigInt(x)) : p;
  }
  finalize(n: number): Column {
    const c = allocColumn(this.type, n);
    for (let g = 0; g < n; g++) {
      if (this.seen[g] === 0) continue;
      const v = this.vals[g];
      if (c.type === T.UINT128) {
        c.high[g] = (v as bigint[])[0]!;
        c.low[g] = (v as bigint[])[1]!;
      } else (c.data as unknown[])[g] = v;
    }
    return c;
  }
}

const ANY_TYPES: DataType[] = [T.BOOLEAN, T.INT64, T.FLOAT64, T.TIME64NS, T.STRING, T.UINT128];

// Their update loops stay optimized across queries separated by a full GC (shapes.ts).
for (const a of [new Count(), new IntSum(false), new FloatSum(), new Mean(), new IntExtreme(T.INT64, true), new FloatExtreme(true), new AnyValue(T.STRING)]) keepShape(a);

/** count, sum, mean, min, max, any. */
export function basicAggregates(): AggregateOverload[] {
  const minmax = keepShared(MINMAX_KEPT);
  const list: AggregateOverload[] = [];
  for (const t of ANY_TYPES) list.push(defineAggregate('count', [t], T.INT64, none, () => new Count()));
  list.push(defineAggregate('sum', [T.INT64], T.INT64, keepShared(SUM_KEPT), () => new IntSum(false)));
  list.push(defineAggregate('sum', [T.BOOLEAN], T.INT64, none, () => new IntSum(true)));
  list.push(defineAggregate('sum', [T.FLOAT64], T.FLOAT64, keepShared(SUM_KEPT), () => new FloatSum()));
  for (const t of [T.INT64, T.FLOAT64, T.BOOLEAN]) list.push(defineAggregate('mean', [t], T.FLOAT64, minmax, () => new Mean()));
  for (const isMax of [true, false]) {
    const name = isMax ? 'max' : 'min';
    list.push(defineAggregate(name, [T.INT64], T.INT64, minmax, () => new IntExtreme(T.INT64, isMax)));
    list.push(defineAggregate(name, [T.TIME64NS], T.TIME64NS, minmax, () => new IntExtreme(T.TIME64NS, isMax)));
    list.push(defineAggregate(name, [T.FLOAT64], T.FLOAT64, minmax, () => new FloatExtreme(isMax)));
  }
  for (const t of ANY_TYPES) list.push(defineAggregate('any', [t], t, ([s]) => s ?? SemanticType.ST_NONE, () => new AnyValue(t)));
  return list;
}
