// Sealed batches (immutable, what readers get) and the growing batch ingest appends into.
// The growing batch preallocates its columns; rows [0, n) are never rewritten, so a reader
// can be handed views of them while ingest keeps appending past n.

import { DataType, allocColumnToFill, sliceColumn, type Column, type Relation, type RowBatch } from '../types/index.js';
import { STRING_VALUE_OVERHEAD, columnBytes, fixedWidth } from './bytes.js';

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
function timeExtremes(time: BigInt64Array, from: number, to: number): { min: number; max: number } {
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

/** Min and max of `time_` over rows [from, to) (0n, 0n without a time column or rows). */
function timeBounds(columns: readonly Column[], timeIndex: number, from: number, to: number): { minTime: bigint; maxTime: bigint } {
  if (timeIndex < 0 || to <= from) return { minTime: 0n, maxTime: 0n };
  const t = (columns[timeIndex] as { data: BigInt64Array }).data;
  const { min, max } = timeExtremes(t, from, to);
  return { minTime: t[min] as bigint, maxTime: t[max] as bigint };
}

/** Rows [0, n) of a column copied into arrays of exactly n values. */
function copyHead(c: Column, n: number): Column {
  switch (c.type) {
    case DataType.STRING: return { type: c.type, data: c.data.slice(0, n) };
    case DataType.UINT128: return { type: c.type, high: c.high.slice(0, n), low: c.low.slice(0, n) };
    case DataType.BOOLEAN: return { type: c.type, data: c.data.slice(0, n) };
    case DataType.FLOAT64: return { type: c.type, data: c.data.slice(0, n) };
    case DataType.INT64: return { type: c.type, data: c.data.slice(0, n) };
    case DataType.TIME64NS: return { type: c.type, data: c.data.slice(0, n) };
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
    this.columns = relation.map((c) => allocColumnToFill(c.type, capacity));
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
          // Accounted as bytes.ts's stringBytes, summed in the copy loop (one pass).
          bytes += len + count * STRING_VALUE_OVERHEAD;
          break;
        }
        case DataType.UINT128: {
          const ss = s as typeof d;
          d.high.set(ss.high.subarray(from, to), at);
          d.low.set(ss.low.subarray(from, to), at);
          bytes += count * fixedWidth(d.type);
          break;
        }
        case DataType.BOOLEAN:
        case DataType.FLOAT64:
          d.data.set((s as typeof d).data.subarray(from, to), at);
          bytes += count * fixedWidth(d.type);
          break;
        case DataType.INT64:
        case DataType.TIME64NS:
          d.data.set((s as typeof d).data.subarray(from, to), at);
          bytes += count * fixedWidth(d.type);
          break;
      }
    }
    if (this.#timeIndex >= 0 && count > 0) {
      const { minTime, maxTime } = timeBounds(this.columns, this.#timeIndex, at, at + count);
      if (at === 0 || minTime < this.minTime) this.minTime = minTime;
      if (at === 0 || maxTime > this.maxTime) this.maxTime = maxTime;
    }
    this.numRows = at + count;
    this.bytes += bytes;
  }

  /**
   * An immutable view of rows [from, to) for readers while ingest goes on: numeric columns
   * are views (rows below numRows are never rewritten), string arrays are copied for the
   * range only (the growing arrays are longer and still being filled; a full batch is
   * sealed before anyone can view it). `bytes` is the range's share of the growing batch's
   * bytes (views are not accounted; see Table).
   */
  view(seq: number, from: number, to: number): StoredBatch {
    const n = to - from;
    return Object.freeze({
      seq, numRows: n, bytes: this.numRows === 0 ? 0 : Math.round((this.bytes * n) / this.numRows),
      ...timeBounds(this.columns, this.#timeIndex, from, to),
      columns: Object.freeze(this.columns.map((c) => sliceColumn(c, from, to))),
    });
  }

  /**
   * The growing batch as an immutable batch, once it is done: a full one is shared as is,
   * a partly filled one is copied to exact size so unused capacity is not kept alive
   * unaccounted.
   */
  seal(seq: number): StoredBatch {
    const n = this.numRows;
    const full = n === this.capacity;
    return Object.freeze({
      seq, numRows: n, bytes: this.bytes, minTime: this.minTime, maxTime: this.maxTime,
      columns: Object.freeze(this.columns.map((c) => (full ? c : copyHead(c, n)))),
    });
  }
}

/** Wraps a caller-built batch as a stored one (used when adopting whole batches). */
export function storedFrom(seq: number, batch: RowBatch, timeIndex: number): StoredBatch {
  let bytes = 0;
  for (const c of batch.columns) bytes += columnBytes(c, 0, batch.numRows);
  return Object.freeze({
    seq, numRows: batch.numRows, bytes, ...timeBounds(batch.columns, timeIndex, 0, batch.numRows),
    columns: Object.freeze([...batch.columns]),
  });
}
