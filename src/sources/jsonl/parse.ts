// Turns JSON lines into columnar batches for one table. A line is an object keyed by
// column name; unknown keys are ignored, missing or null columns get the zero value
// (time_ gets the ingest time). A bad line is reported and leaves no trace in the batch.

import type { Relation } from '../../types/index.js';
import { BatchBuilder, type CellValue } from '../../store/index.js';
import { converterFor, zeroValue, type Converter } from './convert.js';

export const MAX_LINE_BYTES = 1024 * 1024;

export class LineParser {
  readonly relation: Relation;
  readonly #names: string[];
  readonly #convert: Converter[];
  readonly #zero: CellValue[];
  readonly #timeIndex: number;
  readonly #now: () => bigint;

  constructor(relation: Relation, now: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {
    this.relation = relation;
    this.#names = relation.map((c) => c.name);
    this.#convert = relation.map(converterFor);
    this.#zero = relation.map((c) => zeroValue(c.type));
    this.#timeIndex = relation.findIndex((c) => c.name === 'time_');
    this.#now = now;
  }

  /** Adds the line as the builder's next row; returns an error text (row not added) when bad. */
  parseInto(line: string, b: BatchBuilder): string | undefined {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      return `invalid JSON: ${(e as Error).message}`;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'expected a JSON object';
    const rec = obj as Record<string, unknown>;
    const r = b.numRows;
    for (let i = 0; i < this.#names.length; i++) {
      const v = Object.hasOwn(rec, this.#names[i]!) ? rec[this.#names[i]!] : undefined;
      if (v === undefined || v === null) {
        b.set(i, r, i === this.#timeIndex ? this.#now() : this.#zero[i]!);
        continue;
      }
      const c = this.#convert[i]!(v);
      if (!c.ok) return c.error;
      b.set(i, r, c.value);
    }
    b.commit();
    return undefined;
  }
}
