// The logical plan: what the compiler produces and the executor runs. A plan is a DAG of
// plain-object nodes (serialisable except for bigint fields), each carrying the typed
// relation it outputs. Expressions reference columns of the node's *first* input by index.

import type { DataType, SemanticType, Relation } from '../types/index.js';

// ---------------------------------------------------------------------------------------
// Expressions

/** A literal's value, by data type: BOOLEAN boolean, INT64/TIME64NS bigint (exact),
 *  FLOAT64 number, STRING string, UINT128 {high, low}. */
export type LiteralValue = boolean | bigint | number | string | Uint128Value;

export interface Uint128Value {
  readonly high: bigint;
  readonly low: bigint;
}

interface ExprBase {
  readonly type: DataType;
  readonly semanticType: SemanticType;
}

/** A column of the input relation, by position (the name is informative, for errors and dumps). */
export interface ColumnExpr extends ExprBase {
  readonly kind: 'column';
  readonly index: number;
  readonly name: string;
}

/** A constant broadcast to every row. Its `type` decides how `value` is read. */
export interface LiteralExpr extends ExprBase {
  readonly kind: 'literal';
  readonly value: LiteralValue;
}

/**
 * A call of a registered scalar function. `fn` is the resolved overload id from the
 * function registry (`ScalarOverload.id`, e.g. `add(INT64,INT64)`), so the executor needs
 * no second overload resolution; `name` is the PxL-visible name for messages.
 */
export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  readonly fn: string;
  readonly name: string;
  readonly args: readonly Expr[];
}

export type Expr = ColumnExpr | LiteralExpr | CallExpr;

// ---------------------------------------------------------------------------------------
// Nodes

/**
 * A time bound on a source. `absolute` is ns since the epoch; `relative` is an offset in ns
 * from the query's start time (`'-5m'` → -300000000000n), resolved when execution starts.
 */
export type TimeBound =
  | { readonly kind: 'absolute'; readonly ns: bigint }
  | { readonly kind: 'relative'; readonly offsetNs: bigint };

interface NodeBase {
  /** Unique within the plan. */
  readonly id: number;
  /** Ids of the nodes whose output this node consumes, in argument order. */
  readonly inputs: readonly number[];
  /** The columns this node outputs, with data and semantic types. */
  readonly relation: Relation;
}

/** Scans a table. `columns` are the (pruned) columns to read, in output order. */
export interface SourceNode extends NodeBase {
  readonly kind: 'source';
  readonly table: string;
  readonly columns: readonly string[];
  /** Inclusive lower bound on `time_`; unset means unbounded. */
  readonly startTime?: TimeBound;
  /** Exclusive-at-query-start upper bound on `time_`; unset means "data present when the query started". */
  readonly endTime?: TimeBound;
}

/**
 * A table-generating function (px.GetSchemas(), px.GetAgentStatus(), ...): `fn` names a
 * UDTF of src/pxl/functions/udtf.ts, `args` holds every parameter (defaults filled in).
 */
export interface UdtfNode extends NodeBase {
  readonly kind: 'udtf';
  readonly fn: string;
  readonly args: Readonly<Record<string, LiteralValue>>;
}

/** Computes one output column per expression; the output relation is exactly `exprs`.
 *  (`df.x = e` compiles to column refs for every kept input column plus `e` at the end.) */
export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly exprs: readonly { readonly name: string; readonly expr: Expr }[];
}

/** Keeps the rows where the BOOLEAN `predicate` is true; relation equals the input's. */
export interface FilterNode extends NodeBase {
  readonly kind: 'filter';
  readonly predicate: Expr;
}

/** One aggregate output: `fn` is the registry's aggregate overload id; `args` are input column indices. */
export interface AggSpec {
  readonly name: string;
  readonly fn: string;
  readonly args: readonly number[];
}

/** Hash group-by. Output: the group columns (in `groups` order) then the aggregates.
 *  With no groups, outputs exactly one row even on empty input. */
export interface AggNode extends NodeBase {
  readonly kind: 'agg';
  /** Input column indices of the group keys. */
  readonly groups: readonly number[];
  readonly aggs: readonly AggSpec[];
}

/** First `n` rows in arrival order. */
export interface HeadNode extends NodeBase {
  readonly kind: 'head';
  readonly n: number;
}

export type JoinType = 'inner' | 'left' | 'right' | 'outer';

/**
 * Equi-join of inputs[0] (left) and inputs[1] (right). `leftOn`/`rightOn` are column
 * indices of equal length and equal data types; both empty means a cross join.
 * Output: every left column then every right column (names already suffixed by the
 * compiler in `relation`). Unmatched sides are filled with zero values.
 */
export interface MergeNode extends NodeBase {
  readonly kind: 'merge';
  readonly how: JoinType;
  readonly leftOn: readonly number[];
  readonly rightOn: readonly number[];
}

/**
 * Union of all inputs. `columnMaps[k][i]` is the column of input k that feeds output column i
 * (the receiver, input 0, normally uses the identity). When the relation has `time_`,
 * inputs are merged in time order.
 */
export interface AppendNode extends NodeBase {
  readonly kind: 'append';
  readonly columnMaps: readonly (readonly number[])[];
}

/** Keeps the listed input columns, in the listed order (also used for `drop`). */
export interface ProjectNode extends NodeBase {
  readonly kind: 'project';
  readonly columns: readonly number[];
}

/** Removes the listed input columns by name; the rest keep their order. */
export interface DropNode extends NodeBase {
  readonly kind: 'drop';
  readonly columns: readonly string[];
}

/** A result table. Sinks appear in `Plan.sinks` in the order the script declares them. */
export interface SinkNode extends NodeBase {
  readonly kind: 'sink';
  readonly tableName: string;
  /** Cap on rows written (max_output_rows_per_table, default 10000); unset means uncapped. */
  readonly maxRows?: number;
}

export type PlanNode =
  | SourceNode
  | UdtfNode
  | MapNode
  | FilterNode
  | AggNode
  | HeadNode
  | MergeNode
  | AppendNode
  | ProjectNode
  | DropNode
  | SinkNode;

/** A whole query: its nodes (any order; inputs reference ids) and its sink ids in output order. */
export interface Plan {
  readonly nodes: readonly PlanNode[];
  readonly sinks: readonly number[];
}

/** Pixie's default max_output_rows_per_table. */
export const DEFAULT_MAX_OUTPUT_ROWS = 10000;

/**
 * Freezes plain objects and arrays reachable from `v` (typed arrays cannot be frozen): a plan
 * the compiler reuses, and its pruned form, must not be changed by any query.
 */
export function freezeDeep<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v) || ArrayBuffer.isView(v)) return v;
  Object.freeze(v);
  for (const x of Object.values(v)) freezeDeep(x);
  return v;
}
