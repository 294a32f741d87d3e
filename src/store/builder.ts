// Builds a columnar RowBatch from values pushed one column cell at a time, for sources
// that produce rows (jsonl, procfs). The per-type setters are picked by the caller once
// per column; no per-row objects are made.

import { DataType, allocColumn, sliceColumn, type Column, type Relation, type RowBatch } from '../types/index.js';

/** A value of one cell when building from rows: UINT128 as {high, low}. */
export type CellValue = boolean | number | bigint | string | { readonly high: bigint; readonly low: bigint };

export class BatchBuilder {
  readonly relation: Relation;
  readonly capacity: number;
  #cols: Column[];
  #n = 0;

  constructor(relation: Relation, capacity: number) {
    this.relation = relation;
    this.capacity = capacity;
    this.#cols = relation.map((c) => allocColumn(c.type, capacity));
  }

  get numRows(): number { return this.#n; }
  get full(): boolean { return this.#n >= this.capacity; }

  /** Appends one row; values in relation order, already of the column's JS type. */
  push(row: readonly CellValue[]): void {
    const r = this.#n;
    for (let i = 0; i < this.#cols.length; i++) this.set(i, r, row[i] as CellValue);
    this.#n = r + 1;
  }

  /** Writes cell (column i, row r) without advancing; call `commit()` after a full row. */
  set(i: number, r: number, v: CellValue): void {
    const c = this.#cols[i] as Column;
    switch (c.type) {
      case DataType.BOOLEAN: c.data[r] = v ? 1 : 0; break;
      case DataType.INT64:
      case DataType.TIME64NS: c.data[r] = typeof v === 'bigint' ? v : BigInt(v as number); break;
      case DataType.FLOAT64: c.data[r] = Number(v); break;
      case DataType.STRING: (c.data as string[])[r] = String(v); break;
      case DataType.UINT128: {
        const u = v as { high: bigint; low: bigint };
        c.high[r] = u.high;
        c.low[r] = u.low;
        break;
      }
    }
  }

  /** Marks the row written with `set` as complete. */
  commit(): void { this.#n++; }

  /** The batch of the rows pushed so far; the builder starts empty again. */
  finish(): RowBatch {
    const n = this.#n;
    const columns = this.#cols.map((c) => sliceColumn(c, 0, n));
    this.#cols = this.relation.map((c) => allocColumn(c.type, this.capacity));
    this.#n = 0;
    return { numRows: n, columns };
  }
}
