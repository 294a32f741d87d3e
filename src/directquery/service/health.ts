// HealthCheck after authentication: one status at once, then one every interval until the
// client leaves. A client that stops reading is not detected by grpc-js, so beats are
// skipped while the stream is backed up and the call ends after the consumer-idle timeout.

import { create } from '@bufbuild/protobuf';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { HealthCheckResponseSchema, type HealthCheckRequest, type HealthCheckResponse } from '../../proto/index.js';
import { CONSUMER_IDLE } from './status.js';

export const HEALTHY = 0;
export const UNAVAILABLE = 14;

export interface HealthOptions {
  readonly isHealthy: () => boolean;
  readonly intervalMs: number;
  readonly consumerIdleMs: number;
}

export function streamHealth(call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>, opts: HealthOptions): void {
  let backedUpSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const beat = () => {
    if (backedUpSince !== undefined) {
      if (Date.now() - backedUpSince >= opts.consumerIdleMs) {
        stop();
        call.emit('error', CONSUMER_IDLE);
      }
      return;
    }
    const code = healthy(opts.isHealthy) ? HEALTHY : UNAVAILABLE;
    const more = call.write(create(HealthCheckResponseSchema, { status: { code, message: code === HEALTHY ? '' : 'data plane unavailable' } }));
    if (!more) backedUpSince = Date.now();
  };
  call.on('drain', () => (backedUpSince = undefined));
  call.once('cancelled', stop);
  call.once('close', stop);
  beat();
  if (!call.cancelled) timer = setInterval(beat, Math.min(opts.intervalMs, opts.consumerIdleMs));
}

// A throwing probe reports unhealthy instead of throwing out of a timer (which would crash).
function healthy(probe: () => boolean): boolean {
  try {
    return probe() === true;
  } catch {
    return false;
  }
}
