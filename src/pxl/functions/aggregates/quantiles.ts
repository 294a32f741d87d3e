// px.quantiles: a mergeable quantile sketch per group, finalized as the JSON object string
// {"p01":..,"p10":..,"p25":..,"p50":..,"p75":..,"p90":..,"p99":..} with JSON doubles (an
// integral value keeps ".0") so px.pluck_float64 reads them back. Pixie uses a t-digest;
// we use a log-linear histogram (no sorting, O(1) per row) with a stated relative error.

import { DataType as T, SemanticType } from '../../../types/index.js';
import type { Column } from '../../../types/index.js';
import type { AggregateOverload, GroupedAggregate } from '../registry.js';
import { i32 } from '../kernel.js';
import { defineAggregate } from './basic.js';
import { LogHistogram, RELATIVE_ERROR } from './loghist.js';
import type { LogHistogramState } from './loghist.js';

/**
 * 2^32, module-local on purpose: read in per-row loops, an imported binding (kernel.ts's TWO32)
 * made them about 3x slower when modules load separately (tsx, tests, benches).
 */
const TWO32 = 4294967296;

/** The stated bound: |estimate − value at the rank| ≤ QUANTILE_RELATIVE_ERROR · |value at the rank|. */
export const QUANTILE_RELATIVE_ERROR = RELATIVE_ERROR;

const KEYS: readonly [string, number][] = [
  ['p01', 0.01], ['p10', 0.1], ['p25', 0.25], ['p50', 0.5], ['p75', 0.75], ['p90', 0.9], ['p99', 0.99],
];

/** Writes a double the way a C++ JSON writer does: integral values keep ".0". */
export function jsonDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return `${x}.0`;
  return String(x).replace('e+', 'e');
}

/** The quantiles JSON string of a sketch. */
export function quantilesJson(d: LogHistogram): string {
  return `{${KEYS.map(([k, q]) => `"${k}":${jsonDouble(d.quantile(q))}`).join(',')}}`;
}

class Quantiles implements GroupedAggregate {
  readonly largeState = true;
  private digests: LogHistogram[] = [];
  constructor(private readonly isFloat: boolean) {}
  resize(n: number): void {
    while (this.digests.length < n) this.digests.push(new LogHistogram());
  }
  update(gids: Uint32Array, args: readonly Column[], n: number): void {
    const ds = this.digests;
    if (this.isFloat) {
      const d = (args[0] as { data: Float64Array }).data;
      for (let i = 0; i < n; i++) ds[gids[i]!]!.add(d[i]!);
    } else {
      const v = i32((args[0] as { data: BigInt64Array }).data);
      for (let i = 0; i < n; i++) ds[gids[i]!]!.add(v[2 * i + 1]! * TWO32 + (v[2 * i]! >>> 0));
    }
  }
  partial(g: number): unknown { return this.digests[g]!.state(); }
  merge(g: number, p: unknown): void { this.digests[g]!.mergeState(p as LogHistogramState); }
  finalize(n: number): Column {
    const out = new Array<string>(n);
    for (let g = 0; g < n; g++) out[g] = quantilesJson(this.digests[g]!);
    return { type: T.STRING, data: out };
  }
}

/** quantiles(I) and quantiles(F). */
export function quantileAggregates(): AggregateOverload[] {
  const sem = ([s]: readonly SemanticType[]): SemanticType =>
    s === SemanticType.ST_DURATION_NS ? SemanticType.ST_DURATION_NS_QUANTILES : SemanticType.ST_QUANTILES;
  return [
    defineAggregate('quantiles', [T.INT64], T.STRING, sem, () => new Quantiles(false)),
    defineAggregate('quantiles', [T.FLOAT64], T.STRING, sem, () => new Quantiles(true)),
  ];
}
