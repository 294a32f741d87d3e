// ExecuteScript after authentication and the mutation guard (handlers.ts): admission →
// engine driver → drain loop → final status, then one audit line (audit.ts). Every query
// has its own AbortController, report and frame stream; queries share nothing but the
// admission counter.

import { createHash, randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import type { ExecuteScriptRequest, ExecuteScriptResponse } from '../../proto/index.js';
import type { ServiceIdentity } from '../auth/index.js';
import type { Admission } from '../admission.js';
import { driveQuery, newReport, CODE, type EngineDeps, type QueryLimits, type QueryReport } from '../driver/engine-driver.js';
import { drain, type WritableCall } from '../drain/drain.js';
import { CONSUMER_IDLE, type WireStatus } from './status.js';
import type { AuditTrail } from './audit.js';

export interface ExecuteOptions {
  readonly engine: EngineDeps;
  readonly admission: Admission;
  readonly limits: QueryLimits;
  readonly maxBytesInFlight: number;
  readonly consumerIdleMs: number;
  /** Applied when the client sets no deadline. */
  readonly defaultDeadlineMs: number;
  /** Aborted when the agent shuts down and the grace period is over. */
  readonly shutdown: AbortSignal;
  readonly log: Logger;
  /** Where each query's audit line goes. */
  readonly audit: AuditTrail;
  /** Counters for tests and benchmarks. */
  readonly counters: QueryCounters;
}

export interface QueryCounters {
  started: number;
  completed: number;
  cancelled: number;
  failed: number;
  refused: number;
  running: number;
}

export const BUSY: WireStatus = { code: grpcStatus.RESOURCE_EXHAUSTED, details: 'direct query: too many queries running; retry later' };
export const DEADLINE: WireStatus = { code: grpcStatus.DEADLINE_EXCEEDED, details: 'direct query: the query ran past its deadline' };
export const SHUTTING_DOWN: WireStatus = { code: grpcStatus.UNAVAILABLE, details: 'direct query: the agent is shutting down' };

const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(grpcStatus).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

/** Runs an authenticated ExecuteScript call to its end; never throws. */
export async function executeScript(
  call: ServerWritableStream<ExecuteScriptRequest, ExecuteScriptResponse>,
  identity: ServiceIdentity,
  opts: ExecuteOptions,
): Promise<void> {
  const started = Date.now();
  const req = call.request;
  const report = newReport(randomUUID());
  const end = (s: WireStatus) => call.emit('error', s);
  // Called once the final status is handed over; the report is final by then.
  const audit = () => {
    const durationMs = Date.now() - started;
    opts.audit.write(() => ({
      serviceId: identity.serviceId,
      sub: identity.subject,
      queryId: report.queryId,
      scriptSha256: createHash('sha256').update(req.queryStr).digest('hex'),
      execFuncs: report.execFuncs,
      status: CODE_NAMES[report.status.code] ?? String(report.status.code),
      rowsSent: report.rowsSent,
      bytesSent: report.bytesSent,
      recordsProcessed: report.recordsProcessed,
      durationMs,
    }));
  };

  const query = new AbortController();
  const onCancel = () => query.abort();
  call.on('cancelled', onCancel);
  const onShutdown = () => query.abort();
  opts.shutdown.addEventListener('abort', onShutdown);
  let deadlineHit = false;
  const deadline = call.getDeadline();
  const timer = deadline === Infinity ? setTimeout(() => {
    deadlineHit = true;
    query.abort();
  }, opts.defaultDeadlineMs) : undefined;

  const release = await opts.admission.acquire(query.signal);
  if (release === undefined) {
    if (!call.cancelled) {
      opts.counters.refused++;
      report.status = { code: BUSY.code, message: BUSY.details };
      end(BUSY);
    }
    cleanup();
    audit();
    return;
  }
  opts.counters.started++;
  opts.counters.running++;
  try {
    const frames = driveQuery(req, opts.engine, opts.limits, query.signal, report, opts.log);
    const outcome = await drain(call as unknown as WritableCall, frames, {
      maxBytesInFlight: opts.maxBytesInFlight,
      consumerIdleMs: opts.consumerIdleMs,
      signal: query.signal,
    });
    if (outcome === 'idle') {
      query.abort();
      report.status = { code: CONSUMER_IDLE.code, message: CONSUMER_IDLE.details };
      end(CONSUMER_IDLE);
      opts.counters.cancelled++;
    } else if (outcome === 'cancelled' || report.status.code === CODE.CANCELLED) {
      opts.counters.cancelled++;
      if (call.cancelled) report.status = { code: grpcStatus.CANCELLED, message: 'cancelled by the client' };
      else if (deadlineHit) { report.status = { code: DEADLINE.code, message: DEADLINE.details }; end(DEADLINE); }
      else { report.status = { code: SHUTTING_DOWN.code, message: SHUTTING_DOWN.details }; end(SHUTTING_DOWN); }
    } else if (report.status.code === CODE.OK) {
      opts.counters.completed++;
      call.end();
    } else {
      opts.counters.failed++;
      end({ code: report.status.code, details: report.status.message });
    }
  } catch (err) {
    opts.counters.failed++;
    opts.log.error('direct-query: query failed', { queryId: report.queryId, error: err instanceof Error ? err.message : String(err) });
    report.status = { code: grpcStatus.INTERNAL, message: 'internal error' };
    end({ code: grpcStatus.INTERNAL, details: 'direct query: internal error' });
  } finally {
    opts.counters.running--;
    release();
    cleanup();
    audit();
  }

  function cleanup() {
    if (timer) clearTimeout(timer);
    call.off('cancelled', onCancel);
    opts.shutdown.removeEventListener('abort', onShutdown);
  }
}

export type { QueryReport };
