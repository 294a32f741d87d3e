// The audit trail writes each line after the current turn of the event loop (so that the
// client's final status goes out first), in order, exactly once, and flush() writes what is
// still pending at shutdown.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuditTrail } from '../../src/directquery/service/audit.js';
import { captureLog } from './log-capture.js';

const nextTimerTurn = () => new Promise((r) => setTimeout(r, 5));

test('a line is written on a later turn, with the fields computed then', async () => {
  const cap = captureLog(0);
  const trail = new AuditTrail(cap.log);
  let computed = 0;
  trail.write(() => ({ queryId: 'q1', n: ++computed }));
  assert.is(cap.lines.length, 0, 'nothing written in the same turn');
  assert.is(computed, 0, 'the fields are not computed in the same turn');
  assert.is(trail.pending, 1);
  await nextTimerTurn();
  assert.equal(cap.lines.map((l) => [l.msg, l['queryId'], l['n']]), [['direct-query: audit', 'q1', 1]]);
  assert.is(trail.pending, 0);
});

test('flush writes every pending line now, in order, and each only once', async () => {
  const cap = captureLog(0);
  const trail = new AuditTrail(cap.log);
  for (const id of ['a', 'b', 'c']) trail.write(() => ({ queryId: id }));
  trail.flush();
  assert.equal(cap.lines.map((l) => l['queryId']), ['a', 'b', 'c']);
  assert.is(trail.pending, 0);
  await nextTimerTurn();
  assert.is(cap.lines.length, 3, 'the cancelled timers wrote nothing more');
  trail.flush();
  assert.is(cap.lines.length, 3, 'a second flush has nothing to write');
});

test('lines written after a flush are still written on their own turn', async () => {
  const cap = captureLog(0);
  const trail = new AuditTrail(cap.log);
  trail.write(() => ({ queryId: 'first' }));
  trail.flush();
  trail.write(() => ({ queryId: 'second' }));
  await nextTimerTurn();
  assert.equal(cap.lines.map((l) => l['queryId']), ['first', 'second']);
});

test.run();
