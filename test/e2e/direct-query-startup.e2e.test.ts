// Direct query start-up seen from outside: a failure at any step (no key, a missing
// certificate, the port in use) is logged with its step and leaves ingest running — the data
// plane's first "tables filling" report (5 s after start) still shows rows arriving — and
// the stripped bundle never opens a port whatever its env says, and rejects the flag.
// The agents of this file start side by side, so the 5 s wait is paid once.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Server } from 'node:net';
import { certDir, makeClusterTls, tlsEnv, type ClusterTls } from './helpers/certs.js';
import { startAgent, type RunningAgent } from './helpers/agent.js';
import { freePort, holdPort, probePort } from './helpers/query.js';
import { waitFor } from './helpers/wait.js';
import { runBundle, startBundle } from '../helpers/dist.js';
import type { ChildProcess } from 'node:child_process';

const KEY = 'e2e-startup-key-Rf5Tg7Yh9Uj1Ik3Ol5Pz7Xc';
const FILLING = /"msg":"tables filling"/;
const dir = certDir('pemdq-e2e-startup-');
let tls: ClusterTls;
let held: Server;
/** Stops each started process and resolves its exit code. */
const stops: (() => Promise<number | null>)[] = [];

interface Filling {
  readonly rows_per_s: number;
  readonly tables: Record<string, string>;
}

/** The first "tables filling" line of a log, parsed, once it is there. */
async function filling(stderr: () => string): Promise<Filling> {
  await waitFor('the first "tables filling" report', () => FILLING.test(stderr()), 15_000, 50);
  const line = stderr().split('\n').find((l) => FILLING.test(l))!;
  return JSON.parse(line) as Filling;
}

let noKey: RunningAgent;
let noCert: RunningAgent;
let portInUse: RunningAgent;
let heldPort: number;
let stripped: { child: ChildProcess; output: () => string };
let strippedPort: number;
let off: { child: ChildProcess; output: () => string };
let offPort: number;

test.before(async () => {
  tls = makeClusterTls(dir.dir);
  held = await holdPort();
  heldPort = (held.address() as { port: number }).port;
  strippedPort = await freePort();
  offPort = await freePort();
  const env = { PL_JWT_SIGNING_KEY: KEY, ...tlsEnv(tls) };
  const started = await Promise.all([
    startAgent({ env: tlsEnv(tls) }),
    startAgent({ env: { ...env, PL_CLIENT_TLS_CERT: `${dir.dir}/no-such-server.crt` } }),
    startAgent({ args: [`--direct_query_port=${heldPort}`], env }),
    startBundle('stripped', [], { ...env, PL_PEM_DIRECT_QUERY_ENABLED: 'true', PL_PEM_DIRECT_QUERY_PORT: String(strippedPort) }, /not part of this build/),
    startBundle('enabled', [], { ...env, PL_PEM_DIRECT_QUERY_PORT: String(offPort) }, /pemdq running/),
  ]);
  [noKey, noCert, portInUse] = started;
  stripped = started[3];
  off = started[4];
  for (const a of [noKey, noCert, portInUse]) stops.push(() => a.stop().then((r) => r.code));
  for (const b of [started[3], started[4]]) {
    stops.push(() => {
      b.child.kill('SIGTERM');
      return b.done.then((r) => r.code);
    });
  }
});

test.after(async () => {
  const codes = await Promise.all(stops.map((stop) => stop()));
  await new Promise<void>((r) => held.close(() => r()));
  dir.cleanup();
  assert.equal(codes, stops.map(() => 0));
});

/** Asserts ingest goes on after a failed direct-query step. */
async function ingestRuns(stderr: () => string): Promise<void> {
  const f = await filling(stderr);
  assert.ok(f.rows_per_s > 0, `rows arrive (${f.rows_per_s}/s)`);
  assert.match(f.tables['http_events'] ?? '', /^\d+ rows /);
  assert.not.match(stderr(), 'direct-query: READY');
}

test('no signing key: step 1/4 key fails, direct query is off, ingest goes on', async () => {
  assert.is(noKey.port, undefined);
  assert.match(noKey.failure!, 'direct-query: step 1/4 key failed');
  await ingestRuns(noKey.stderr);
  assert.is(noKey.child.exitCode, null, 'the agent is still running');
});

test('a missing certificate file: step 2/4 tls fails, ingest goes on', async () => {
  assert.is(noCert.port, undefined);
  assert.match(noCert.failure!, 'direct-query: step 2/4 tls failed');
  await ingestRuns(noCert.stderr);
  assert.is(noCert.child.exitCode, null);
});

test('the port in use: step 4/4 listen fails, ingest goes on, the port stays with its owner', async () => {
  assert.is(portInUse.port, undefined);
  assert.match(portInUse.failure!, 'direct-query: step 4/4 listen failed');
  await ingestRuns(portInUse.stderr);
  assert.is(portInUse.child.exitCode, null);
  assert.is(await probePort(heldPort), 'open');
});

test('no failure message carries the signing key', () => {
  for (const a of [noKey, noCert, portInUse]) assert.not.match(a.stderr(), KEY);
});

test('the stripped bundle with PL_PEM_DIRECT_QUERY_ENABLED=true says so once, runs on, and never opens the port', async () => {
  await filling(stripped.output);
  assert.is(stripped.output().split('direct query is not part of this build').length - 1, 1);
  assert.not.match(stripped.output(), 'direct-query:');
  assert.is(await probePort(strippedPort), 'refused');
});

test('the stripped bundle rejects --direct_query_enabled with exit 2', async () => {
  const r = await runBundle('stripped', ['--direct_query_enabled']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'unknown flag: --direct_query_enabled');
});

test('the enabled bundle with the feature off opens no port either', async () => {
  await filling(off.output);
  assert.not.match(off.output(), 'direct-query: step');
  assert.is(await probePort(offPort), 'refused');
});

test.run();
