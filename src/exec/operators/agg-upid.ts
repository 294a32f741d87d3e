// Group-by on a key that is a function of the upid (df.ctx['service'], upid_to_*(upid)):
// such a key column arrives dictionary-encoded with upid ids as codes (metadata.ts), so rows
// fold straight into per-upid partial states (slots), with no per-row key hashing. Other
// keys must hold one value over the batch (a time bin's run). Each slot merges into its
// group once: when an id's group changes (the bin moves on, a new metadata generation gives
// the id another answer), before a batch that takes the row path, and at the end.
// Results equal the row path's: groups are created in the same order, a group's rows and its
// first row are the same, and every merge is exact (counts, int sums, min/max, first value)
// except that float sums add per upid first, which may change their last bits.

import { DataType, sliceColumn } from '../../types/index.js';
import type { Column, RowBatch } from '../../types/index.js';
import type { AggSpec } from '../../pxl/plan.js';
import { dictionaryOf, runsOf } from '../../pxl/functions/kernel.js';
import type { ExecContext } from '../context.js';
import type { KeyEncoder } from '../keys.js';
import { gather } from '../columns.js';
import { AggregateSet } from './aggregate-set.js';

/** The node's row-keyed aggregation (agg.ts), which receives the merged states. */
export interface RowKeyed {
  readonly keys: KeyEncoder;
  readonly set: AggregateSet;
  update(b: RowBatch): void;
}

/** Pre-aggregation of one agg node whose keys are a function of the upid plus per-batch constants. */
export class UpidKeyedAggregator {
  private slots: AggregateSet | undefined;
  /** Per upid id: the group its slot's rows belong to, or −1 when the slot is empty. */
  private toGroup = new Int32Array(0);
  /** Ids with rows, in first-seen row order (merging in this order keeps `any` exact). */
  private touched: number[] = [];
  /** Slots in use: the largest id seen since the last flush, plus one. */
  private slotCount = 0;
  /** Scratch: the group of each of a batch's dictionary values. */
  private valueGroups = new Int32Array(0);

  constructor(
    private readonly outer: RowKeyed,
    private readonly groups: readonly number[],
    private readonly specs: readonly AggSpec[],
    private readonly ctx: ExecContext,
  ) {}

  /** Folds one batch: per upid when its key columns allow, else on the row path. */
  update(b: RowBatch): void {
    const n = b.numRows;
    if (n === 0) return;
    const cols = this.groups.map((g) => b.columns[g]!);
    const k = cols.findIndex((c) => dictionaryOf(c)?.present !== undefined);
    const dict = k < 0 ? undefined : dictionaryOf(cols[k]!);
    const present = dict?.present;
    if (dict === undefined || dict.map === undefined || present === undefined || !cols.every((c, j) => j === k || runsOf(c)?.length === 1)) {
      this.flush();
      this.outer.update(b);
      return;
    }
    const { map, values } = dict;
    // The batch's groups, one per key value in first-seen row order, next to the other keys'
    // single values: the row path would add them to the encoder in exactly this order.
    const m = values.length;
    const zeros = new Int32Array(m);
    const keyCols: Column[] = cols.map((c, j) => (j === k ? { type: DataType.STRING, data: values } : gather(sliceColumn(c, 0, 1), zeros, m)));
    if (this.valueGroups.length < m) this.valueGroups = new Int32Array(m);
    const valueGroups = this.valueGroups;
    this.outer.keys.encode(keyCols, m, valueGroups);

    let size = this.slotCount;
    for (const id of present) if (id >= size) size = id + 1;
    if (size > this.toGroup.length) {
      const grown = new Int32Array(Math.max(size, this.toGroup.length * 2)).fill(-1);
      grown.set(this.toGroup);
      this.toGroup = grown;
    }
    // A slot only ever holds rows of one group: an id whose group changed closes all slots.
    const toGroup = this.toGroup;
    for (const id of present) {
      const g = toGroup[id]!;
      if (g !== -1 && g !== valueGroups[map[id]!]) { this.flush(); break; }
    }
    for (const id of present) {
      if (toGroup[id] === -1) {
        toGroup[id] = valueGroups[map[id]!]!;
        this.touched.push(id);
      }
    }
    this.slotCount = Math.max(this.slotCount, size);
    const slots = this.slots ??= new AggregateSet(this.specs, this.ctx);
    slots.resize(this.slotCount);
    slots.fold(new Uint32Array(dict.codes.buffer, dict.codes.byteOffset, n), b, n);
  }

  /** Merges every slot into its group and empties them. */
  flush(): void {
    const slots = this.slots;
    if (slots === undefined) return;
    const { keys, set } = this.outer;
    set.resize(keys.size);
    for (const id of this.touched) set.mergeGroup(this.toGroup[id]!, slots, id);
    this.slots = undefined;
    this.touched = [];
    this.toGroup.fill(-1);
    this.slotCount = 0;
  }
}
