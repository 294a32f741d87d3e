// Group-by on one key that is a function of the upid (df.ctx['service'], upid_to_*(upid)):
// such a key column arrives dictionary-encoded with upid ids as codes (metadata.ts), so rows
// fold straight into per-upid partial states, with no per-row key hashing. Each upid's
// partial state merges into its key's group once, when the id space ends (a metadata
// generation change, a batch without such a dictionary) or the input does.
// Results equal the row-by-row path's: a group's rows and its first row are the same, and
// every merge is exact (counts, int sums, min/max, first value, histogram buckets) except
// that float sums add per upid first, which may change their last bits.

import { DataType } from '../../types/index.js';
import type { RowBatch } from '../../types/index.js';
import type { AggSpec } from '../../pxl/plan.js';
import { dictionaryOf } from '../../pxl/functions/kernel.js';
import type { ExecContext } from '../context.js';
import type { KeyEncoder } from '../keys.js';
import { AggregateSet } from './aggregate-set.js';

/** The node's row-keyed aggregation (agg.ts), which receives the merged states. */
export interface RowKeyed {
  readonly keys: KeyEncoder;
  readonly set: AggregateSet;
  update(b: RowBatch): void;
}

/** Pre-aggregation of one agg node whose single key is a function of the upid. */
export class UpidKeyedAggregator {
  /** The id space the per-upid states are keyed in (undefined: none open). */
  private space: object | undefined;
  private perId: AggregateSet | undefined;
  /** Per upid id: its key's group id in `outer`, or −1 when no row had the id yet. */
  private toGroup = new Int32Array(0);
  /** Ids with rows, in first-seen row order (merging in this order keeps `any` exact). */
  private touched: number[] = [];
  /** Groups of `perId` in use: the largest id seen in this space, plus one. */
  private perIdSize = 0;
  /** Scratch: the outer group of each of a batch's dictionary values. */
  private valueGroups = new Int32Array(0);

  constructor(
    private readonly outer: RowKeyed,
    private readonly key: number,
    private readonly specs: readonly AggSpec[],
    private readonly ctx: ExecContext,
  ) {}

  /** Folds one batch: per upid when its key column allows, else on the outer (row-keyed) path. */
  update(b: RowBatch): void {
    const n = b.numRows;
    if (n === 0) return;
    const dict = dictionaryOf(b.columns[this.key]!);
    const shared = dict?.shared;
    if (dict === undefined || shared === undefined || dict.map === undefined) {
      this.flush();
      this.outer.update(b);
      return;
    }
    if (shared.space !== this.space) {
      this.flush();
      this.space = shared.space;
      this.perId = new AggregateSet(this.specs, this.ctx);
    }
    // The batch's key values enter the outer encoder in first-seen row order, exactly as the
    // row-keyed path would add them, so groups come out in the same order.
    const values = dict.values;
    if (this.valueGroups.length < values.length) this.valueGroups = new Int32Array(values.length);
    this.outer.keys.encode([{ type: DataType.STRING, data: values }], values.length, this.valueGroups);
    let size = this.perIdSize;
    for (const id of shared.present) {
      if (id >= size) size = id + 1;
    }
    if (size > this.toGroup.length) {
      const grown = new Int32Array(Math.max(size, this.toGroup.length * 2)).fill(-1);
      grown.set(this.toGroup);
      this.toGroup = grown;
    }
    for (const id of shared.present) {
      if (this.toGroup[id] === -1) {
        this.toGroup[id] = this.valueGroups[dict.map[id]!]!;
        this.touched.push(id);
      }
    }
    this.perIdSize = size;
    const perId = this.perId!;
    perId.resize(size);
    perId.fold(new Uint32Array(dict.codes.buffer, dict.codes.byteOffset, n), b, n);
  }

  /** Merges every per-upid state into its key's group and closes the id space. */
  flush(): void {
    const perId = this.perId;
    if (perId === undefined) return;
    const { keys, set } = this.outer;
    set.resize(keys.size);
    for (const id of this.touched) set.mergeGroup(this.toGroup[id]!, perId, id);
    this.space = undefined;
    this.perId = undefined;
    this.touched = [];
    this.toGroup.fill(-1);
    this.perIdSize = 0;
  }
}
