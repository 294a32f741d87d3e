// What the engine derives from a stored column and keeps between queries (upid-id-cache.ts,
// src/exec/key-dict-cache.ts): entries keyed by the column object (stored batches never
// change), made from a column's second sighting on (a filter's gathered copy, a new object
// per query, is met once and never displaces a stored column's entry), bounded in bytes,
// least recently used first out. Entries of columns that died stay until evicted; the limit
// bounds them too.

/** The asker of a sighting that names no query. */
const ANY_QUERY = {};

interface Slot<E> {
  /** Undefined once evicted (the column then counts as sighted). */
  entry: E | undefined;
  readonly bytes: number;
}

export class ColumnCache<E> {
  private readonly byColumn = new WeakMap<object, Slot<E>>();
  /** Columns met once and not (yet) given an entry, with the query that met them. */
  private readonly sighted = new WeakMap<object, object>();
  /** Live slots, least recently used first (a Set iterates in insertion order). */
  private readonly order = new Set<Slot<E>>();
  private held = 0;

  constructor(readonly limit: number) {}

  /** Bytes of the live entries. */
  get bytes(): number { return this.held; }

  /** The entry of `col` when it is live and `valid`; it becomes the most recently used. */
  get(col: object, valid: (e: E) => boolean): E | undefined {
    const slot = this.byColumn.get(col);
    if (slot?.entry === undefined || !valid(slot.entry)) return undefined;
    this.order.delete(slot);
    this.order.add(slot);
    return slot.entry;
  }

  /**
   * Whether an entry for `col` should be made now: not the first time the column is met
   * (it is remembered instead), from then on yes (also after an eviction or when its entry
   * no longer answers). `by`: the query asking; a second sighting by the same query does not
   * count (a column a query slices for itself is met by several of its operators and never
   * again).
   */
  wants(col: object, by: object = ANY_QUERY): boolean {
    if (this.byColumn.has(col)) return true;
    const first = this.sighted.get(col);
    if (first !== undefined && (first !== by || by === ANY_QUERY)) return true;
    this.sighted.set(col, by);
    return false;
  }

  /** Whether `col` had an entry that was evicted (or replaced by none since). */
  evicted(col: object): boolean {
    const slot = this.byColumn.get(col);
    return slot !== undefined && slot.entry === undefined;
  }

  /** Keeps `entry` (`bytes` large) for `col` in place of its old one; one larger than the limit is not kept. */
  keep(col: object, entry: E, bytes: number): void {
    if (bytes > this.limit) return;
    const old = this.byColumn.get(col);
    if (old !== undefined) this.drop(old);
    const slot: Slot<E> = { entry, bytes };
    this.byColumn.set(col, slot);
    this.order.add(slot);
    this.held += bytes;
    for (const first of this.order) {
      if (this.held <= this.limit) break;
      this.drop(first);
    }
  }

  private drop(slot: Slot<E>): void {
    if (!this.order.delete(slot)) return;
    this.held -= slot.bytes;
    slot.entry = undefined;
  }
}
