// VizierService as served by direct query. Every method authenticates first; then the
// mutation guard; then the query (execute-script.ts). Handlers are
// synchronous shells over async bodies whose every failure is caught here: an async
// handler that rejects would crash the process.

import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import type { AuthGate } from '../auth/index.js';
import type {
  ExecuteScriptRequest,
  ExecuteScriptResponse,
  GenerateOTelScriptRequest,
  GenerateOTelScriptResponse,
  HealthCheckRequest,
  HealthCheckResponse,
  VizierServiceHandlers,
} from '../../proto/index.js';
import { authenticate } from './authenticate.js';
import { streamHealth } from './health.js';
import { executeScript, type ExecuteOptions } from './execute-script.js';
import { INTERNAL, NO_DATA_PLANE, OTEL_UNSUPPORTED, READ_ONLY, UNAUTHENTICATED, type WireStatus } from './status.js';

export interface HandlerDeps {
  readonly gate: AuthGate;
  readonly log: Logger;
  readonly isHealthy: () => boolean;
  readonly healthIntervalMs: number;
  readonly consumerIdleMs: number;
  /** How queries run; without it (no data plane) ExecuteScript answers UNAVAILABLE. */
  readonly execute?: ExecuteOptions;
}

export function createVizierHandlers(deps: HandlerDeps): VizierServiceHandlers {
  const { gate, log } = deps;

  const failed = (method: string, err: unknown): WireStatus => {
    log.error('direct-query: handler failed', { method, error: err instanceof Error ? err.message : String(err) });
    return INTERNAL;
  };

  return {
    executeScript(call: ServerWritableStream<ExecuteScriptRequest, ExecuteScriptResponse>) {
      const end = (s: WireStatus) => call.emit('error', s);
      (async () => {
        const identity = await authenticate(gate, call, 'ExecuteScript', log);
        if (identity === undefined) return end(UNAUTHENTICATED);
        if (call.request.mutation) return end(READ_ONLY);
        if (!deps.execute) return end(NO_DATA_PLANE);
        return executeScript(call, identity, deps.execute);
      })().catch((err: unknown) => end(failed('ExecuteScript', err)));
    },

    healthCheck(call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) {
      (async () => {
        if ((await authenticate(gate, call, 'HealthCheck', log)) === undefined) return call.emit('error', UNAUTHENTICATED);
        streamHealth(call, { isHealthy: deps.isHealthy, intervalMs: deps.healthIntervalMs, consumerIdleMs: deps.consumerIdleMs });
      })().catch((err: unknown) => call.emit('error', failed('HealthCheck', err)));
    },

    generateOTelScript(
      call: ServerUnaryCall<GenerateOTelScriptRequest, GenerateOTelScriptResponse>,
      callback: sendUnaryData<GenerateOTelScriptResponse>,
    ) {
      (async () => {
        if ((await authenticate(gate, call, 'GenerateOTelScript', log)) === undefined) return callback(UNAUTHENTICATED);
        return callback(OTEL_UNSUPPORTED);
      })().catch((err: unknown) => callback(failed('GenerateOTelScript', err)));
    },
  };
}
