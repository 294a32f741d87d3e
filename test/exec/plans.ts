// Hand-built plans for executor tests.
import { DataType as T, SemanticType as S } from '../../src/types/index.js';
import type { DataType, Relation, RowBatch } from '../../src/types/index.js';
import type { Expr, LiteralValue, Plan, PlanNode } from '../../src/pxl/plan.js';
import { defaultRegistry } from '../../src/pxl/functions/index.js';
import { MemoryTableProvider } from '../../src/exec/provider.js';
import { runPlan } from '../../src/exec/executor.js';
import type { ExecuteOptions, ResultTable } from '../../src/exec/executor.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import { col, info, rows } from './fixtures.js';

export const T0 = 1_700_000_000_000_000_000n;

/** http-like fixture: time_, service, status, latency (7 rows, 1 s apart). */
export const httpRelation: Relation = [
  info('time_', T.TIME64NS), info('service', T.STRING, S.ST_SERVICE_NAME),
  info('status', T.INT64), info('latency', T.INT64, S.ST_DURATION_NS),
];
export function httpBatch(): RowBatch {
  return {
    numRows: 7,
    columns: [
      col.time([0, 1, 2, 3, 4, 5, 6].map((s) => T0 + BigInt(s) * 1_000_000_000n)),
      col.str(['a', 'b', 'a', 'c', 'b', 'a', 'a']),
      col.int([200n, 500n, 404n, 200n, 200n, 503n, 200n]),
      col.int([10n, 20n, 30n, 40n, 50n, 60n, 70n]),
    ],
  };
}

export function provider(batchRows = 3): MemoryTableProvider {
  return new MemoryTableProvider().add('http', httpRelation, [httpBatch()], batchRows);
}

export const colRef = (rel: Relation, name: string): Expr => {
  const index = rel.findIndex((c) => c.name === name);
  return { kind: 'column', index, name, type: rel[index]!.type, semanticType: rel[index]!.semanticType };
};
export const lit = (type: DataType, value: LiteralValue): Expr => ({ kind: 'literal', type, value, semanticType: S.ST_NONE });
export function call(name: string, args: Expr[]): Expr {
  const o = defaultRegistry().resolveScalar(name, args.map((a) => a.type))!;
  return { kind: 'call', fn: o.id, name, args, type: o.returnType, semanticType: o.semanticType(args.map((a) => a.semanticType)) };
}

export function source(id: number, columns = httpRelation.map((c) => c.name), extra: Partial<PlanNode> = {}): PlanNode {
  return { id, kind: 'source', inputs: [], table: 'http', columns, relation: columns.map((n) => httpRelation.find((c) => c.name === n)!), ...extra } as PlanNode;
}

export function sink(id: number, input: number, relation: Relation, tableName = 'output', maxRows?: number): PlanNode {
  return { id, kind: 'sink', inputs: [input], relation, tableName, ...(maxRows !== undefined ? { maxRows } : {}) };
}

export const metadata = metadataBuilder().build();

export async function exec(plan: Plan, opts: Partial<ExecuteOptions> = {}): Promise<ResultTable[]> {
  return runPlan(plan, { provider: provider(), metadata, nowNs: T0 + 10_000_000_000n, ...opts });
}

/** Rows of the only (or given) result table. */
export async function resultRows(plan: Plan, opts: Partial<ExecuteOptions> = {}, table = 0): Promise<unknown[][]> {
  return rows((await exec(plan, opts))[table]!.batches);
}
