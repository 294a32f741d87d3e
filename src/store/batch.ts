// Sealed batches (immutable, what readers get) and the growing batch ingest appends into.
// The growing batch preallocates its columns; rows [0, n) are never rewritten, so a reader
// can be handed views of them while ingest keeps appending past n.

import { DataType, allocColumn, type Column, type Relation, type RowBatch } from '../types/index.js';
import { columnBytes } from './bytes.js';

/** An immutable batch of a table, with its accounted bytes and time range (for pruning). */
export interface StoredBatch extends RowBatch {
  /** Arrival sequence number within the table (monotonic). */
  readonly seq: number;
  readonly bytes: number;
  /** Min and max of `time_` (0n when the table has no time column). */
  readonly minTime: bigint;
  readonly maxTime: bigint;
}

/** Index of the min and max value of time[from, to), compared exactly without BigInt allocation. */
export function timeExtremes(time: BigInt64Array, from: number, to: number): { min: number; max: number } {
  // Read each int64 as (signed high word, unsigned low word); little-endian layout.
  const words = new Int32Array(time.buffer, time.byteOffset, time.length * 2);
  let min = from, max = from;
  let minHi = words[2 * from + 1] as number, minLo = (words[2 * from] as number) >>> 0;
  let maxHi = minHi, maxLo = minLo;
  for (let i = from + 1; i < to; i++) {
    const hi = words[2 * i + 1] as number;
    const lo = (words[2 * i] as number) >>> 0;
    if (hi < minHi || (hi === minHi && lo < minLo)) { min = i; minHi = hi; minLo = lo; }
    if (hi > maxHi || (hi === maxHi && lo > maxLo)) { max = i; maxHi = hi; maxLo = lo; }
  }
  return { min, max };
}

function sliceColumn(c: Column, n: number, copy: boolean, handover: boolean): Column {
  switch (c.type) {
    // Only a final seal may hand over the string array itself (nobody appends to it again).
    case DataType.STRING: return { type: c.type, data: handover && c.data.length === n ? c.data : c.data.slice(0, n) };
    case DataType.UINT128: return copy
      ? { type: c.type, high: c.high.slice(0, n), low: c.low.slice(0, n) }
      : { type: c.type, high: c.high.subarray(0, n), low: c.low.subarray(0, n) };
    case DataType.BOOLEAN: return { type: c.type, data: copy ? c.data.slice(0, n) : c.data.subarray(0, n) };
    case DataType.FLOAT64: return { type: c.type, data: copy ? c.data.slice(0, n) : c.data.subarray(0, n) };
    case DataType.INT64: return { type: c.type, data: copy ? c.data.slice(0, n) : c.data.subarray(0, n) };
    case DataType.TIME64NS: return { type: c.type, data: copy ? c.data.slice(0, n) : c.data.subarray(0, n) };
  }
}

function rangeView(c: Column, from: number, to: number): Column {
  switch (c.type) {
    case DataType.STRING: return { type: c.type, data: c.data.slice(from, to) };
    case DataType.UINT128: return { type: c.type, high: c.high.subarray(from, to), low: c.low.subarray(from, to) };
    case DataType.BOOLEAN: return { type: c.type, data: c.data.subarray(from, to) };
    case DataType.FLOAT64: return { type: c.type, data: c.data.subarray(from, to) };
    case DataType.INT64: return { type: c.type, data: c.data.subarray(from, to) };
    case DataType.TIME64NS: return { type: c.type, data: c.data.subarray(from, to) };
  }
}

export class GrowingBatch {
  readonly capacity: number;
  readonly columns: Column[];
  numRows = 0;
  bytes = 0;
  minTime = 0n;
  maxTime = 0n;
  readonly #timeIndex: number;

  constructor(relation: Relation, capacity: number, timeIndex: number) {
    this.capacity = capacity;
    // String arrays are made at full size once (a large one goes straight to V8's
    // large-object space); growing them by push copied each one several times through
    // the young generation, and prefilling them cost a pass over every slot.
    this.columns = relation.map((c) => (c.type === DataType.STRING ? { type: c.type, data: new Array<string>(capacity) } : allocColumn(c.type, capacity)));
    this.#timeIndex = timeIndex;
  }

  get free(): number { return this.capacity - this.numRows; }

  /** Copies rows [from, to) of `src` (same relation) after the current rows; the caller checks room. */
  append(src: readonly Column[], from: number, to: number): void {
    const at = this.numRows;
    const count = to - from;
    let bytes = 0;
    for (let i = 0; i < this.columns.length; i++) {
      const d = this.columns[i] as Column;
      const s = src[i] as Column;
      switch (d.type) {
        case DataType.STRING: {
          const dd = d.data as string[];
          const sd = (s as typeof d).data;
          let len = 0;
          for (let k = 0; k < count; k++) {
            const v = sd[from + k] as string;
            dd[at + k] = v;
            len += v.length;
          }
          bytes += len + count * 24;
          break;
        }
        case DataType.UINT128: {
          const ss = s as typeof d;
          d.high.set(ss.high.subarray(from, to), at);
          d.low.set(ss.low.subarray(from, to), at);
          bytes += count * 16;
          break;
        }
        case DataType.BOOLEAN:
          d.data.set((s as typeof d).data.subarray(from, to), at);
          bytes += count;
          break;
        case DataType.FLOAT64:
          d.data.set((s as typeof d).data.subarray(from, to), at);
          bytes += count * 8;
          break;
        case DataType.INT64:
        case DataType.TIME64NS:
          d.data.set((s as typeof d).data.subarray(from, to), at);
          bytes += count * 8;
          break;
      }
    }
    if (this.#timeIndex >= 0 && count > 0) {
      const t = (this.columns[this.#timeIndex] as { data: BigInt64Array }).data;
      const { min, max } = timeExtremes(t, at, at + count);
      const lo = t[min] as bigint, hi = t[max] as bigint;
      if (at === 0 || lo < this.minTime) this.minTime = lo;
      if (at === 0 || hi > this.maxTime) this.maxTime = hi;
    }
    this.numRows = at + count;
    this.bytes += bytes;
  }

  /**
   * An immutable view of rows [from, to) for readers while ingest goes on: numeric columns
   * are views (rows below numRows are never rewritten), string arrays are copied for the
   * range only (the growing arrays are longer and still being filled). `bytes` is the
   * range's share of the growing batch's bytes (views are not accounted; see Table).
   */
  view(seq: number, from: number, to: number): StoredBatch {
    const n = to - from;
    let minTime = 0n, maxTime = 0n;
    if (this.#timeIndex >= 0 && n > 0) {
      const t = (this.columns[this.#timeIndex] as { data: BigInt64Array }).data;
      const { min, max } = timeExtremes(t, from, to);
      minTime = t[min] as bigint;
      maxTime = t[max] as bigint;
    }
    return Object.freeze({
      seq, numRows: n, bytes: this.numRows === 0 ? 0 : Math.round((this.bytes * n) / this.numRows), minTime, maxTime,
      columns: Object.freeze(this.columns.map((c) => rangeView(c, from, to))),
    });
  }

  /**
   * An immutable batch of the current rows. With `final`, the growing batch is done:
   * a partly filled one is copied to exact size so unused capacity is not kept alive
   * unaccounted; a full one is shared as is.
   */
  seal(seq: number, final: boolean): StoredBatch {
    const n = this.numRows;
    const copy = final && n < this.capacity;
    return Object.freeze({
      seq, numRows: n, bytes: this.bytes, minTime: this.minTime, maxTime: this.maxTime,
      columns: Object.freeze(this.columns.map((c) => sliceColumn(c, n, copy, final))),
    });
  }
}

/** Wraps a caller-built batch as a stored one (used when adopting whole batches). */
export function storedFrom(seq: number, batch: RowBatch, timeIndex: number): StoredBatch {
  let bytes = 0;
  for (const c of batch.columns) bytes += columnBytes(c, 0, batch.numRows);
  let minTime = 0n, maxTime = 0n;
  if (timeIndex >= 0 && batch.numRows > 0) {
    const t = (batch.columns[timeIndex] as { data: BigInt64Array }).data;
    const { min, max } = timeExtremes(t, 0, batch.numRows);
    minTime = t[min] as bigint;
    maxTime = t[max] as bigint;
  }
  return Object.freeze({ seq, numRows: batch.numRows, bytes, minTime, maxTime, columns: Object.freeze([...batch.columns]) });
}
