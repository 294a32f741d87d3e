// The direct-query auth gate and transport, end to end: the built enabled bundle runs as a
// real process with certificates made for this test; a grpc-js client built from the proto
// service definition calls it over real TLS. Valid tokens reach the not-yet-wired stage
// (UNIMPLEMENTED with its message), everything else gets the one UNAUTHENTICATED text.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { authMatrix, type AuthCase } from '../directquery/auth-matrix.js';
import { certDir, issueCert, makeCa, makeClusterTls, tlsEnv, type ClusterTls } from './helpers/certs.js';
import { startAgent, type RunningAgent } from './helpers/agent.js';
import { bearer, mintServiceToken } from './helpers/tokens.js';
import { executeScript, generateOTelScript, healthCheck, openHealthCheck, vizierClient, type VizierClient } from './helpers/vizier-client.js';
import { waitFor } from './helpers/wait.js';
import { OTEL_UNSUPPORTED_MESSAGE, READ_ONLY_MESSAGE, UNAUTHENTICATED_MESSAGE } from '../../src/directquery/service/status.js';

const KEYS = {
  key: 'e2e-current-key-Vb7Nm2Qw9Er4Ty6Ui1Op3As5',
  previousKey: 'e2e-previous-key-Df8Gh0Jk2Lz4Xc6Vb8Nm1Qw',
  otherKey: 'e2e-other-key-Ty3Ui5Op7As9Df1Gh3Jk5Lz7X',
};

const dir = certDir('pemdq-e2e-auth-');
let tls: ClusterTls;
const agents: RunningAgent[] = [];
const clients: VizierClient[] = [];
/** Every token this file sends, to prove none reaches a log. */
const sentTokens = new Set<string>();

const UNAUTH = { code: status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE };
/** An accepted call runs the query to its end: status OK. */
const ACCEPTED = { code: status.OK, details: '' };

async function agent(args: string[] = [], env: Record<string, string> = {}): Promise<RunningAgent> {
  const a = await startAgent({ args: ['--v=2', ...args], env: { PL_JWT_SIGNING_KEY: KEYS.key, ...tlsEnv(tls), ...env } });
  agents.push(a);
  return a;
}

function client(port: number, t: Parameters<typeof vizierClient>[1]): VizierClient {
  const c = vizierClient(port, t);
  clients.push(c);
  return c;
}

function token(key = KEYS.key, opts: Parameters<typeof mintServiceToken>[1] = {}): string[] {
  const t = mintServiceToken(key, opts);
  sentTokens.add(t);
  return [bearer(t)];
}

function outcome(o: { code: number; details: string }) {
  return { code: o.code, details: o.details };
}

let main: RunningAgent;
let tlsClient: VizierClient;

test.before(async () => {
  tls = makeClusterTls(dir.dir);
  main = await agent([], { PL_JWT_SIGNING_KEY_PREV: KEYS.previousKey });
  tlsClient = client(main.port!, { ca: tls.ca.cert });
});

test.after(async () => {
  for (const c of clients) c.close();
  const runs = await Promise.all(agents.map((a) => a.stop()));
  dir.cleanup();
  for (const r of runs) assert.is(r.code, 0);
});

test('the agent reports its direct-query port and TLS in its READY line, after numbered steps', () => {
  assert.is(main.mode, 'tls');
  assert.ok(main.port! > 0);
  for (const s of ['step 1/4 key', 'step 2/4 tls', 'step 3/4 server', 'step 4/4 listen']) assert.ok(main.stderr().includes(`direct-query: ${s}`), s);
});

test('the whole matrix over real TLS: valid tokens reach the query stage, every other one is UNAUTHENTICATED', async () => {
  const all: AuthCase[] = authMatrix(KEYS, Date.now() / 1000);
  const cases = all.filter((c) => c.unitOnly === undefined);
  assert.equal(all.filter((c) => c.unitOnly !== undefined).map((c) => c.name), ['two authorization values']);
  const got: string[] = [];
  const want: string[] = [];
  let refusals = 0;
  for (const c of cases) {
    for (const v of c.authorization) sentTokens.add(v.slice(v.indexOf(' ') + 1));
    const o = await executeScript(tlsClient, c.authorization);
    const expected = 'accept' in c.expect ? ACCEPTED : UNAUTH;
    if (!('accept' in c.expect)) refusals++;
    got.push(`${c.name}: ${o.code} ${o.details}`);
    want.push(`${c.name}: ${expected.code} ${expected.details}`);
  }
  assert.equal(got, want);
  // Each refusal is explained in the debug log with the gate's code.
  const before = agentRefusals(main).length;
  await waitFor('refusal log lines', () => agentRefusals(main).length >= refusals);
  assert.ok(before <= refusals);
  const logged = agentRefusals(main).map((l) => l.code).sort();
  const expectedCodes = cases.flatMap((c) => ('accept' in c.expect ? [] : [c.wireCode ?? c.expect.code])).sort();
  assert.equal(logged, expectedCodes);
});

function agentRefusals(a: RunningAgent): { code: string }[] {
  return a
    .stderr()
    .split('\n')
    .filter((l) => l.includes('call refused: unauthenticated') && l.includes('"method":"ExecuteScript"'))
    .map((l) => JSON.parse(l) as { code: string });
}

test('a replayed jti is refused the second time', async () => {
  const auth = token(KEYS.key, { set: { jti: 'e2e-replay-1' } });
  assert.equal(outcome(await executeScript(tlsClient, auth)), ACCEPTED);
  assert.equal(outcome(await executeScript(tlsClient, auth)), UNAUTH);
});

test('mutations are refused as read-only after authentication, and unauthenticated before that', async () => {
  assert.equal(outcome(await executeScript(tlsClient, token(), { mutation: true })), { code: status.UNIMPLEMENTED, details: READ_ONLY_MESSAGE });
  assert.equal(outcome(await executeScript(tlsClient, ['bearer nope'], { mutation: true })), UNAUTH);
});

test('HealthCheck answers status 0 at once to a valid token and UNAUTHENTICATED otherwise', async () => {
  const ok = await healthCheck(tlsClient, token(), 1);
  assert.equal(ok.messages.map((m) => m.status?.code), [0]);
  assert.is(ok.code, status.CANCELLED); // the client left after the first message
  assert.equal(outcome(await healthCheck(tlsClient, token(KEYS.otherKey))), UNAUTH);
});

test('GenerateOTelScript is unimplemented after authentication', async () => {
  assert.equal(outcome(await generateOTelScript(tlsClient, token())), { code: status.UNIMPLEMENTED, details: OTEL_UNSUPPORTED_MESSAGE });
  assert.equal(outcome(await generateOTelScript(tlsClient, [])), UNAUTH);
});

test('a token signed with the previous key is refused by an agent without PL_JWT_SIGNING_KEY_PREV', async () => {
  const prevToken = token(KEYS.previousKey);
  assert.equal(outcome(await executeScript(tlsClient, token(KEYS.previousKey))), ACCEPTED);
  const b = await agent();
  assert.equal(outcome(await executeScript(client(b.port!, { ca: tls.ca.cert }), prevToken)), UNAUTH);
});

test('a plaintext client cannot talk to the TLS listener', async () => {
  const o = await executeScript(client(main.port!, undefined), token(), {}, 5000);
  assert.is(o.code, status.UNAVAILABLE);
});

test('a client that does not trust the cluster CA cannot connect', async () => {
  const other = makeCa(dir.dir, 'stranger-ca');
  const o = await executeScript(client(main.port!, { ca: other.cert }), token(), {}, 5000);
  assert.is(o.code, status.UNAVAILABLE);
});

test('with --direct_query_require_client_cert only clients with a certificate from the cluster CA connect', async () => {
  const m = await agent(['--direct_query_require_client_cert']);
  const strangerCa = makeCa(dir.dir, 'mtls-stranger-ca');
  const stranger = issueCert(dir.dir, strangerCa, 'mtls-stranger');
  assert.is((await executeScript(client(m.port!, { ca: tls.ca.cert }), token(), {}, 5000)).code, status.UNAVAILABLE);
  assert.is((await executeScript(client(m.port!, { ca: tls.ca.cert, ...stranger }), token(), {}, 5000)).code, status.UNAVAILABLE);
  assert.equal(outcome(await executeScript(client(m.port!, { ca: tls.ca.cert, ...tls.client }), token())), ACCEPTED);
  assert.ok(m.stderr().includes('"clientCert":"required"'));
});

test('PL_DISABLE_SSL=1 serves plaintext and warns at start', async () => {
  const p = await agent([], { PL_DISABLE_SSL: '1' });
  assert.is(p.mode, 'plaintext');
  assert.ok(p.stderr().includes('PL_DISABLE_SSL is set: serving PLAINTEXT'));
  assert.equal(outcome(await executeScript(client(p.port!, undefined), token())), ACCEPTED);
});

test('certificates changed on disk are served to new connections while an open call continues', async () => {
  const rdir = certDir('pemdq-e2e-reload-');
  try {
    const first = makeClusterTls(rdir.dir, 'first-');
    const live = { PL_TLS_CA_CERT: `${rdir.dir}/live-ca.crt`, PL_CLIENT_TLS_CERT: `${rdir.dir}/live.crt`, PL_CLIENT_TLS_KEY: `${rdir.dir}/live.key` };
    copyFileSync(first.ca.cert, live.PL_TLS_CA_CERT);
    copyFileSync(first.server.cert, live.PL_CLIENT_TLS_CERT);
    copyFileSync(first.server.key, live.PL_CLIENT_TLS_KEY);
    const r = await agent(['--direct_query_tls_reload_interval_ms=100'], live);
    const oldClient = client(r.port!, { ca: first.ca.cert });
    // An in-flight call on the first certificate: a HealthCheck stream that stays open.
    const stream = openHealthCheck(oldClient, token());
    let ended = '';
    let beats = 0;
    stream.on('data', () => beats++);
    stream.on('error', (e: { code: number }) => (ended ||= `error ${e.code}`));
    stream.on('end', () => (ended ||= 'end'));
    await waitFor('the first health beat', () => beats > 0 || ended !== '');
    assert.is(ended, '');

    const second = makeClusterTls(rdir.dir, 'second-');
    copyFileSync(second.server.cert, live.PL_CLIENT_TLS_CERT); // the cert first: a half-done rotation is skipped
    copyFileSync(second.server.key, live.PL_CLIENT_TLS_KEY);
    copyFileSync(second.ca.cert, live.PL_TLS_CA_CERT);
    await waitFor('the reload log line', () => r.stderr().includes('TLS material reloaded'));

    assert.equal(outcome(await executeScript(client(r.port!, { ca: second.ca.cert }), token())), ACCEPTED);
    assert.is((await executeScript(client(r.port!, { ca: first.ca.cert }), token(), {}, 5000)).code, status.UNAVAILABLE);
    assert.is(ended, '', 'the open call was dropped by the reload');
    stream.cancel();
    await waitFor('the cancelled stream to end', () => ended !== '');
    assert.is(ended, `error ${status.CANCELLED}`);
  } finally {
    rdir.cleanup();
  }
});

test('a missing certificate file fails only direct query, naming the file; the agent keeps running', async () => {
  const a = await agent([], { PL_CLIENT_TLS_CERT: `${dir.dir}/does-not-exist.crt` });
  assert.is(a.port, undefined);
  assert.match(a.failure!, `step 2/4 tls failed: ${dir.dir}/does-not-exist.crt: no such file`);
  await waitFor('the agent to report running', () => a.stderr().includes('pemdq running'));
  assert.is(a.child.exitCode, null);
});

test('a private key that does not match the certificate fails start-up naming both files', async () => {
  const a = await agent([], { PL_CLIENT_TLS_KEY: tls.client.key });
  assert.match(a.failure!, `step 2/4 tls failed: ${tls.client.key}: private key does not match the certificate in ${tls.server.cert}`);
});

test('a file that is not PEM fails start-up naming it', async () => {
  const a = await agent([], { PL_TLS_CA_CERT: tls.server.key });
  assert.match(a.failure!, `step 2/4 tls failed: ${tls.server.key}: no PEM CA bundle found`);
});

test('no signing key with the feature on: a clear refusal at step 1, the agent keeps running', async () => {
  const a = await agent([], { PL_JWT_SIGNING_KEY: '' });
  assert.match(a.failure!, 'step 1/4 key failed: no signing key: set PL_JWT_SIGNING_KEY');
  assert.is(a.child.exitCode, null);
});

test('no log line of any agent contains a key or a token', async () => {
  // Give the agents a moment to flush the last debug lines of the calls above.
  await new Promise((r) => setTimeout(r, 200));
  const logs = agents.map((a) => a.stderr()).join('\n');
  assert.ok(logs.includes('call refused'), 'the debug log was captured');
  for (const k of Object.values(KEYS)) assert.not.ok(logs.includes(k), 'a key leaked into the log');
  let checked = 0;
  for (const t of sentTokens) {
    const parts = t.split('.');
    for (const piece of [t, ...(parts.length === 3 ? [parts[1]!, parts[2]!] : [])]) {
      if (piece.length < 12) continue;
      checked++;
      assert.not.ok(logs.includes(piece), 'a token (or its payload/signature) leaked into the log');
    }
  }
  assert.ok(checked > 100);
});

test.run();
