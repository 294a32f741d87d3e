// Batched log writing: lines of one turn become one write, in order; nothing is lost.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchedWriter } from '../../src/log/batched.js';

function harness() {
  const writes: string[] = [];
  const queued: (() => void)[] = [];
  const w = batchedWriter((t) => writes.push(t), (fn) => queued.push(fn));
  const turn = () => { for (const fn of queued.splice(0)) fn(); };
  return { writes, queued, w, turn };
}

test('lines written within one turn go out together, in order, on the next turn', () => {
  const { writes, queued, w, turn } = harness();
  w.write('a\n');
  w.write('b\n');
  w.write('c\n');
  assert.equal(writes, []);
  assert.is(queued.length, 1, 'one flush scheduled per turn');
  turn();
  assert.equal(writes, ['a\nb\nc\n']);
  w.write('d\n');
  turn();
  assert.equal(writes, ['a\nb\nc\n', 'd\n']);
});

test('flush writes pending lines at once and leaves nothing for the scheduled turn', () => {
  const { writes, w, turn } = harness();
  w.write('x\n');
  w.flush();
  assert.equal(writes, ['x\n']);
  turn();
  w.flush();
  assert.equal(writes, ['x\n']);
});

test('a backlog of 64 KiB is written without waiting for the turn', () => {
  const { writes, w } = harness();
  const line = 'y'.repeat(1023) + '\n';
  for (let i = 0; i < 64; i++) w.write(line);
  assert.is(writes.length, 1);
  assert.is(writes[0]!.length, 64 * 1024);
});

test('by default the flush runs on the next turn of the real event loop', async () => {
  const writes: string[] = [];
  const w = batchedWriter((t) => writes.push(t));
  w.write('z\n');
  assert.equal(writes, []);
  await new Promise((r) => setImmediate(r));
  assert.equal(writes, ['z\n']);
});

test.run();
