import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Admission } from '../../src/directquery/admission.js';

test('admits up to the limit at once, queues the next in order, refuses beyond the queue', async () => {
  const a = new Admission({ maxConcurrent: 2, maxQueued: 1 });
  const r1 = await a.acquire();
  const r2 = await a.acquire();
  assert.ok(r1 && r2);
  assert.is(a.running, 2);
  const order: string[] = [];
  const p3 = a.acquire().then((r) => { order.push('third'); return r; });
  assert.is(a.queued, 1);
  assert.is(await a.acquire(), undefined, 'the queue is full');
  r1!();
  const r3 = await p3;
  assert.ok(r3);
  assert.equal(order, ['third']);
  assert.is(a.running, 2);
  r2!();
  r3!();
  assert.is(a.running, 0);
});

test('a release called twice frees one slot only', async () => {
  const a = new Admission({ maxConcurrent: 1, maxQueued: 0 });
  const r = (await a.acquire())!;
  r();
  r();
  assert.is(a.running, 0);
  const again = await a.acquire();
  assert.ok(again);
  assert.is(await a.acquire(), undefined);
});

test('a waiter whose signal aborts leaves the queue', async () => {
  const a = new Admission({ maxConcurrent: 1, maxQueued: 4 });
  const r = (await a.acquire())!;
  const ac = new AbortController();
  const p = a.acquire(ac.signal);
  assert.is(a.queued, 1);
  ac.abort();
  assert.is(await p, undefined);
  assert.is(a.queued, 0);
  r();
  assert.is(a.running, 0);
  assert.is(await a.acquire(AbortSignal.abort()), undefined);
});

test.run();
