// The engine driver: turns one ExecuteScriptRequest into the ordered stream of response
// frames clients expect — one meta_data per output table, then result batches (each
// table's last with eos), then one execution_stats — or an in-stream error status. It owns
// the query's state (sinks, counters); nothing is shared between queries.

import { randomUUID } from 'node:crypto';
import type { ExecuteScriptRequest } from '../../proto/index.js';
import { compileScript, PxlError, type Catalog, type CompileLimits } from '../../pxl/index.js';
import { executePlan, ExecError, resultBufferPool, type TableProvider } from '../../exec/index.js';
import type { MetadataState } from '../../metadata/api.js';
import { allocColumn, type Column, type Relation } from '../../types/index.js';
import { CountingProvider } from './counting-provider.js';
import { batchFrames, messageFrame, MessageTooLargeError, type Frame } from './frames.js';
import { encodeMetaResponse, encodeStatsResponse } from '../encode/response-writer.js';

export interface EngineDeps {
  readonly catalog: Catalog;
  readonly provider: TableProvider;
  readonly metadata: MetadataState;
  readonly compileLimits?: CompileLimits;
}

export interface QueryLimits {
  /** Largest serialized response (default 1 MiB). */
  readonly maxMessageBytes: number;
  /** Rows per result table at most. */
  readonly maxRowsPerTable: number;
  /** Result bytes per query at most (the query's memory bound on the send side). */
  readonly maxResultBytes: number;
}

/** What the driver learned about a query, for the audit line. */
export interface QueryReport {
  readonly queryId: string;
  status: { code: number; message: string };
  execFuncs: string[];
  compileNs: bigint;
  executeNs: bigint;
  rowsSent: number;
  bytesSent: number;
  recordsProcessed: number;
  bytesProcessed: number;
  tables: number;
}

export const CODE = { OK: 0, CANCELLED: 1, INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, INTERNAL: 13 } as const;

/** Runs a query, yielding frames; `report` is filled as it goes. Never throws for user errors. */
export async function* driveQuery(
  req: ExecuteScriptRequest,
  deps: EngineDeps,
  limits: QueryLimits,
  signal: AbortSignal,
  report: QueryReport,
  log: { debug(msg: string, f?: Record<string, unknown>): void; error(msg: string, f?: Record<string, unknown>): void },
): AsyncGenerator<Frame> {
  const queryId = report.queryId;
  report.execFuncs = req.execFuncs.map((f) => f.funcName);
  const fail = (code: number, message: string, at?: { line: number; column: number }) => {
    report.status = { code, message };
    return messageFrame('status', {
      queryId,
      status: {
        code,
        message,
        errorDetails: at ? [{ error: { case: 'compilerError', value: { line: BigInt(at.line), column: BigInt(at.column), message } } }] : [],
      },
    });
  };

  // Compile. One "now" for the whole query: px.now() and relative time bounds agree.
  const now = BigInt(Date.now()) * 1_000_000n;
  const t0 = process.hrtime.bigint();
  const compiled = compileScript(req.queryStr, {
    now,
    catalog: deps.catalog,
    execFuncs: req.execFuncs.map((f) => ({
      funcName: f.funcName,
      argValues: f.argValues.map((a) => ({ name: a.name, value: a.value })),
      outputTablePrefix: f.outputTablePrefix,
    })),
    ...(deps.compileLimits ? { limits: deps.compileLimits } : {}),
  });
  report.compileNs = process.hrtime.bigint() - t0;
  if (compiled.plan === undefined) {
    const e = compiled.errors[0]!;
    yield fail(CODE.INVALID_ARGUMENT, e.message, { line: e.line, column: e.column });
    return;
  }

  // One meta_data per output table, in declaration order, before any data.
  const ids = compiled.sinks.map(() => randomUUID());
  for (let i = 0; i < compiled.sinks.length; i++) {
    const s = compiled.sinks[i]!;
    yield { kind: 'meta', bytes: encodeMetaResponse(queryId, ids[i]!, s.name, s.relation), rows: 0 };
  }
  report.tables = compiled.sinks.length;

  // Execute. Each table's newest batch is held back until the next event shows whether it is
  // the last (eos).
  const cfg = req.configs?.pluginConfig;
  const provider = new CountingProvider(deps.provider, {
    ...(cfg && cfg.startTimeNs !== 0n ? { startNs: cfg.startTimeNs } : {}),
    ...(cfg && cfg.endTimeNs !== 0n ? { endNs: cfg.endTimeNs } : {}),
  });
  const t1 = process.hrtime.bigint();
  const relations: Relation[] = compiled.sinks.map((s) => s.relation);
  let pending: { index: number; columns: readonly Column[]; numRows: number } | undefined;
  const sizeHints = compiled.sinks.map(() => ({ bytesPerRow: 0 }));
  const flush = function* (eos: boolean): Generator<Frame> {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    for (const f of batchFrames(queryId, ids[p.index]!, compiled.sinks[p.index]!.name, p.columns, p.numRows, eos, limits.maxMessageBytes, sizeHints[p.index])) {
      report.rowsSent += f.rows;
      report.bytesSent += f.bytes.length;
      if (report.bytesSent > limits.maxResultBytes) {
        throw new LimitError(`the query's results exceed ${limits.maxResultBytes} bytes (--direct_query_max_result_bytes); narrow the query or add head()`);
      }
      yield f;
    }
  };
  // Result columns are encoded into frames and dropped, so their memory goes back to the
  // process pool once the query is over (every way out passes the finally below).
  const results = resultBufferPool.lease();
  try {
    for await (const ev of executePlan(compiled.plan, {
      provider,
      metadata: deps.metadata,
      nowNs: now,
      signal,
      maxRowsPerTable: limits.maxRowsPerTable,
      resultBuffers: results,
    })) {
      if (ev.kind === 'batch') {
        yield* flush(false);
        pending = { index: ev.index, columns: ev.batch.columns, numRows: ev.batch.numRows };
      } else if (ev.kind === 'end') {
        if (!pending) pending = { index: ev.index, columns: relations[ev.index]!.map((c) => allocColumn(c.type, 0)), numRows: 0 };
        yield* flush(true);
      }
    }
    if (signal.aborted) throw new ExecError('ERR_EXEC_ABORTED', 'query aborted');
  } catch (err) {
    if (signal.aborted || (err instanceof ExecError && err.code === 'ERR_EXEC_ABORTED')) {
      report.status = { code: CODE.CANCELLED, message: 'cancelled' };
      return;
    }
    if (err instanceof LimitError || err instanceof MessageTooLargeError) {
      yield fail(CODE.RESOURCE_EXHAUSTED, err.message);
      return;
    }
    if (err instanceof ExecError || err instanceof PxlError) {
      yield fail(CODE.INVALID_ARGUMENT, err.message);
      return;
    }
    // A bug of ours: the detail goes to the log, the peer gets a generic message.
    log.error('direct-query: execution failed', { queryId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    yield fail(CODE.INTERNAL, 'query execution failed (internal error); see the agent log');
    return;
  } finally {
    // Every way out passes here, including a consumer that stops early (client cancel) and
    // closes this generator at a yield, when neither the catch nor the code below runs.
    // By now the plan's generators are closed (the engine runs nothing outside them: a
    // shared node is materialised before its first reader yields) and the frames are bytes
    // of their own.
    pending = undefined;
    results.release();
    report.executeNs = process.hrtime.bigint() - t1;
    report.recordsProcessed = provider.records;
    report.bytesProcessed = provider.bytes;
  }

  yield {
    kind: 'stats',
    bytes: encodeStatsResponse(queryId, {
      executionTimeNs: report.executeNs,
      compilationTimeNs: report.compileNs,
      bytesProcessed: BigInt(report.bytesProcessed),
      recordsProcessed: BigInt(report.recordsProcessed),
    }),
    rows: 0,
  };
  report.status = { code: CODE.OK, message: '' };
}

class LimitError extends Error {}

/** A fresh report for a query. */
export function newReport(queryId: string = randomUUID()): QueryReport {
  return {
    queryId,
    status: { code: CODE.OK, message: '' },
    execFuncs: [],
    compileNs: 0n,
    executeNs: 0n,
    rowsSent: 0,
    bytesSent: 0,
    recordsProcessed: 0,
    bytesProcessed: 0,
    tables: 0,
  };
}
