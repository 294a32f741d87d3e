// The build-time switch from source, and the stub's behaviour (the stripped bundle's view).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadFeature } from '../../src/agent/feature.js';
import { feature as stub, authenticate, executeScript } from '../../src/directquery/stub.js';
import { Logger } from '../../src/log/logger.js';

function capture(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  let out = '';
  const log = new Logger({ format: 'json', verbosity: 0, write: (l) => (out += l) });
  return { log, lines: () => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const loadDirectQuery = async () => (await loadFeature()).directQuery;

test('from source the switch selects the real module', async () => {
  const f = await loadDirectQuery();
  assert.is(f.included, true);
  assert.ok('direct_query_enabled' in f.flags);
  assert.is(await loadDirectQuery(), f);
});

test('the stub declares no flags and is not included', () => {
  assert.is(stub.included, false);
  assert.equal(Object.keys(stub.flags), []);
});

test('the stub warns once when the env asks for the feature, and starts nothing', async () => {
  const c = capture();
  const h = await stub.start({ log: c.log, env: { PL_PEM_DIRECT_QUERY_ENABLED: '1' }, flags: {} });
  assert.is(h.state, 'absent');
  assert.is(h.port, undefined);
  await h.stop(0);
  const lines = c.lines();
  assert.is(lines.length, 1);
  assert.is(lines[0]!['msg'], 'direct query is not part of this build; ignoring the setting and running on');
  assert.is(lines[0]!['level'], 'warn');
});

test('the stub is silent when the env is unset', async () => {
  const c = capture();
  await stub.start({ log: c.log, env: {}, flags: {} });
  assert.equal(c.lines(), []);
});

test('the stub refuses every token and every query', () => {
  assert.equal(authenticate(), { ok: false, code: 16 });
  assert.equal(executeScript(), { code: 12, message: 'direct query is not part of this build' });
});

test.run();
