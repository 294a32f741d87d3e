// The feature's start-up in process: numbered steps, READY line, failures per step that
// leave the caller running, and the served VizierService behind the gate over real TLS.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:net';
import { status } from '@grpc/grpc-js';
import { feature } from '../../src/directquery/index.js';
import { directQueryFlags } from '../../src/directquery/flags.js';
import { coreFlags, parseArgs } from '../../src/config/index.js';
import { NO_DATA_PLANE_MESSAGE, OTEL_UNSUPPORTED_MESSAGE, READ_ONLY_MESSAGE, UNAUTHENTICATED_MESSAGE } from '../../src/directquery/service/status.js';
import { certDir, makeClusterTls, type ClusterTls } from '../e2e/helpers/certs.js';
import { bearer, mintServiceToken } from '../e2e/helpers/tokens.js';
import { executeScript, generateOTelScript, healthCheck, vizierClient } from '../e2e/helpers/vizier-client.js';
import { captureLog } from './log-capture.js';

const KEY = 'feature-test-key-Rt5Yu7Io9Pa1Sd3Fg5Hj7Kl9';
const dir = certDir('pemdq-feature-test-');
let tls: ClusterTls;

test.before(() => {
  tls = makeClusterTls(dir.dir);
});
test.after(() => dir.cleanup());

function flags(args: string[], env: Record<string, string> = {}) {
  const base = ['--direct_query_enabled', '--direct_query_port=0', '--direct_query_bind_address=127.0.0.1'];
  const tlsEnv = { PL_TLS_CA_CERT: tls.ca.cert, PL_CLIENT_TLS_CERT: tls.server.cert, PL_CLIENT_TLS_KEY: tls.server.key };
  return parseArgs({ ...coreFlags, ...directQueryFlags }, [...base, ...args], { PL_JWT_SIGNING_KEY: KEY, ...tlsEnv, ...env }).values as Record<string, unknown>;
}

test('is off without --direct_query_enabled and opens no port', async () => {
  const cap = captureLog();
  const h = await feature.start({ log: cap.log, env: {}, flags: parseArgs({ ...coreFlags, ...directQueryFlags }, [], {}).values });
  assert.is(h.state, 'off');
  assert.is(h.port, undefined);
  await h.stop(0);
});

test('starts in four logged steps, serves TLS, and answers every method behind the gate', async () => {
  const cap = captureLog();
  const h = await feature.start({ log: cap.log, env: {}, flags: flags([]) });
  try {
    assert.is(h.state, 'ready');
    const infos = cap.lines.filter((l) => l.level === 'info').map((l) => l.msg);
    assert.equal(infos.filter((m) => m.includes('step')), [
      'direct-query: step 1/4 key (from --jwt_signing_key / PL_JWT_SIGNING_KEY; previous key not set)',
      'direct-query: step 2/4 tls',
      'direct-query: step 3/4 server',
      'direct-query: step 4/4 listen',
    ]);
    assert.is(infos[infos.length - 1], `direct-query: READY on :${h.port} (tls)`);
    const c = vizierClient(h.port!, { ca: tls.ca.cert });
    const ok = () => [bearer(mintServiceToken(KEY))];
    assert.equal(await executeScript(c, ok()), { messages: [], code: status.UNAVAILABLE, details: NO_DATA_PLANE_MESSAGE });
    assert.equal(await executeScript(c, ok(), { mutation: true }), { messages: [], code: status.UNIMPLEMENTED, details: READ_ONLY_MESSAGE });
    assert.equal(await executeScript(c, []), { messages: [], code: status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
    assert.equal(await generateOTelScript(c, ok()), { messages: [], code: status.UNIMPLEMENTED, details: OTEL_UNSUPPORTED_MESSAGE });
    assert.equal(await generateOTelScript(c, ['bearer x']), { messages: [], code: status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
    const health = await healthCheck(c, ok(), 1);
    assert.equal(health.messages.map((m) => m.status?.code), [0]);
    assert.equal(await healthCheck(c, []), { messages: [], code: status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
    c.close();
    const refusals = cap.lines.filter((l) => l.msg === 'direct-query: call refused: unauthenticated').map((l) => [l['method'], l['code']]);
    assert.equal(refusals, [
      ['ExecuteScript', 'ERR_AUTH_NO_CREDENTIALS'],
      ['GenerateOTelScript', 'ERR_AUTH_MALFORMED'],
      ['HealthCheck', 'ERR_AUTH_NO_CREDENTIALS'],
    ]);
    assert.not.ok(cap.text().includes(KEY));
  } finally {
    await h.stop(1000);
  }
  const summary = cap.lines.find((l) => l.msg === 'direct-query: stopped; auth summary');
  assert.equal(summary?.['auth'], {
    accepted: 4,
    acceptedWithoutJti: 0,
    acceptedWithPreviousKey: 0,
    refused: { ERR_AUTH_NO_CREDENTIALS: 2, ERR_AUTH_MALFORMED: 1 },
    replayCacheSize: 4,
    verifiedCacheHits: 0,
    verifiedCacheSize: 0,
  });
});

test('uses --direct_query_jwt_signing_key over the cluster key and reports a previous key', async () => {
  const cap = captureLog();
  const own = 'own-direct-query-key-Mn3Bv5Cx7Za9Sd1Fg3Hj';
  const h = await feature.start({ log: cap.log, env: {}, flags: flags([`--direct_query_jwt_signing_key=${own}`, '--disable_ssl'], { PL_JWT_SIGNING_KEY_PREV: KEY }) });
  try {
    assert.ok(cap.lines.some((l) => l.msg === 'direct-query: step 1/4 key (from --direct_query_jwt_signing_key; previous key set)'));
    assert.ok(cap.lines.some((l) => l.msg === `direct-query: READY on :${h.port} (plaintext)`));
    const c = vizierClient(h.port!);
    assert.is((await executeScript(c, [bearer(mintServiceToken(own))])).code, status.UNAVAILABLE);
    assert.is((await executeScript(c, [bearer(mintServiceToken(KEY))])).code, status.UNAVAILABLE, 'the previous key verifies');
    c.close();
    assert.not.ok(cap.text().includes(own));
  } finally {
    await h.stop(1000);
  }
});

test('warns about a short key', async () => {
  const cap = captureLog();
  const h = await feature.start({ log: cap.log, env: {}, flags: flags(['--disable_ssl'], { PL_JWT_SIGNING_KEY: 'short' }) });
  assert.ok(cap.lines.some((l) => l.level === 'warn' && l.msg === 'direct-query: the signing key is shorter than 32 bytes; HS256 keys should be at least that long'));
  await h.stop(0);
});

for (const [name, args, env, line] of [
  ['no signing key', [], { PL_JWT_SIGNING_KEY: '' }, 'direct-query: step 1/4 key failed: no signing key: set PL_JWT_SIGNING_KEY (or --jwt_signing_key / --direct_query_jwt_signing_key); direct query is off, the rest of the agent keeps running'],
  ['a missing CA file', ['--tls_ca_cert=/nonexistent/ca.crt'], {}, 'direct-query: step 2/4 tls failed: /nonexistent/ca.crt: no such file; direct query is off, the rest of the agent keeps running'],
] as const) {
  test(`refuses to start with ${name}, logging the step, without throwing`, async () => {
    const cap = captureLog();
    const h = await feature.start({ log: cap.log, env: {}, flags: flags([...args], { ...env }) });
    assert.is(h.state, 'failed');
    assert.equal(cap.lines.filter((l) => l.level === 'error').map((l) => l.msg), [line]);
    await h.stop(0);
  });
}

test('a port in use fails step 4 and releases the TLS watcher', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const cap = captureLog();
    const h = await feature.start({ log: cap.log, env: {}, flags: flags([`--direct_query_port=${port}`]) });
    assert.is(h.state, 'failed');
    const errors = cap.lines.filter((l) => l.level === 'error');
    assert.is(errors.length, 1);
    assert.ok(errors[0]!.msg.startsWith('direct-query: step 4/4 listen failed: '), errors[0]!.msg);
    assert.is(errors[0]!['step'], 'listen');
  } finally {
    blocker.close();
  }
});

test.run();
