// Per-compilation state: the script, the function registry, the table catalog, limits,
// the plan nodes built so far and the result sinks requested so far.

import type { Relation } from '../../types/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanNode } from '../plan.js';
import { PxlError, type PxlErrorCode } from '../errors.js';
import type { Source } from '../source.js';
import type { DataFrameValue } from './values.js';

/** The tables a script may read: name → relation. The engine passes the store's schemas; tests pass fixtures. */
export interface Catalog {
  relation(table: string): Relation | undefined;
  tableNames(): Iterable<string>;
}

/** A catalog over a fixed Map of relations. */
export function mapCatalog(tables: ReadonlyMap<string, Relation>): Catalog {
  return { relation: (t) => tables.get(t), tableNames: () => tables.keys() };
}

export interface CompileLimits {
  /** Script size in characters (default 1,000,000). */
  readonly maxScriptChars?: number;
  /** Tokens per script (default 200,000). */
  readonly maxTokens?: number;
  /** Bracket/block/expression nesting (default 100). */
  readonly maxNesting?: number;
  /** Nested user-function calls (default 64). */
  readonly maxCallDepth?: number;
  /** Evaluation steps (expressions evaluated, including inside calls; default 1,000,000). */
  readonly maxSteps?: number;
  /** Plan nodes (default 10,000). */
  readonly maxPlanNodes?: number;
  /** Columns in one DataFrame (default 1,000). */
  readonly maxColumns?: number;
  /** Length of a string built at compile time (default 1,000,000). */
  readonly maxStringChars?: number;
  /** Rows per result table unless the script sets max_output_rows_per_table (default 10,000). */
  readonly defaultResultRows?: number;
  /** Highest max_output_rows_per_table a script may set (default 1,000,000). */
  readonly maxResultRows?: number;
}

export type ResolvedLimits = Required<CompileLimits>;

/** The limits used when an option is not given (what the agent's flags default to). */
export const DEFAULT_COMPILE_LIMITS: ResolvedLimits = Object.freeze(resolveLimits());

export function resolveLimits(l: CompileLimits = {}): ResolvedLimits {
  return {
    maxScriptChars: l.maxScriptChars ?? 1_000_000,
    maxTokens: l.maxTokens ?? 200_000,
    maxNesting: l.maxNesting ?? 100,
    maxCallDepth: l.maxCallDepth ?? 64,
    maxSteps: l.maxSteps ?? 1_000_000,
    maxPlanNodes: l.maxPlanNodes ?? 10_000,
    maxColumns: l.maxColumns ?? 1_000,
    maxStringChars: l.maxStringChars ?? 1_000_000,
    defaultResultRows: l.defaultResultRows ?? 10_000,
    maxResultRows: l.maxResultRows ?? 1_000_000,
  };
}

/** A result table requested by px.display / px.debug or by an exec func. */
export interface SinkRequest {
  readonly df: DataFrameValue;
  /** The requested name; made unique when the plan is finished. */
  readonly name: string;
  /** Exec-func outputs keep their exact names; others move aside on a collision. */
  readonly fixed: boolean;
}

export class CompileContext {
  readonly nodes: PlanNode[] = [];
  readonly sinks: SinkRequest[] = [];
  /** px.display is a no-op when exec funcs are given (b.4). */
  displayIsNoop = false;
  private steps = 0;
  callDepth = 0;

  constructor(
    /** The script being evaluated; switched while a library function (pxviews) runs. */
    public source: Source,
    readonly registry: FunctionRegistry,
    readonly catalog: Catalog,
    readonly limits: ResolvedLimits,
    now: bigint,
  ) {
    this.#now = now;
  }

  readonly #now: bigint;
  #readNow = false;

  /** Query start time, ns since the epoch (px.now(), relative times). */
  get now(): bigint {
    this.#readNow = true;
    return this.#now;
  }

  /** Whether the plan depends on the query's start time (then it cannot be reused). */
  get readNow(): boolean {
    return this.#readNow;
  }

  error(code: PxlErrorCode, message: string, at: number): PxlError {
    return new PxlError(code, message, this.source, at);
  }

  /** Counts one evaluation step; bounds the total work of a compile. */
  tick(at: number): void {
    if (++this.steps > this.limits.maxSteps) {
      throw this.error('ERR_PXL_LIMIT', `script needs more than the limit of ${this.limits.maxSteps} evaluation steps`, at);
    }
  }

  /** Adds a plan node; returns it with its id. */
  addNode<N extends PlanNode>(node: Omit<N, 'id'>, at: number): N {
    if (this.nodes.length >= this.limits.maxPlanNodes) {
      throw this.error('ERR_PXL_LIMIT', `plan has more than the limit of ${this.limits.maxPlanNodes} operators`, at);
    }
    const full = { ...node, id: this.nodes.length } as N;
    this.nodes.push(full);
    return full;
  }

  /** Runs `fn` with errors positioned in `source`. */
  withSource<T>(source: Source, fn: () => T): T {
    const saved = this.source;
    this.source = source;
    try {
      return fn();
    } finally {
      this.source = saved;
    }
  }

  /** Bounds the width of a relation a node would produce. */
  checkWidth(columns: number, at: number): void {
    if (columns > this.limits.maxColumns) {
      throw this.error('ERR_PXL_LIMIT', `DataFrame has more than the limit of ${this.limits.maxColumns} columns`, at);
    }
  }

  dataframe(node: PlanNode): DataFrameValue {
    return { kind: 'dataframe', node: node.id, relation: node.relation };
  }
}
