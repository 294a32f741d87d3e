// The drain loop: writes a query's frames to its gRPC call with backpressure. It waits when
// grpc-js's buffer is full ('drain') or when the bytes handed over but not yet flushed
// exceed the per-call budget, gives up when the client stops reading for too long, and
// stops at once when the call is cancelled (client cancel, deadline) — closing the frame
// source, which stops the query's execution.
// grpc-js facts this relies on (runtime-notes.md): write() returns false at 16 queued
// messages; after a cancel 'drain' never fires again; one listener per event, not per wait.

import type { Frame } from '../driver/frames.js';

/** The part of a grpc-js ServerWritableStream the loop uses. */
export interface WritableCall {
  write(chunk: Buffer, cb: (err?: Error | null) => void): boolean;
  readonly writableNeedDrain: boolean;
  readonly cancelled: boolean;
  on(event: 'drain' | 'cancelled', fn: () => void): unknown;
  off(event: 'drain' | 'cancelled', fn: () => void): unknown;
}

export interface DrainOptions {
  /** Bytes written but not yet flushed to the transport, at most (one frame may exceed it alone). */
  readonly maxBytesInFlight: number;
  /** How long the loop waits for a client that reads nothing before giving up. */
  readonly consumerIdleMs: number;
  /** Aborted by the caller (deadline, shutdown). */
  readonly signal?: AbortSignal;
}

export type DrainOutcome = 'done' | 'cancelled' | 'idle';

/**
 * Bytes written between two turns of the event loop at most. A query that produces frames
 * without pausing would otherwise hand over the whole in-flight budget before the socket
 * gets to send anything (measured: first batch at the client after 70-80 ms with an 8 MiB
 * budget, ~30 ms at 256 KiB).
 */
const YIELD_EVERY_BYTES = 256 * 1024;

export interface DrainStats {
  frames: number;
  bytes: number;
  /** Most bytes in flight observed. */
  peakInFlight: number;
  /** Times the loop waited for the client. */
  waits: number;
}

export async function drain(call: WritableCall, frames: AsyncIterable<Frame>, opts: DrainOptions, stats?: DrainStats): Promise<DrainOutcome> {
  let inFlight = 0;
  let stopped = call.cancelled || opts.signal?.aborted === true;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onStop = () => {
    stopped = true;
    notify();
  };
  call.on('drain', notify);
  call.on('cancelled', onStop);
  opts.signal?.addEventListener('abort', onStop);

  /** Resolves true when woken, false when the client stayed idle for consumerIdleMs. */
  const waitForClient = () =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve(false);
      }, opts.consumerIdleMs);
      wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });

  let sinceYield = 0;
  try {
    for await (const f of frames) {
      if (stopped) return 'cancelled';
      const size = f.bytes.length;
      while (!stopped && (call.writableNeedDrain || (inFlight > 0 && inFlight + size > opts.maxBytesInFlight))) {
        if (stats) stats.waits++;
        if (!(await waitForClient())) return 'idle';
      }
      if (stopped) return 'cancelled';
      inFlight += size;
      if (stats) {
        stats.frames++;
        stats.bytes += size;
        if (inFlight > stats.peakInFlight) stats.peakInFlight = inFlight;
      }
      call.write(f.bytes, () => {
        inFlight -= size;
        notify();
      });
      sinceYield += size;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return stopped ? 'cancelled' : 'done';
  } finally {
    call.off('drain', notify);
    call.off('cancelled', onStop);
    opts.signal?.removeEventListener('abort', onStop);
  }
}
