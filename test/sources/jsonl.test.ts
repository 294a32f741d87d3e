import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, appendFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableStore, parseTableDeclaration } from '../../src/store/index.js';
import { JsonlSource } from '../../src/sources/jsonl/source.js';
import { recordingLog, columnValues } from './helpers.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'pemdq-jsonl-'));
  const store = new TableStore({ dataLimitMiB: 64, httpEventsPercent: 40 });
  store.declareTable(parseTableDeclaration({
    name: 'edge_cases',
    columns: [
      { name: 'time_', type: 'TIME64NS' }, { name: 'n', type: 'INT64' }, { name: 'id', type: 'UINT128' },
      { name: 'f', type: 'FLOAT64' }, { name: 's', type: 'STRING' }, { name: 'b', type: 'BOOLEAN' },
    ],
  }, 't.json'));
  const log = recordingLog();
  const path = join(dir, 'in.jsonl');
  return { dir, store, log, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `body` with a jsonl source on the test file, then stops the source and removes the directory. */
async function withSource(
  body: (t: ReturnType<typeof setup> & { src: JsonlSource }) => Promise<void>,
  opts: { readonly logBadLinesPerPoll?: number } = {},
): Promise<void> {
  const t = setup();
  const src = new JsonlSource({ table: 'edge_cases', path: t.path, store: t.store, log: t.log, ...opts });
  try {
    await body({ ...t, src });
  } finally {
    await src.stop();
    t.cleanup();
  }
}

const EDGE = [
  '{"time_":"9223372036854775807","n":"-9223372036854775808","id":"18446744073709551615:0","f":1.5,"s":"héllo ✓","b":true}',
  '{"time_":"-9223372036854775808","n":"9223372036854775807","id":{"high":"0","low":"18446744073709551615"},"f":-0.25,"s":"","b":false}',
  '{"time_":"2026-01-02T03:04:05.123456789Z","n":"9007199254740993","id":"1:2","f":"3","s":{"k":[1,2]},"b":1}',
  '{"time_":9007199254740991,"n":-9007199254740991,"id":{"high":5,"low":6}}',
];

test('round-trips int64, time and uint128 exactly, including beyond 2^53 and at the ±2^63 edges', () => withSource(async ({ store, path, src }) => {
  writeFileSync(path, EDGE.join('\n') + '\n');
  await src.pollOnce();
  const { batches } = store.snapshot('edge_cases');
  assert.equal(columnValues(batches, 0), [9223372036854775807n, -9223372036854775808n, 1767323045123456789n, 9007199254740991n]);
  assert.equal(columnValues(batches, 1), [-9223372036854775808n, 9223372036854775807n, 9007199254740993n, -9007199254740991n]);
  assert.equal(columnValues(batches, 2), ['18446744073709551615:0', '0:18446744073709551615', '1:2', '5:6']);
  assert.equal(columnValues(batches, 3), [1.5, -0.25, 3, 0]);
  assert.equal(columnValues(batches, 4), ['héllo ✓', '', '{"k":[1,2]}', '']);
  assert.equal(columnValues(batches, 5), [true, false, true, false]);
  assert.equal(src.counters(), { rows: 4, bad_lines: 0, restarts: 0 });
}));

test('counts and logs bad lines with their line number and reason, and keeps the table intact', () => withSource(async ({ store, log, path, src }) => {
  writeFileSync(path, [
    '{"time_":"1","n":"1","id":"0:0"}',
    '{"time_":"2","n":1700000000000000001,"id":"0:0"}',
    'not json',
    '{"time_":"3","n":"1","id":"7"}',
    '[1,2]',
    '',
    '{"time_":"4","n":"99999999999999999999","id":"0:0"}',
    '{"time_":"yesterday"}',
    '{"time_":"5","n":"2","id":"0:0","b":"yes"}',
    '{"time_":"6","n":"3","id":"0:0"}',
  ].join('\n') + '\n');
  await src.pollOnce();
  const { batches } = store.snapshot('edge_cases');
  assert.equal(columnValues(batches, 0), [1n, 6n]);
  assert.equal(columnValues(batches, 1), [1n, 3n]);
  assert.equal(src.counters(), { rows: 2, bad_lines: 7, restarts: 0 });
  const bad = log.lines.filter((l) => l.msg === 'bad jsonl line skipped').map((l) => [l.fields['line'], l.fields['reason']]);
  assert.equal(bad.map((b) => b[0]), [2, 3, 4, 5, 7, 8, 9]);
  assert.equal(bad[0]![1], 'n: integer 1700000000000000000 is beyond 2^53 and lost precision in JSON; write it as a decimal string');
  assert.match(String(bad[1]![1]), /^invalid JSON: /);
  assert.equal(bad.slice(2).map((b) => b[1]), [
    'id: expected a UINT128 as "high:low" in decimal or {"high","low"}, got "7"',
    'expected a JSON object',
    'n: expected an int64 (integer or decimal string), got "99999999999999999999"',
    'time_: expected a time (integer ns, decimal string or RFC 3339), got "yesterday"',
    'b: expected true or false, got "yes"',
  ]);
  assert.equal(src.health(), { status: 'ok' });
}));

test('logs only the first bad lines of a poll individually, then a count', () => withSource(async ({ log, path, src }) => {
  writeFileSync(path, 'x\n'.repeat(5));
  await src.pollOnce();
  assert.equal(log.lines.map((l) => [l.msg, l.fields['line'] ?? l.fields['count']]), [
    ['bad jsonl line skipped', 1], ['bad jsonl line skipped', 2], ['more bad jsonl lines skipped', 3],
  ]);
  assert.is(src.counters()['bad_lines'], 5);
}, { logBadLinesPerPoll: 2 }));

test('reads appended lines, waiting for a line to be complete', () => withSource(async ({ store, path, src }) => {
  writeFileSync(path, '{"time_":"1","n":"1","id":"0:0"}\n{"time_":"2","n":');
  await src.pollOnce();
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [1n]);
  appendFileSync(path, '"2","id":"0:0"}\n');
  await src.pollOnce();
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [1n, 2n]);
  assert.is(src.counters()['bad_lines'], 0);
}));

test('follows a rotated file: finishes the old one, then reads the new one from its start', () => withSource(async ({ dir, store, log, path, src }) => {
  writeFileSync(path, '{"time_":"1","n":"1","id":"0:0"}\n');
  await src.pollOnce();
  appendFileSync(path, '{"time_":"2","n":"2","id":"0:0"}\n{"time_":"3","n":"3","id":"0:0"}');
  renameSync(path, join(dir, 'in.jsonl.1'));
  writeFileSync(path, '{"time_":"4","n":"4","id":"0:0"}\nbad\n');
  await src.pollOnce();
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [1n, 2n, 3n, 4n]);
  assert.equal(src.counters(), { rows: 4, bad_lines: 1, restarts: 1 });
  assert.is(log.lines.find((l) => l.msg === 'bad jsonl line skipped')!.fields['line'], 2);
  assert.equal(log.lines.find((l) => l.msg === 'jsonl file restarted from its beginning')!.fields['why'], 'rotated');
}));

test('starts over after truncation', () => withSource(async ({ store, path, src }) => {
  writeFileSync(path, '{"time_":"1","n":"1","id":"0:0"}\n{"time_":"2","n":"2","id":"0:0"}\n');
  await src.pollOnce();
  truncateSync(path, 0);
  appendFileSync(path, '{"time_":"3","n":"3","id":"0:0"}\n');
  await src.pollOnce();
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [1n, 2n, 3n]);
  assert.equal(src.counters(), { rows: 3, bad_lines: 0, restarts: 1 });
}));

test('a missing file makes the source degraded until it appears', () => withSource(async ({ store, path, src }) => {
  await src.pollOnce();
  assert.equal(src.health(), { status: 'degraded', reason: `cannot read ${path}: ENOENT` });
  writeFileSync(path, '{"time_":"1","n":"5","id":"0:0"}\n');
  await src.pollOnce();
  assert.equal(src.health(), { status: 'ok' });
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [5n]);
}));

test('drops an over-long line as a bad line and keeps reading', () => withSource(async ({ store, log, path, src }) => {
  const long = '{"time_":"1","n":"1","id":"0:0","s":"' + 'x'.repeat(1024 * 1024 + 10) + '"}';
  writeFileSync(path, `${long}\n{"time_":"2","n":"2","id":"0:0"}\n`);
  await src.pollOnce();
  assert.equal(columnValues(store.snapshot('edge_cases').batches, 1), [2n]);
  const bad = log.lines.find((l) => l.msg === 'bad jsonl line skipped')!;
  assert.equal([bad.fields['line'], bad.fields['reason']], [1, `line is ${long.length} bytes, longer than the 1048576-byte limit`]);
}));

test('refuses a table that is not declared', () => {
  const { store, log, path, cleanup } = setup();
  try {
    assert.throws(() => new JsonlSource({ table: 'nope', path, store, log }), /jsonl source: table nope is not declared/);
  } finally {
    cleanup();
  }
});

test.run();
