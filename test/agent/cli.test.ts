// The agent binary as users meet it: both bundles run as real processes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBundle, startBundle, type ProfileName } from '../helpers/dist.js';

for (const profile of ['enabled', 'stripped'] as ProfileName[]) {
  test(`${profile}: --help prints usage and the flag list, exit 0`, async () => {
    const r = await runBundle(profile, ['--help']);
    assert.is(r.code, 0);
    assert.ok(r.stdout.includes('Usage: pemdq [serve] [--flag=value ...]'));
    assert.ok(r.stdout.includes('--table_store_data_limit=VALUE'));
    assert.is(r.stdout.includes('--direct_query_enabled'), profile === 'enabled');
    assert.is(r.stdout.includes('This build does not include direct query.'), profile === 'stripped');
  });

  test(`${profile}: --version names the build`, async () => {
    const r = await runBundle(profile, ['--version']);
    assert.is(r.code, 0);
    assert.match(r.stdout, new RegExp(`^pemdq \\d+\\.\\d+\\.\\d+ \\(${profile} build, direct query (not )?included\\)\\n$`));
  });

  test(`${profile}: a bad flag value exits 2 naming flag, value and expected type`, async () => {
    const r = await runBundle(profile, ['--table_store_data_limit=lots']);
    assert.is(r.code, 2);
    assert.is(r.stderr.split('\n')[0], 'pemdq: invalid value for --table_store_data_limit: "lots"; expected an integer between 1 and 1048576');
  });

  test(`${profile}: a bad env value exits 2 naming the variable`, async () => {
    const r = await runBundle(profile, [], { PL_TABLE_STORE_HTTP_EVENTS_PERCENT: '140' });
    assert.is(r.code, 2);
    assert.is(r.stderr.split('\n')[0], 'pemdq: invalid value for PL_TABLE_STORE_HTTP_EVENTS_PERCENT: "140"; expected an integer between 1 and 100');
  });

  test(`${profile}: an unknown command exits 2`, async () => {
    const r = await runBundle(profile, ['frobnicate']);
    assert.is(r.code, 2);
    assert.ok(r.stderr.startsWith('pemdq: unknown command: frobnicate\n'));
  });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    test(`${profile}: serve runs until ${sig}, then exits 0`, async () => {
      const a = await startBundle(profile, ['--log_format=json'], {}, /pemdq running/);
      a.child.kill(sig);
      const r = await a.done;
      assert.is(r.code, 0);
      const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string });
      assert.ok(lines.some((l) => l.msg === 'pemdq stopping'));
      assert.is(lines[lines.length - 1]!.msg, 'pemdq stopped');
    });
  }
}

test('stripped: --direct_query_enabled is an unknown flag, exit 2', async () => {
  const r = await runBundle('stripped', ['--direct_query_enabled']);
  assert.is(r.code, 2);
  assert.is(r.stderr, "pemdq: unknown flag: --direct_query_enabled\nRun 'pemdq --help' for the list of flags.\n");
});

test('enabled: --direct_query_enabled=maybe exits 2 naming the expected type', async () => {
  const r = await runBundle('enabled', ['--direct_query_enabled=maybe']);
  assert.is(r.code, 2);
  assert.is(r.stderr.split('\n')[0], 'pemdq: invalid value for --direct_query_enabled: "maybe"; expected a boolean (true/false, 1/0, yes/no)');
});

test('stripped: with PL_PEM_DIRECT_QUERY_ENABLED set it says once that the feature is absent and runs on', async () => {
  const a = await startBundle('stripped', [], { PL_PEM_DIRECT_QUERY_ENABLED: 'true' }, /pemdq running/);
  a.child.kill('SIGTERM');
  const r = await a.done;
  assert.is(r.code, 0);
  const notes = r.stderr.split('\n').filter((l) => l.includes('direct query is not part of this build'));
  assert.is(notes.length, 1);
  assert.is((JSON.parse(notes[0]!) as { level: string }).level, 'warn');
});

test('text log format is one readable line per event', async () => {
  const a = await startBundle('stripped', ['--log_format=text'], {}, /pemdq running/);
  a.child.kill('SIGTERM');
  const r = await a.done;
  assert.is(r.code, 0);
  assert.match(r.stderr, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO  pemdq starting version=\S+ build=stripped pid=\d+$/m);
});

test.run();
