// Assembles an ExecuteScript response stream into result tables, in the order their
// metadata arrived, and turns an in-stream error status into a ScriptError.

import type { ExecuteScriptResponse, QueryExecutionStats } from '../proto/index.js';
import { DataType, SemanticType } from '../types/index.js';

export type CellValue = boolean | bigint | number | string | { high: bigint; low: bigint };

export interface ResultColumn {
  name: string;
  type: DataType;
  semanticType: SemanticType;
}

export interface ResultTable {
  id: string;
  name: string;
  columns: ResultColumn[];
  /** Row-major values; INT64/TIME64NS are bigint, UINT128 is {high, low}. */
  rows: CellValue[][];
  complete: boolean;
}

export interface QueryResult {
  queryId: string;
  tables: ResultTable[];
  stats?: QueryExecutionStats;
}

export class ScriptError extends Error {
  override readonly name = 'ScriptError';
  constructor(
    readonly code: number,
    message: string,
    /** Compiler errors carry 1-based line and column. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Reads every response; throws ScriptError on an error status, or a protocol Error on a malformed stream. */
export async function collectResult(stream: AsyncIterable<ExecuteScriptResponse>): Promise<QueryResult> {
  const byId = new Map<string, ResultTable>();
  const result: QueryResult = { queryId: '', tables: [] };
  for await (const r of stream) {
    if (r.queryId) result.queryId = r.queryId;
    if (r.status && r.status.code !== 0) {
      const ce = r.status.errorDetails.find((d) => d.error.case === 'compilerError')?.error;
      if (ce?.case === 'compilerError') {
        throw new ScriptError(r.status.code, ce.value.message || r.status.message, Number(ce.value.line), Number(ce.value.column));
      }
      throw new ScriptError(r.status.code, r.status.message);
    }
    switch (r.result.case) {
      case 'metaData': {
        const m = r.result.value;
        const t: ResultTable = {
          id: m.id,
          name: m.name,
          columns: (m.relation?.columns ?? []).map((c) => ({
            name: c.columnName,
            type: c.columnType as DataType,
            semanticType: c.columnSemanticType as SemanticType,
          })),
          rows: [],
          complete: false,
        };
        byId.set(m.id, t);
        result.tables.push(t);
        break;
      }
      case 'data': {
        const d = r.result.value;
        if (d.batch) {
          const t = byId.get(d.batch.tableId);
          if (!t) throw new Error(`protocol error: a batch names table id ${JSON.stringify(d.batch.tableId)} before its metadata`);
          appendBatch(t, d.batch.cols, Number(d.batch.numRows));
          if (d.batch.eos) t.complete = true;
        }
        if (d.executionStats) result.stats = d.executionStats;
        break;
      }
      default:
        break;
    }
  }
  return result;
}

type PbColumns = NonNullable<Extract<ExecuteScriptResponse['result'], { case: 'data' }>['value']['batch']>['cols'];

function appendBatch(t: ResultTable, cols: PbColumns, numRows: number): void {
  if (cols.length !== t.columns.length) {
    throw new Error(`protocol error: table ${t.name} has ${t.columns.length} columns, a batch has ${cols.length}`);
  }
  const base = t.rows.length;
  for (let i = 0; i < numRows; i++) t.rows.push(new Array<CellValue>(cols.length));
  cols.forEach((c, ci) => {
    const v = c.colData;
    const values: readonly CellValue[] =
      v.case === 'stringData' ? v.value.data.map((b) => utf8.decode(b))
      : v.case === 'uint128Data' ? v.value.data.map((u) => ({ high: u.high, low: u.low }))
      : v.case === undefined ? []
      : (v.value.data as readonly CellValue[]);
    if (values.length !== numRows) {
      throw new Error(`protocol error: column ${t.columns[ci]?.name} of table ${t.name} has ${values.length} values for ${numRows} rows`);
    }
    for (let i = 0; i < numRows; i++) t.rows[base + i]![ci] = values[i]!;
  });
}
