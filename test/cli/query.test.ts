// `pemdq query` in-process against a scripted server: argument checks, both output forms,
// and script errors shown with the line and a caret.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuery } from '../../src/cli/query.js';
import { DataType, SemanticType } from '../../src/types/index.js';
import { startFakeServer, type Script } from '../client/fake-server.js';

function io() {
  const r = { stdout: '', stderr: '', out: (t: string) => void (r.stdout += t), err: (t: string) => void (r.stderr += t) };
  return r;
}

const table: Script = [
  { queryId: 'q', result: { case: 'metaData', value: { id: 'a', name: 'counts', relation: { columns: [
    { columnName: 'svc', columnType: DataType.STRING, columnSemanticType: SemanticType.ST_SERVICE_NAME },
    { columnName: 'n', columnType: DataType.INT64, columnSemanticType: SemanticType.ST_NONE },
  ] } } } },
  { queryId: 'q', result: { case: 'data', value: { batch: { tableId: 'a', numRows: 2n, eos: true, cols: [
    { colData: { case: 'stringData', value: { data: [new TextEncoder().encode('ns/a'), new TextEncoder().encode('ns/bb')] } } },
    { colData: { case: 'int64Data', value: { data: [3n, 12n] } } },
  ] } } } },
];

const usageCases: Array<[string[], Record<string, string>, string]> = [
  [[], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: give the script with exactly one of -e SCRIPT or --file PATH\n'],
  [['-e', 'x', '--file', 'y'], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: give the script with exactly one of -e SCRIPT or --file PATH\n'],
  [['-e', 'x', '--plaintext', '--insecure_skip_verify'], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: --plaintext and --insecure_skip_verify exclude each other\n'],
  [['-e', 'x', '--func', 'f', '--arg', 'novalue'], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: --arg wants name=value, got "novalue"\n'],
  [['-e', 'x', '--arg', 'a=1'], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: --arg needs --func NAME\n'],
  [['-e', 'x'], {}, 'pemdq query: no signing key: pass --key_file PATH or set PL_JWT_SIGNING_KEY\n'],
  [['--file', '/nonexistent/script.pxl'], { PL_JWT_SIGNING_KEY: 'k' }, 'pemdq query: cannot read /nonexistent/script.pxl: ENOENT\n'],
  [['-e', 'x', '--format=xml'], {}, 'pemdq query: invalid value for --format: "xml"; expected one of table, json\n'],
];

for (const [argv, env, first] of usageCases) {
  test(`usage error for ${JSON.stringify(argv)}: exit 2 with a precise message`, async () => {
    const o = io();
    assert.is(await runQuery(argv, env, o), 2);
    assert.is(o.stderr, `${first}Run 'pemdq query --help'.\n`);
  });
}

test('--help lists the flags', async () => {
  const o = io();
  assert.is(await runQuery(['--help'], {}, o), 0);
  assert.ok(o.stdout.startsWith('Usage: pemdq query (-e SCRIPT | --file PATH)'));
  assert.ok(o.stdout.includes('--insecure_skip_verify'));
});

test('prints an aligned table, then JSON lines, with exec func arguments passed through', async () => {
  const srv = await startFakeServer(() => table);
  const dir = await mkdtemp(join(tmpdir(), 'pemdq-q-'));
  try {
    await writeFile(join(dir, 'key'), 'from-file-key\n');
    await writeFile(join(dir, 's.pxl'), 'import px\n');
    const o = io();
    const code = await runQuery(['--addr', `127.0.0.1:${srv.port}`, '--plaintext', '--file', join(dir, 's.pxl'), '--key_file', join(dir, 'key'), '--func', 'f', '--arg', 'ns=a,b', '--arg', 'n=2'], {}, o);
    assert.is(code, 0, o.stderr);
    assert.is(o.stdout, 'counts (2 rows)\nsvc     n\n-----  --\nns/a    3\nns/bb  12\n\n');
    const req = srv.requests[0]!.req;
    assert.is(req.queryStr, 'import px\n');
    assert.equal(req.execFuncs.map((f) => ({ name: f.funcName, prefix: f.outputTablePrefix, args: f.argValues.map((a) => [a.name, a.value]) })),
      [{ name: 'f', prefix: 'f', args: [['ns', 'a,b'], ['n', '2']] }]);
    const j = io();
    assert.is(await runQuery(['--addr', `127.0.0.1:${srv.port}`, '--plaintext', '-e', 'x', '--format=json'], { PL_JWT_SIGNING_KEY: 'k' }, j), 0);
    assert.is(j.stdout, '{"_table":"counts","svc":"ns/a","n":3}\n{"_table":"counts","svc":"ns/bb","n":12}\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await srv.stop();
  }
});

test('a compile error exits 1 and shows the script line with a caret', async () => {
  const srv = await startFakeServer(() => [
    { queryId: 'q', status: { code: 3, message: 'x', errorDetails: [{ error: { case: 'compilerError', value: { line: 2n, column: 6n, message: "name 'dff' is not defined" } } }] } },
    { end: { code: 3, details: 'x' } },
  ]);
  try {
    const o = io();
    assert.is(await runQuery(['--addr', `127.0.0.1:${srv.port}`, '--plaintext', '-e', 'import px\npx.display(dff)'], { PL_JWT_SIGNING_KEY: 'k' }, o), 1);
    assert.is(o.stderr, "error: name 'dff' is not defined\n  --> script:2:6\n2 | px.display(dff)\n         ^\n");
  } finally {
    await srv.stop();
  }
});

test('a refused call exits 1 naming the status', async () => {
  const srv = await startFakeServer(() => [{ end: { code: 16, details: 'authentication failed' } }]);
  try {
    const o = io();
    assert.is(await runQuery(['--addr', `127.0.0.1:${srv.port}`, '--plaintext', '-e', 'x'], { PL_JWT_SIGNING_KEY: 'k' }, o), 1);
    assert.ok(o.stderr.startsWith('pemdq query: authentication failed (UNAUTHENTICATED 16)\nhint: '), o.stderr);
    assert.match(o.stderr, /signing key/);
  } finally {
    await srv.stop();
  }
});

test('an unreachable agent exits 1 with a hint about address and TLS', async () => {
  const srv = await startFakeServer(() => []);
  const port = srv.port;
  await srv.stop();
  const o = io();
  assert.is(await runQuery(['--addr', `127.0.0.1:${port}`, '--plaintext', '--timeout_ms', '5000', '-e', 'x'], { PL_JWT_SIGNING_KEY: 'k' }, o), 1);
  assert.match(o.stderr, /\(UNAVAILABLE 14\)\nhint: no agent answered at 127\.0\.0\.1:\d+: is it running with --direct_query_enabled/);
});

test.run();
