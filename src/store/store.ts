// The table store: the 19 PEM tables plus user-declared ones, each with a byte budget.
// Budgets follow the original agent: http_events gets a percentage of the total limit,
// the rest is split evenly across every other table (re-split when a table is declared).

import type { Relation, RowBatch } from '../types/index.js';
import { BUILTIN_TABLES, type TableSchema } from './schemas.js';
import { Table, type TableSnapshot, type TableStats, type TimeRange } from './table.js';
import { BatchBuilder, type CellValue } from './builder.js';
import { StoreError } from './errors.js';

export interface StoreOptions {
  /** Total budget in MiB (--table_store_data_limit). */
  readonly dataLimitMiB: number;
  /** Share of http_events in percent (--table_store_http_events_percent). */
  readonly httpEventsPercent: number;
  /** Rows per sealed batch at most (tests use small values). */
  readonly sealRows?: number;
}

const HTTP_EVENTS = 'http_events';
const MIB = 1024 * 1024;

export class TableStore {
  readonly #tables = new Map<string, Table>();
  readonly #totalBytes: number;
  readonly #httpPercent: number;
  readonly #sealRows: number | undefined;

  constructor(opts: StoreOptions) {
    this.#totalBytes = opts.dataLimitMiB * MIB;
    this.#httpPercent = opts.httpEventsPercent;
    this.#sealRows = opts.sealRows;
    for (const schema of BUILTIN_TABLES) this.#tables.set(schema.name, new Table(schema, 0, this.#sealRows));
    this.#rebudget();
  }

  /** Total byte budget over all tables. */
  get limitBytes(): number { return this.#totalBytes; }

  /** Adds a user table; declaring the same relation again is a no-op, a different one an error. */
  declareTable(schema: TableSchema): void {
    const existing = this.#tables.get(schema.name);
    if (existing) {
      if (sameRelation(existing.relation, schema.relation)) return;
      throw new StoreError('ERR_STORE_TABLE_EXISTS', `table ${schema.name} already exists with different columns`, schema.name);
    }
    this.#tables.set(schema.name, new Table(schema, 0, this.#sealRows));
    this.#rebudget();
  }

  hasTable(name: string): boolean { return this.#tables.has(name); }

  /** The relation of a table, or undefined. */
  relation(name: string): Relation | undefined { return this.#tables.get(name)?.relation; }

  /** The schema (with description) of a table, or undefined. */
  schema(name: string): TableSchema | undefined { return this.#tables.get(name)?.schema; }

  /** All table names: built-ins in reference order, then user tables in declaration order. */
  tableNames(): string[] { return [...this.#tables.keys()]; }

  /** Copies a columnar batch into `table`. */
  append(table: string, batch: RowBatch): void {
    this.#table(table).append(batch);
  }

  /** Hands a whole batch to `table` without copying; the caller must not reuse its arrays. */
  adopt(table: string, batch: RowBatch): void {
    this.#table(table).adopt(batch);
  }

  /** Appends rows given as value arrays in relation order. */
  appendRows(table: string, rows: readonly (readonly CellValue[])[]): void {
    const t = this.#table(table);
    const b = new BatchBuilder(t.relation, rows.length);
    for (const r of rows) b.push(r);
    t.append(b.finish());
  }

  /** What a query reads: the batches that may hold rows in the time range, and the relation. */
  snapshot(table: string, range: TimeRange = {}): TableSnapshot {
    return this.#table(table).snapshot(range);
  }

  /** Per-table counters and current sizes. */
  stats(): TableStats[] {
    return [...this.#tables.values()].map((t) => t.stats());
  }

  #table(name: string): Table {
    const t = this.#tables.get(name);
    if (!t) throw new StoreError('ERR_STORE_UNKNOWN_TABLE', `unknown table ${JSON.stringify(name)}`, name);
    return t;
  }

  #rebudget(): void {
    const http = Math.floor(this.#totalBytes * this.#httpPercent / 100);
    const others = this.#tables.size - (this.#tables.has(HTTP_EVENTS) ? 1 : 0);
    const each = others > 0 ? Math.floor((this.#totalBytes - http) / others) : 0;
    for (const t of this.#tables.values()) t.setBudget(t.name === HTTP_EVENTS ? http : each);
  }
}

function sameRelation(a: Relation, b: Relation): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}
