import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Logger, nullLogger } from '../../src/log/logger.js';

const fixed = () => new Date('2026-01-02T03:04:05.678Z');

function make(format: 'json' | 'text', verbosity = 0) {
  const lines: string[] = [];
  return { log: new Logger({ format, verbosity, now: fixed, write: (l) => lines.push(l) }), lines };
}

test('json lines carry time, level, message and fields; bigint becomes a string', () => {
  const { log, lines } = make('json');
  log.info('tables filling', { rows: 10n, table: 'http_events' });
  assert.equal(lines, ['{"time":"2026-01-02T03:04:05.678Z","level":"info","msg":"tables filling","rows":"10","table":"http_events"}\n']);
});

test('text lines quote values with spaces and show errors by name and message', () => {
  const { log, lines } = make('text');
  log.error('source failed', { source: 'jsonl:x', reason: 'no such file', err: Object.assign(new Error('boom'), { code: 'ENOENT' }) });
  assert.equal(lines, ['2026-01-02T03:04:05.678Z ERROR source failed source=jsonl:x reason="no such file" err={"name":"Error","message":"boom","code":"ENOENT"}\n']);
});

test('debug lines follow --v: level n is written only when n <= verbosity', () => {
  const { log, lines } = make('json', 1);
  log.debug('one', {}, 1);
  log.debug('two', {}, 2);
  assert.is(lines.length, 1);
  assert.ok(log.debugEnabled(1));
  assert.not.ok(log.debugEnabled(2));
  assert.is(log.verbosity, 1);
});

test('a child logger adds its fields to every line', () => {
  const { log, lines } = make('json');
  log.child({ component: 'store' }).warn('budget', { table: 'dns_events' });
  assert.is(lines[0], '{"time":"2026-01-02T03:04:05.678Z","level":"warn","msg":"budget","component":"store","table":"dns_events"}\n');
});

test('minLevel drops lower levels', () => {
  const lines: string[] = [];
  const log = new Logger({ format: 'json', verbosity: 0, minLevel: 'warn', write: (l) => lines.push(l), now: fixed });
  log.info('dropped');
  log.warn('kept');
  assert.is(lines.length, 1);
});

test('nullLogger writes nothing and does not throw', () => {
  const log = nullLogger();
  log.error('x');
  assert.is(log.verbosity, 0);
});

test.run();
