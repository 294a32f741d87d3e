// Materialises a stream into one batch (joins and unions need all their input).

import type { Relation, RowBatch } from '../../types/index.js';
import type { ExecContext } from '../context.js';
import { concatBatches, emptyBatch } from '../columns.js';
import type { Stream } from './basic.js';

export async function collect(relation: Relation, input: Stream, ctx: ExecContext): Promise<RowBatch> {
  const batches: RowBatch[] = [];
  for await (const b of input) {
    if (b.numRows > 0) batches.push(b);
    await ctx.scheduler.tick();
  }
  return batches.length === 0 ? emptyBatch(relation) : concatBatches(relation, batches);
}

/** A growable Int32 list (join index pairs). */
export class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
