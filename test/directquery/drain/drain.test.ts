// The drain loop against a scripted call: backpressure on grpc-js's buffer and on bytes in
// flight, stop on cancel, give up on an idle consumer, and close the frame source each time.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { drain, type DrainStats, type WritableCall } from '../../../src/directquery/drain/drain.js';
import type { Frame } from '../../../src/directquery/driver/frames.js';

/** A call whose flushes the test controls: writes complete only when `flush()` is called. */
class FakeCall extends EventEmitter implements WritableCall {
  cancelled = false;
  writableNeedDrain = false;
  pending: Array<() => void> = [];
  written: number[] = [];
  constructor(private readonly highWater = 16) { super(); }
  write(chunk: Buffer, cb: () => void): boolean {
    this.written.push(chunk.length);
    this.pending.push(cb);
    if (this.pending.length >= this.highWater) this.writableNeedDrain = true;
    return !this.writableNeedDrain;
  }
  flush(n = Infinity): void {
    while (n-- > 0 && this.pending.length) this.pending.shift()!();
    if (this.writableNeedDrain && this.pending.length < this.highWater) {
      this.writableNeedDrain = false;
      this.emit('drain');
    }
  }
  cancel(): void {
    this.cancelled = true;
    this.emit('cancelled');
  }
}

function frames(count: number, size: number, closed: { value: boolean; produced: number }): AsyncGenerator<Frame> {
  return (async function* () {
    try {
      for (let i = 0; i < count; i++) {
        closed.produced++;
        yield { kind: 'batch', bytes: Buffer.alloc(size), rows: 1 };
      }
    } finally {
      closed.value = true;
    }
  })();
}

const tick = () => new Promise((r) => setImmediate(r));

test('writes everything and reports done when the client keeps up', async () => {
  const call = new FakeCall();
  const src = { value: false, produced: 0 };
  const flusher = setInterval(() => call.flush(), 1);
  const stats: DrainStats = { frames: 0, bytes: 0, peakInFlight: 0, waits: 0 };
  try {
    assert.is(await drain(call, frames(100, 10, src), { maxBytesInFlight: 1 << 20, consumerIdleMs: 5000 }, stats), 'done');
  } finally {
    clearInterval(flusher);
  }
  assert.is(call.written.length, 100);
  assert.equal({ frames: stats.frames, bytes: stats.bytes }, { frames: 100, bytes: 1000 });
  assert.is(src.value, true);
});

test('never has more than the byte budget in flight, plus one frame', async () => {
  const call = new FakeCall(1000);
  const src = { value: false, produced: 0 };
  const stats: DrainStats = { frames: 0, bytes: 0, peakInFlight: 0, waits: 0 };
  const p = drain(call, frames(50, 100, src), { maxBytesInFlight: 1000, consumerIdleMs: 5000 }, stats);
  for (let i = 0; i < 10; i++) await tick();
  assert.is(call.written.length, 10, 'stops at the budget while nothing is flushed');
  assert.is(src.produced, 11, 'and stops pulling frames from the query');
  while (call.written.length < 50 || call.pending.length) {
    call.flush(3);
    await tick();
  }
  assert.is(await p, 'done');
  assert.ok(stats.peakInFlight <= 1000, `peak ${stats.peakInFlight}`);
  assert.ok(stats.waits > 0);
});

test('waits for drain when grpc-js buffers 16 messages', async () => {
  const call = new FakeCall(16);
  const src = { value: false, produced: 0 };
  const p = drain(call, frames(40, 1, src), { maxBytesInFlight: 1 << 20, consumerIdleMs: 5000 });
  for (let i = 0; i < 10; i++) await tick();
  assert.is(call.written.length, 16);
  const flusher = setInterval(() => call.flush(), 1);
  try {
    assert.is(await p, 'done');
  } finally {
    clearInterval(flusher);
  }
  assert.is(call.written.length, 40);
});

test('stops at once on cancel while waiting, and closes the frame source', async () => {
  const call = new FakeCall(4);
  const src = { value: false, produced: 0 };
  const p = drain(call, frames(1000, 1, src), { maxBytesInFlight: 1 << 20, consumerIdleMs: 60_000 });
  for (let i = 0; i < 5; i++) await tick();
  call.cancel();
  assert.is(await p, 'cancelled');
  assert.is(src.value, true);
  assert.ok(src.produced < 10);
});

test('stops when the caller aborts (deadline, shutdown)', async () => {
  const call = new FakeCall(4);
  const src = { value: false, produced: 0 };
  const ac = new AbortController();
  const p = drain(call, frames(1000, 1, src), { maxBytesInFlight: 1 << 20, consumerIdleMs: 60_000, signal: ac.signal });
  await tick();
  ac.abort();
  assert.is(await p, 'cancelled');
  assert.is(src.value, true);
});

test('gives up on a client that reads nothing for the idle timeout', async () => {
  const call = new FakeCall(2);
  const src = { value: false, produced: 0 };
  assert.is(await drain(call, frames(100, 1, src), { maxBytesInFlight: 1 << 20, consumerIdleMs: 20 }), 'idle');
  assert.is(call.written.length, 2);
  assert.is(src.value, true);
});

test('lets the event loop turn every 256 KiB so the socket starts sending early', async () => {
  const call = new FakeCall(1000);
  const src = { value: false, produced: 0 };
  const flusher = setInterval(() => call.flush(), 1);
  let writtenAtFirstTurn = -1;
  setImmediate(() => (writtenAtFirstTurn = call.written.length));
  try {
    assert.is(await drain(call, frames(40, 100 * 1024, src), { maxBytesInFlight: 64 << 20, consumerIdleMs: 5000 }), 'done');
  } finally {
    clearInterval(flusher);
  }
  assert.is(writtenAtFirstTurn, 3, 'three 100 KiB frames pass 256 KiB, then the loop yields');
  assert.is(call.written.length, 40);
});

test('an already cancelled call writes nothing', async () => {
  const call = new FakeCall();
  call.cancelled = true;
  const src = { value: false, produced: 0 };
  assert.is(await drain(call, frames(5, 1, src), { maxBytesInFlight: 100, consumerIdleMs: 100 }), 'cancelled');
  assert.is(call.written.length, 0);
  assert.is(call.listenerCount('drain'), 0);
  assert.is(call.listenerCount('cancelled'), 0);
});

test.run();
