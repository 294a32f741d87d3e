// The HealthCheck stream's own logic with a scripted call: beats, unhealthy status, a probe
// that throws, a client that stops reading, and a client that leaves.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { streamHealth } from '../../src/directquery/service/health.js';
import { CONSUMER_IDLE } from '../../src/directquery/service/status.js';
import type { HealthCheckRequest, HealthCheckResponse } from '../../src/proto/index.js';

class FakeCall extends EventEmitter {
  cancelled = false;
  readonly written: (number | undefined)[] = [];
  readonly errors: unknown[] = [];
  accept = true;
  write(m: HealthCheckResponse): boolean {
    this.written.push(m.status?.code);
    return this.accept;
  }
  constructor() {
    super();
    this.on('error', (e) => this.errors.push(e));
  }
}

const asCall = (c: FakeCall) => c as unknown as ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond() && Date.now() < end) await sleep(5);
}

test('beats healthy, then unhealthy when the probe says so or throws, until the client leaves', async () => {
  const call = new FakeCall();
  let state: 'up' | 'down' | 'throw' = 'up';
  streamHealth(asCall(call), {
    isHealthy: () => {
      if (state === 'throw') throw new Error('probe broke');
      return state === 'up';
    },
    intervalMs: 10,
    consumerIdleMs: 10_000,
  });
  assert.equal(call.written, [0]);
  state = 'down';
  await until(() => call.written.length >= 2);
  state = 'throw';
  await until(() => call.written.length >= 3);
  call.emit('cancelled');
  const n = call.written.length;
  await sleep(40);
  assert.is(call.written.length, n, 'no beats after the client left');
  assert.equal(call.written.slice(0, 3), [0, 14, 14]);
  assert.equal(call.errors, []);
});

test('ends the stream when the client stops reading for the consumer-idle timeout', async () => {
  const call = new FakeCall();
  call.accept = false;
  streamHealth(asCall(call), { isHealthy: () => true, intervalMs: 10, consumerIdleMs: 30 });
  await until(() => call.errors.length > 0);
  assert.equal(call.errors, [CONSUMER_IDLE]);
  assert.equal(call.written, [0], 'no beats are queued while backed up');
});

test('resumes beating once the client drains', async () => {
  const call = new FakeCall();
  call.accept = false;
  streamHealth(asCall(call), { isHealthy: () => true, intervalMs: 10, consumerIdleMs: 10_000 });
  await sleep(30);
  assert.equal(call.written, [0]);
  call.accept = true;
  call.emit('drain');
  await until(() => call.written.length >= 2);
  call.emit('close');
  assert.equal(call.errors, []);
});

test.run();
