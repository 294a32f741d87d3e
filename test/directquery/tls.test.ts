// TLS material loading (every failure names its file) and the reloading certificate
// provider (publishes only checked material, skips half-done rotations).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadTlsMaterial, type TlsPaths } from '../../src/directquery/tls/material.js';
import { ReloadingCertificateProvider } from '../../src/directquery/tls/reloader.js';
import { createTransport } from '../../src/directquery/tls/credentials.js';
import { certDir, issueCert, makeCa, makeClusterTls, type ClusterTls } from '../e2e/helpers/certs.js';
import { captureLog } from './log-capture.js';

const dir = certDir('pemdq-tls-test-');
let tls: ClusterTls;
let paths: TlsPaths;

test.before(() => {
  tls = makeClusterTls(dir.dir);
  paths = { ca: tls.ca.cert, cert: tls.server.cert, key: tls.server.key };
});
test.after(() => dir.cleanup());

async function failure(p: TlsPaths): Promise<{ code: string; file: string; message: string }> {
  try {
    await loadTlsMaterial(p);
  } catch (err) {
    const e = err as { code: string; file: string; message: string };
    return { code: e.code, file: e.file, message: e.message };
  }
  throw new Error('loaded bad material');
}

test('loads matching material and reports the leaf fingerprint and expiry', async () => {
  const m = await loadTlsMaterial(paths);
  const leaf = new X509Certificate(readFileSync(tls.server.cert));
  assert.is(m.fingerprint, leaf.fingerprint256.replaceAll(':', '').toLowerCase());
  assert.is(m.validTo, leaf.validTo);
  assert.equal(m.warnings, []);
});

test('a missing file is named', async () => {
  const missing = `${dir.dir}/nope.crt`;
  assert.equal(await failure({ ...paths, cert: missing }), { code: 'ERR_TLS_FILE_MISSING', file: missing, message: `${missing}: no such file` });
});

test('an empty path is refused', async () => {
  assert.equal(await failure({ ...paths, ca: '' }), { code: 'ERR_TLS_FILE_MISSING', file: '', message: 'a TLS file path is empty' });
});

test('an unreadable file is named with the reason', async () => {
  const d = `${dir.dir}/a-directory`;
  mkdirSync(d, { recursive: true });
  assert.equal(await failure({ ...paths, key: d }), { code: 'ERR_TLS_FILE_UNREADABLE', file: d, message: `${d}: cannot be read (EISDIR)` });
});

test('a certificate file without a certificate is named', async () => {
  assert.equal(await failure({ ...paths, cert: tls.server.key }), {
    code: 'ERR_TLS_FILE_INVALID', file: tls.server.key, message: `${tls.server.key}: no PEM certificate found`,
  });
});

test('a corrupt certificate block is named', async () => {
  const bad = `${dir.dir}/corrupt.crt`;
  writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  assert.equal(await failure({ ...paths, ca: bad }), { code: 'ERR_TLS_FILE_INVALID', file: bad, message: `${bad}: CA bundle is not a valid X.509 certificate` });
});

test('a key file without a key is named', async () => {
  assert.equal(await failure({ ...paths, key: tls.ca.cert }), { code: 'ERR_TLS_FILE_INVALID', file: tls.ca.cert, message: `${tls.ca.cert}: not a valid PEM private key` });
});

test('a key that does not match the certificate is named with the certificate', async () => {
  assert.equal(await failure({ ...paths, key: tls.client.key }), {
    code: 'ERR_TLS_KEY_MISMATCH', file: tls.client.key, message: `${tls.client.key}: private key does not match the certificate in ${tls.server.cert}`,
  });
});

test('a certificate from another CA loads with a warning', async () => {
  const other = makeCa(dir.dir, 'other-ca');
  const m = await loadTlsMaterial({ ...paths, ca: other.cert });
  assert.equal(m.warnings, [`${tls.server.cert}: certificate is not issued by any certificate in ${other.cert}`]);
});

test('the provider delivers the loaded material to listeners registered later, asynchronously', async () => {
  const p = await ReloadingCertificateProvider.start(paths, 0, captureLog().log);
  const got: string[] = [];
  p.addIdentityCertificateListener((u) => got.push(`identity ${u?.certificate.equals(readFileSync(paths.cert))}`));
  p.addCaCertificateListener((u) => got.push(`ca ${u?.caCertificate.equals(readFileSync(paths.ca))}`));
  assert.equal(got, []);
  await new Promise((r) => process.nextTick(r));
  assert.equal(got.sort(), ['ca true', 'identity true']);
  p.close();
});

test('the provider publishes a completed rotation once, skips a half-done one and warns once', async () => {
  const live = { ca: `${dir.dir}/live-ca.crt`, cert: `${dir.dir}/live.crt`, key: `${dir.dir}/live.key` };
  copyFileSync(tls.ca.cert, live.ca);
  copyFileSync(tls.server.cert, live.cert);
  copyFileSync(tls.server.key, live.key);
  const cap = captureLog();
  const p = await ReloadingCertificateProvider.start(live, 0, cap.log);
  const published: Buffer[] = [];
  p.addIdentityCertificateListener((u) => u && published.push(u.certificate));
  await new Promise((r) => process.nextTick(r));
  published.length = 0;

  await p.poll();
  assert.is(p.reloads, 0, 'nothing changed');

  const next = issueCert(dir.dir, tls.ca, 'rotated');
  copyFileSync(next.cert, live.cert);
  await p.poll();
  await p.poll();
  assert.is(p.reloads, 0, 'a new certificate with the old key is not published');
  const warnings = cap.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
  assert.equal(warnings, [
    `direct-query: TLS reload skipped: ${live.key}: private key does not match the certificate in ${live.cert}; still serving the previous certificate`,
  ]);

  copyFileSync(next.key, live.key);
  await p.poll();
  assert.is(p.reloads, 1);
  assert.equal(published.map((b) => b.equals(readFileSync(next.cert))), [true]);
  assert.ok(cap.lines.some((l) => l.msg === 'direct-query: TLS material reloaded; new connections use it, open ones continue' && l['fingerprint'] === p.material.fingerprint));
  p.close();
});

test('the provider polls on its own interval', async () => {
  const live = { ca: `${dir.dir}/auto-ca.crt`, cert: `${dir.dir}/auto.crt`, key: `${dir.dir}/auto.key` };
  copyFileSync(tls.ca.cert, live.ca);
  copyFileSync(tls.server.cert, live.cert);
  copyFileSync(tls.server.key, live.key);
  const p = await ReloadingCertificateProvider.start(live, 20, captureLog().log);
  const next = issueCert(dir.dir, tls.ca, 'auto-rotated');
  copyFileSync(next.key, live.key);
  copyFileSync(next.cert, live.cert);
  const until = Date.now() + 5000;
  while (p.reloads === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.is(p.reloads, 1);
  p.close();
});

test('plaintext transport only when asked, with a warning', async () => {
  const cap = captureLog();
  const t = await createTransport({ disableSsl: true, paths, requireClientCert: false, reloadIntervalMs: 0 }, cap.log);
  assert.is(t.mode, 'plaintext');
  assert.is(t.credentials._isSecure(), false);
  assert.equal(cap.lines.map((l) => [l.level, l.msg]), [
    ['warn', 'direct-query: PL_DISABLE_SSL is set: serving PLAINTEXT; tokens and results cross the network unencrypted'],
  ]);
  t.close();
});

test('TLS transport by default, failing with the file named', async () => {
  const t = await createTransport({ disableSsl: false, paths, requireClientCert: true, reloadIntervalMs: 0 }, captureLog().log);
  assert.is(t.mode, 'tls');
  assert.is(t.credentials._isSecure(), true);
  t.close();
  try {
    await createTransport({ disableSsl: false, paths: { ...paths, key: `${dir.dir}/gone.key` }, requireClientCert: false, reloadIntervalMs: 0 }, captureLog().log);
    assert.unreachable();
  } catch (err) {
    assert.is((err as Error).message, `${dir.dir}/gone.key: no such file`);
  }
});

test.run();
