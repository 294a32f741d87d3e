// The function registry: every PxL scalar function (UDF) and aggregate (UDA) the engine
// knows, with overloads resolved by argument data types. The compiler resolves a call once
// (name + arg types → overload id) and the executor looks the overload up by id.

import type { Column, DataType, SemanticType } from '../../types/index.js';
import { dataTypeName } from '../../types/index.js';
import type { LiteralValue } from '../plan.js';
import type { MetadataState } from '../../metadata/api.js';
import type { BufferPool } from './buffers.js';

/** A kernel argument: a whole column, or a constant broadcast to every row. */
export type Arg =
  | { readonly kind: 'column'; readonly column: Column }
  | { readonly kind: 'const'; readonly type: DataType; readonly value: LiteralValue };

/** What functions may read besides their arguments. */
export interface FunctionContext {
  /** Metadata lookups for the metadata UDFs (`upid_to_pod_name`, `df.ctx[...]`, ...). */
  readonly metadata: MetadataState;
  /** Host name of the executing agent (`px._exec_hostname`). */
  readonly hostname: string;
  /** CPU count of the executing host (`px._exec_host_num_cpus`). */
  readonly numCpus: number;
  /**
   * Output buffers to recycle between batches (buffers.ts), lent by an operator whose
   * batches are dead before it computes the next; kernels then take output arrays from it.
   */
  readonly buffers?: BufferPool;
}

/** Computes a result's semantic type from the arguments' semantic types. */
export type SemanticRule = (args: readonly SemanticType[]) => SemanticType;

interface OverloadBase {
  /** Unique id, `name(T1,T2)`; what plans store in `CallExpr.fn` / `AggSpec.fn`. */
  readonly id: string;
  readonly name: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  readonly semanticType: SemanticRule;
}

/** A per-row scalar function, evaluated a column at a time. */
export interface ScalarOverload extends OverloadBase {
  readonly kind: 'scalar';
  /** Argument positions that must be literals (regex patterns are fixed at init). */
  readonly constArgs?: readonly number[];
  /** Evaluates rows [0, n). At least one arg is a column unless the function takes none. */
  exec(args: readonly Arg[], n: number, ctx: FunctionContext): Column;
}

/**
 * Grouped state of one aggregate over many groups (groups are dense ints from 0).
 * init = `resize`, update = `update`, merge = `merge` of a serialisable `partial`,
 * finalize = `finalize`. Update loops run over whole batches.
 */
export interface GroupedAggregate {
  /** Makes room for groups [0, numGroups); new groups start at the initial value. */
  resize(numGroups: number): void;
  /** Folds rows [0, n) of `args` into the groups named by `gids[i]`. */
  update(gids: Uint32Array, args: readonly Column[], n: number): void;
  /**
   * Optional, for an aggregate that can count rows in its own loop (sum, mean): called once,
   * before any fold, when a count aggregate of the same node rides on it (`rideOn`). From then
   * on `update` also counts each group's rows and `merge` merges those counts too. Returns
   * group g's row count.
   */
  countRows?(): (g: number) => number;
  /**
   * Optional, for count: called once, before any fold, with the row counts an aggregate next
   * to it keeps (its `countRows`). From then on `update` is not called and `merge` does
   * nothing (the carrier's merge adds the counts); `partial` and `finalize` read them.
   */
  rideOn?(counts: (g: number) => number): void;
  /**
   * Optional: `update` with 16-bit group ids, for rows whose count per group is known in
   * advance — group ids[k] gets exactly rows[k] of the n rows (every group of gids is listed
   * once). The aggregate takes row counts from there instead of counting in its loop;
   * results equal `update`'s.
   */
  foldCounted?(gids: Uint16Array, args: readonly Column[], n: number, ids: readonly number[], rows: ArrayLike<number>): void;
  /**
   * True when a group's state is large (a histogram): folding rows into finer partial groups
   * first (per upid, then merged) costs more in cache misses than it saves.
   */
  readonly largeState?: boolean;
  /** Group g's partial state as plain data (numbers, strings, bigints, arrays, objects). */
  partial(g: number): unknown;
  /** Folds a partial state (from `partial`, possibly of another executor) into group g. */
  merge(g: number, partial: unknown): void;
  /** Final values of groups [0, numGroups) as one column of `returnType`. */
  finalize(numGroups: number): Column;
}

/** An aggregate function (UDA). */
export interface AggregateOverload extends OverloadBase {
  readonly kind: 'aggregate';
  /** Creates an empty grouped state. */
  create(): GroupedAggregate;
}

export type Overload = ScalarOverload | AggregateOverload;

/** The id of an overload with the given name and argument types. */
export function overloadId(name: string, argTypes: readonly DataType[]): string {
  return `${name}(${argTypes.map(dataTypeName).join(',')})`;
}

/** Semantic rule: always `t`. */
export function fixedSemantic(t: SemanticType): SemanticRule {
  return () => t;
}

/** Holds all overloads; built once (see `defaultRegistry`), read-only afterwards. */
export class FunctionRegistry {
  private readonly byId = new Map<string, Overload>();
  private readonly scalars = new Map<string, ScalarOverload[]>();
  private readonly aggregates = new Map<string, AggregateOverload[]>();

  /** Overloads registered so far (a registry only grows: see add). */
  get size(): number {
    return this.byId.size;
  }

  /** Adds an overload; a duplicate id is a programming error. */
  add(o: Overload): this {
    if (this.byId.has(o.id)) throw new TypeError(`duplicate function overload ${o.id}`);
    this.byId.set(o.id, o);
    if (o.kind === 'scalar') this.scalars.set(o.name, [...(this.scalars.get(o.name) ?? []), o]);
    else this.aggregates.set(o.name, [...(this.aggregates.get(o.name) ?? []), o]);
    return this;
  }

  /** The overload with this id, or undefined. */
  get(id: string): Overload | undefined {
    return this.byId.get(id);
  }

  /** The scalar overload with this id; throws TypeError when absent (a plan/registry mismatch). */
  scalar(id: string): ScalarOverload {
    const o = this.byId.get(id);
    if (o === undefined || o.kind !== 'scalar') throw new TypeError(`no scalar function overload ${id}`);
    return o;
  }

  /** The aggregate overload with this id; throws TypeError when absent. */
  aggregate(id: string): AggregateOverload {
    const o = this.byId.get(id);
    if (o === undefined || o.kind !== 'aggregate') throw new TypeError(`no aggregate overload ${id}`);
    return o;
  }

  /** Resolves `name(argTypes)` to a scalar overload by exact argument types, or undefined. */
  resolveScalar(name: string, argTypes: readonly DataType[]): ScalarOverload | undefined {
    return this.scalars.get(name)?.find((o) => sameTypes(o.argTypes, argTypes));
  }

  /** Resolves `name(argTypes)` to an aggregate overload, or undefined. */
  resolveAggregate(name: string, argTypes: readonly DataType[]): AggregateOverload | undefined {
    return this.aggregates.get(name)?.find((o) => sameTypes(o.argTypes, argTypes));
  }

  /** True when a scalar function of this name exists (any arity/types). */
  hasScalar(name: string): boolean {
    return this.scalars.has(name);
  }

  /** True when an aggregate of this name exists. */
  hasAggregate(name: string): boolean {
    return this.aggregates.has(name);
  }

  /** All overloads of a scalar function (for "expected one of ..." messages). */
  scalarOverloads(name: string): readonly ScalarOverload[] {
    return this.scalars.get(name) ?? [];
  }

  /** All overloads of an aggregate. */
  aggregateOverloads(name: string): readonly AggregateOverload[] {
    return this.aggregates.get(name) ?? [];
  }

  /** Every overload, in registration order (GetUDFList / GetUDAList). */
  overloads(): Overload[] {
    return [...this.byId.values()];
  }

  /** Every function name (scalar and aggregate), for "did you mean". */
  names(): string[] {
    return [...new Set([...this.scalars.keys(), ...this.aggregates.keys()])].sort();
  }
}

function sameTypes(a: readonly DataType[], b: readonly DataType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
