// Dense upid ids that outlive a batch. Metadata answers depend only on the upid and the
// metadata state's generation, so the upid → id table and each function's id → answer table
// are kept per state while its generation holds: a later batch (or query) then resolves only
// the upids it has not seen, instead of re-keying and re-resolving every distinct upid.

import type { UInt128Column } from '../../types/index.js';
import type { MetadataState } from '../../metadata/api.js';
import { i32 } from './kernel.js';

/** Slots of the direct-mapped front cache (indexed by low bits of pid ^ start ticks). */
const FRONT = 1024;
/** Ids kept per generation at most; past it the tables start over (old columns keep theirs). */
export const MAX_UPID_IDS = 1 << 14;

/** upid → dense id, with the upids in id order. */
export class UpidIds {
  readonly highs: bigint[] = [];
  readonly lows: bigint[] = [];
  /** Front cache: the four 32-bit words and the id of the upid last seen in each slot. */
  private readonly frontWords = new Int32Array(FRONT * 4);
  private readonly frontId = new Int32Array(FRONT).fill(-1);
  /**
   * Per encode() call, per slot: the four words and the id of the upid the current batch met
   * last there (stride 8). Rows only take the fast path through slots the batch already met,
   * so listing a batch's distinct ids costs nothing per row: every id's first row in a batch
   * comes through seen(). An empty slot s holds words whose slot is not s, which no row can
   * match, so the hot loop needs no "filled" check.
   */
  private readonly batch = new Int32Array(FRONT * 8);
  private readonly all = new Map<string, number>();
  /** Ids listed by the current encode() (cleared before it returns). */
  private mark = new Uint8Array(256);
  private present: number[] = [];

  get size(): number { return this.highs.length; }

  /** Writes each row's id into `out[0..n)`; returns the distinct ids of these rows, in first-seen order. */
  encode(col: UInt128Column, n: number, out: Int32Array): number[] {
    const h = i32(col.high), l = i32(col.low);
    const t = this.batch;
    for (let s = 0; s < FRONT; s++) { t[8 * s] = s ^ 1; t[8 * s + 2] = 0; }
    this.present = [];
    for (let i = 0; i < n; i++) {
      // The tight loop takes pairs of rows whose slots the batch already met (two rows per
      // iteration: ~10% faster than one); the row that stops it is retried alone, then goes
      // through seen() outside the loop (a call inside it made the loop ~1.7x slower).
      for (; i + 1 < n; i += 2) {
        const a = h[2 * i]!, b = h[2 * i + 1]!, c = l[2 * i]!, d = l[2 * i + 1]!;
        const a2 = h[2 * i + 2]!, b2 = h[2 * i + 3]!, c2 = l[2 * i + 2]!, d2 = l[2 * i + 3]!;
        const e = ((a ^ c) & (FRONT - 1)) << 3, e2 = ((a2 ^ c2) & (FRONT - 1)) << 3;
        if (!(t[e] === a && t[e + 1] === b && t[e + 2] === c && t[e + 3] === d
          && t[e2] === a2 && t[e2 + 1] === b2 && t[e2 + 2] === c2 && t[e2 + 3] === d2)) break;
        out[i] = t[e + 4]!;
        out[i + 1] = t[e2 + 4]!;
      }
      if (i === n) break;
      const a = h[2 * i]!, b = h[2 * i + 1]!, c = l[2 * i]!, d = l[2 * i + 1]!;
      const s = (a ^ c) & (FRONT - 1), e = s << 3;
      out[i] = t[e] === a && t[e + 1] === b && t[e + 2] === c && t[e + 3] === d ? t[e + 4]! : this.seen(col, i, s, a, b, c, d);
    }
    const present = this.present;
    for (const id of present) this.mark[id] = 0;
    this.present = [];
    return present;
  }

  /** Row i's id when its slot is not (yet) the batch's: front cache, then the map, then new. */
  private seen(col: UInt128Column, i: number, s: number, a: number, b: number, c: number, d: number): number {
    const fw = this.frontWords;
    let id = this.frontId[s]!;
    if (!(id >= 0 && fw[4 * s] === a && fw[4 * s + 1] === b && fw[4 * s + 2] === c && fw[4 * s + 3] === d)) {
      const key = `${a},${b},${c},${d}`;
      const known = this.all.get(key);
      if (known === undefined) {
        id = this.highs.length;
        this.highs.push(col.high[i]!);
        this.lows.push(col.low[i]!);
        this.all.set(key, id);
        if (id >= this.mark.length) {
          const grown = new Uint8Array(this.mark.length * 2);
          grown.set(this.mark);
          this.mark = grown;
        }
      } else id = known;
      this.frontId[s] = id;
      fw[4 * s] = a; fw[4 * s + 1] = b; fw[4 * s + 2] = c; fw[4 * s + 3] = d;
    }
    const t = this.batch, e = 8 * s;
    t[e] = a; t[e + 1] = b; t[e + 2] = c; t[e + 3] = d; t[e + 4] = id;
    if (this.mark[id] === 0) { this.mark[id] = 1; this.present.push(id); }
    return id;
  }
}

/** One function's answers: id → index into `values` (distinct answers, append-only). */
export class UpidAnswers {
  readonly valueOf: number[] = [];
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** Resolves the ids the table does not cover yet. */
  extend(ids: UpidIds, f: (high: bigint, low: bigint) => string): void {
    for (let id = this.valueOf.length; id < ids.size; id++) {
      const v = f(ids.highs[id]!, ids.lows[id]!);
      let k = this.index.get(v);
      if (k === undefined) { k = this.values.length; this.values.push(v); this.index.set(v, k); }
      this.valueOf.push(k);
    }
  }
}

interface Tables {
  readonly generation: number;
  readonly ids: UpidIds;
  readonly answers: Map<string, UpidAnswers>;
}

const byState = new WeakMap<MetadataState, Tables>();

/** The upid tables of `m`'s current generation (fresh ones after a change or when full). */
export function upidTables(m: MetadataState): Tables {
  let t = byState.get(m);
  if (t === undefined || t.generation !== m.generation || t.ids.size > MAX_UPID_IDS) {
    t = { generation: m.generation, ids: new UpidIds(), answers: new Map() };
    byState.set(m, t);
  }
  return t;
}

/** `fn`'s answer table within `t`. */
export function answersOf(t: Tables, fn: string): UpidAnswers {
  let a = t.answers.get(fn);
  if (a === undefined) { a = new UpidAnswers(); t.answers.set(fn, a); }
  return a;
}
