// runCli in-process: the same behaviours as the bundle tests, observable without a child.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, type CliIo } from '../../src/agent/cli.js';

function io(stop?: Promise<string>): CliIo & { stdout: string; stderr: string } {
  const r = {
    stdout: '',
    stderr: '',
    out(t: string) { r.stdout += t; },
    err(t: string) { r.stderr += t; },
    ...(stop ? { stopSignal: stop } : {}),
  };
  return r;
}

test('--help from source lists the feature flags (source runs the real module)', async () => {
  const o = io();
  assert.is(await runCli(['--help'], {}, o), 0);
  assert.ok(o.stdout.includes('--direct_query_port=VALUE'));
  assert.ok(o.stdout.includes('[env: PL_PEM_DIRECT_QUERY_PORT]'));
});

test('--version reports a source build', async () => {
  const o = io();
  assert.is(await runCli(['--version'], {}, o), 0);
  assert.is(o.stdout, 'pemdq 0.0.0-dev (source build, direct query included)\n');
});

test('an unknown flag exits 2 with one line and a hint', async () => {
  const o = io();
  assert.is(await runCli(['--nosuchflag=1'], {}, o), 2);
  assert.is(o.stderr, "pemdq: unknown flag: --nosuchflag\nRun 'pemdq --help' for the list of flags.\n");
});

test('serve stops on the stop signal and exits 0, logging start and stop', async () => {
  const o = io(Promise.resolve('SIGTERM'));
  assert.is(await runCli(['serve', '--log_format=json'], {}, o), 0);
  const msgs = o.stderr.trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);
  assert.is(msgs[0], 'pemdq starting');
  assert.ok(msgs.includes('pemdq running; stop with SIGTERM or SIGINT (Ctrl-C)'));
  assert.is(msgs[msgs.length - 1], 'pemdq stopped');
});

test('an extra operand is refused', async () => {
  const o = io();
  assert.is(await runCli(['serve', 'now'], {}, o), 2);
  assert.is(o.stderr, "pemdq: unknown command: serve now\nCommands: serve. Run 'pemdq --help'.\n");
});

test.run();
