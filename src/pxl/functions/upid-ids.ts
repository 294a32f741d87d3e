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
   * Per encode() call: the slot's id once the current batch has met it, else −1. Rows only
   * take the fast path through slots the batch already met, so listing a batch's distinct
   * ids costs nothing per row: every id's first row in a batch comes through seen().
   */
  private readonly batchId = new Int32Array(FRONT).fill(-1);
  private readonly all = new Map<string, number>();
  /** Ids listed by the current encode() (cleared before it returns). */
  private mark = new Uint8Array(256);
  private present: number[] = [];

  get size(): number { return this.highs.length; }

  /** Writes each row's id into `out[0..n)`; returns the distinct ids of these rows, in first-seen order. */
  encode(col: UInt128Column, n: number, out: Int32Array): number[] {
    const h = i32(col.high), l = i32(col.low);
    const fw = this.frontWords, bid = this.batchId;
    bid.fill(-1);
    this.present = [];
    for (let i = 0; i < n; i++) {
      // The tight loop takes rows whose slot the batch already met; the row that stops it
      // goes through seen() outside the loop (a call inside it made the loop ~1.7x slower).
      for (; i < n; i++) {
        const a = h[2 * i]!, b = h[2 * i + 1]!, c = l[2 * i]!, d = l[2 * i + 1]!;
        const s = (a ^ c) & (FRONT - 1);
        const id = bid[s]!;
        if (!(id >= 0 && fw[4 * s] === a && fw[4 * s + 1] === b && fw[4 * s + 2] === c && fw[4 * s + 3] === d)) break;
        out[i] = id;
      }
      if (i === n) break;
      const a = h[2 * i]!, c = l[2 * i]!;
      out[i] = this.seen(col, i, (a ^ c) & (FRONT - 1), a, h[2 * i + 1]!, c, l[2 * i + 1]!);
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
    this.batchId[s] = id;
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
