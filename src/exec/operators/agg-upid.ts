// Group-by on a key that is a function of the upid (df.ctx['service'], upid_to_*(upid)):
// such a key column arrives dictionary-encoded with upid ids as codes (metadata.ts), so rows
// fold straight into per-upid partial states (slots), with no per-row key hashing. Other
// keys must come in a few recorded runs over the batch (time bins over time-ordered rows):
// each run is folded as a sub-batch. Each slot merges into its group once: when an id's
// group changes (the bin moves on, a new metadata generation gives the id another answer),
// before a batch that takes the row path, and at the end.
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

/**
 * Runs × ids per row of the batch above which a batch takes the row path: each run costs
 * work per id (listing its ids, encoding their keys, merging the slots when the bin moves
 * on, each merge far dearer than a row's fold), which pays off only for long runs.
 */
const ROWS_PER_RUN_ID = 64;

/** The node's row-keyed aggregation (agg.ts), which receives the merged states. */
export interface RowKeyed {
  readonly keys: KeyEncoder;
  readonly set: AggregateSet;
  update(b: RowBatch): void;
}

/** The runs of a batch whose other keys are all constant. */
const ONE_RUN = Int32Array.of(0);

/**
 * Start rows of runs over which every key column but the k-th holds one value (the union
 * of their recorded runs), or undefined when one of them has no recorded runs.
 */
function runStartsBesides(cols: readonly Column[], k: number): Int32Array | undefined {
  let starts: Int32Array = ONE_RUN;
  for (let j = 0; j < cols.length; j++) {
    if (j === k) continue;
    const r = runsOf(cols[j]!);
    if (r === undefined) return undefined;
    starts = starts.length === 1 ? r : r.length === 1 ? starts : union(starts, r);
  }
  return starts;
}

/** The sorted union of two ascending arrays. */
function union(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = j === b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return Int32Array.from(out);
}

/** Pre-aggregation of one agg node whose keys are a function of the upid plus keys in long runs. */
export class UpidKeyedAggregator {
  private slots: AggregateSet | undefined;
  /** Per upid id: the group its slot's rows belong to, or −1 when the slot is empty. */
  private toGroup = new Int32Array(0);
  /** Ids with rows, in first-seen row order (merging in this order keeps `any` exact). */
  private touched: number[] = [];
  /** Slots in use: the largest id seen since the last flush, plus one. */
  private slotCount = 0;
  /** Scratch: the group of each of a run's key values. */
  private valueGroups = new Int32Array(0);
  /** Scratch: per dictionary value of the batch, its index among the run's values, or −1. */
  private localOf = new Int32Array(0);
  /** Scratch: per upid id, 1 while idsOf has met it in the current run. */
  private seen = new Uint8Array(0);

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
    const starts = k < 0 ? undefined : runStartsBesides(cols, k);
    if (dict === undefined || dict.map === undefined || present === undefined || starts === undefined || starts.length * present.length * ROWS_PER_RUN_ID > n) {
      this.flush();
      this.outer.update(b);
      return;
    }
    let size = this.slotCount;
    for (const id of present) if (id >= size) size = id + 1;
    if (size > this.toGroup.length) {
      const grown = new Int32Array(Math.max(size, this.toGroup.length * 2)).fill(-1);
      grown.set(this.toGroup);
      this.toGroup = grown;
    }
    const { codes16, presentRows } = dict;
    if (starts.length === 1 && codes16 !== undefined && presentRows !== undefined) {
      // One run over the whole batch with kept ids: the aggregates read the 16-bit ids and
      // take the rows per id instead of counting (AggregateSet.foldCounted); 32-bit codes
      // are made only for an aggregate that needs them.
      const wide = (): Uint32Array => new Uint32Array(dict.codes.buffer, dict.codes.byteOffset, n);
      this.foldRun(cols, k, dict.map, dict.values, present, (slots) => slots.foldCounted(codes16, wide, b, n, present, presentRows));
      return;
    }
    const codes = new Uint32Array(dict.codes.buffer, dict.codes.byteOffset, n);
    if (starts.length === 1) {
      this.foldRun(cols, k, dict.map, dict.values, present, (slots) => slots.fold(codes, b, n, 0));
      return;
    }
    // Several runs (time-ordered rows crossing bin boundaries): each run is a sub-batch
    // with its own ids, listed in first-seen row order as the row path would meet them.
    if (this.seen.length < size) this.seen = new Uint8Array(Math.max(size, this.seen.length * 2));
    for (let r = 0; r < starts.length; r++) {
      const s = starts[r]!, e = r + 1 < starts.length ? starts[r + 1]! : n;
      this.foldRun(cols, k, dict.map, dict.values, this.idsOf(codes, s, e, present.length), (slots) => slots.fold(codes.subarray(s, e), b, e - s, s), s);
    }
  }

  /**
   * The distinct ids of rows [s, e), in first-seen order. The scan stops once it has met
   * all `total` ids of the batch: with many rows per id, after a small prefix of the run.
   */
  private idsOf(codes: Uint32Array, s: number, e: number, total: number): number[] {
    const seen = this.seen, ids: number[] = [];
    for (let i = s; i < e && ids.length < total; i++) {
      const id = codes[i]!;
      if (seen[id] === 0) { seen[id] = 1; ids.push(id); }
    }
    for (const id of ids) seen[id] = 0;
    return ids;
  }

  /**
   * Folds the run of rows starting at row `s`, over which every key but the k-th holds one
   * value, into the slots of `ids` (the run's distinct upid ids in first-seen order): sets up
   * the slots' groups, then `fold` folds the rows into the slots.
   */
  private foldRun(
    cols: readonly Column[], k: number, map: Int32Array, values: readonly string[], ids: readonly number[],
    fold: (slots: AggregateSet) => void, s = 0,
  ): void {
    // The run's groups, one per key value in first-seen row order, next to the other keys'
    // single values: the row path would add them to the encoder in exactly this order.
    if (this.localOf.length < values.length) this.localOf = new Int32Array(Math.max(values.length, this.localOf.length * 2));
    const localOf = this.localOf.fill(-1, 0, values.length);
    const runValues: string[] = [];
    for (const id of ids) {
      const v = map[id]!;
      if (localOf[v] === -1) { localOf[v] = runValues.length; runValues.push(values[v]!); }
    }
    const m = runValues.length;
    const zeros = new Int32Array(m);
    const keyCols: Column[] = cols.map((c, j) => (j === k ? { type: DataType.STRING, data: runValues } : gather(sliceColumn(c, s, s + 1), zeros, m)));
    if (this.valueGroups.length < m) this.valueGroups = new Int32Array(m);
    const valueGroups = this.valueGroups;
    this.outer.keys.encode(keyCols, m, valueGroups);

    // A slot only ever holds rows of one group: an id whose group changed closes all slots.
    const toGroup = this.toGroup;
    for (const id of ids) {
      const g = toGroup[id]!;
      if (g !== -1 && g !== valueGroups[localOf[map[id]!]!]) { this.flush(); break; }
    }
    let size = this.slotCount;
    for (const id of ids) {
      if (toGroup[id] === -1) {
        toGroup[id] = valueGroups[localOf[map[id]!]!]!;
        this.touched.push(id);
      }
      if (id >= size) size = id + 1;
    }
    this.slotCount = size;
    const slots = this.slots ??= new AggregateSet(this.specs, this.ctx);
    slots.resize(size);
    fold(slots);
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
