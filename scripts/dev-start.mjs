#!/usr/bin/env node
// `npm start`: the demo. Runs the enabled bundle on the embedded demo data with direct
// query on, using a development signing key and self-signed TLS material kept in
// .pemdq-dev/ (git-ignored, made on first run), and prints the exact command for a first
// query. Ctrl-C stops the agent cleanly. Not for production: the key and certificates are
// throwaway development material.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes, X509Certificate } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = join(root, '.pemdq-dev');
const port = process.env.PL_PEM_DIRECT_QUERY_PORT || '50305';
const rel = (p) => relative(process.cwd(), p) || '.';

mkdirSync(dev, { recursive: true, mode: 0o700 });

// A development signing key: 48 random bytes, base64url (used as raw bytes of the string).
const keyFile = join(dev, 'jwt-signing-key');
if (!existsSync(keyFile)) {
  writeFileSync(keyFile, randomBytes(48).toString('base64url') + '\n', { mode: 0o600 });
}
const key = readFileSync(keyFile, 'utf8').trim();

const tls = ensureTls();

const script = join(dev, 'first-query.pxl');
writeFileSync(script, [
  '# Requests per service over the last 5 minutes, with error counts and latency quantiles.',
  'import px',
  "df = px.DataFrame(table='http_events', start_time='-5m')",
  "df.service = df.ctx['service']",
  'df.failed = df.resp_status >= 400',
  "df = df.groupby('service').agg(requests=('latency', px.count), errors=('failed', px.sum), latency_ms=('latency', px.mean))",
  'df.latency_ms = df.latency_ms / 1000000.0',
  "px.display(df, 'services')",
  '',
].join('\n'));

const bundle = join(root, 'dist', 'enabled', 'pemdq.mjs');
const args = [
  bundle, 'serve',
  '--log_format=text',
  '--sources=demo',
  '--direct_query_enabled',
  `--direct_query_port=${port}`,
  '--direct_query_bind_address=127.0.0.1',
  ...(tls ? [`--tls_ca_cert=${tls.ca}`, `--client_tls_cert=${tls.cert}`, `--client_tls_key=${tls.key}`] : []),
  ...process.argv.slice(2),
];
const env = { ...process.env, PL_JWT_SIGNING_KEY: key, ...(tls ? {} : { PL_DISABLE_SSL: 'true' }) };

const tlsArgs = tls ? `--ca ${rel(tls.ca)} --server_name localhost` : '--plaintext';
process.stdout.write(
  `\npemdq demo: direct query on 127.0.0.1:${port} (${tls ? 'TLS, self-signed development CA' : 'plaintext: openssl was not found'})\n` +
  `development key and certificates: ${rel(dev)}/ (throwaway; never use them in a cluster)\n\n` +
  `In another terminal, run a first query:\n\n` +
  `  node ${rel(bundle)} query --addr 127.0.0.1:${port} ${tlsArgs} --key_file ${rel(keyFile)} --file ${rel(script)}\n\n` +
  `or your own PxL:\n\n` +
  `  node ${rel(bundle)} query --addr 127.0.0.1:${port} ${tlsArgs} --key_file ${rel(keyFile)} -e "import px\n  px.display(px.DataFrame(table='http_events')[['time_', 'req_path', 'resp_status']].head(10))"\n\n` +
  `Stop the agent with Ctrl-C.\n\n`,
);

const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
// Ctrl-C reaches the agent directly (same process group); forward SIGTERM ourselves.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** Self-signed CA + a localhost server certificate, reused while valid for another day. */
function ensureTls() {
  const ca = join(dev, 'ca.crt');
  const caKey = join(dev, 'ca.key');
  const cert = join(dev, 'server.crt');
  const certKey = join(dev, 'server.key');
  if (existsSync(cert) && existsSync(ca)) {
    try {
      const left = new Date(new X509Certificate(readFileSync(cert)).validTo).getTime() - Date.now();
      if (left > 24 * 3600 * 1000) return { ca, cert, key: certKey };
    } catch {
      // Unreadable: make new material below.
    }
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    const run = (a) => execFileSync('openssl', a, { cwd: dev, stdio: ['ignore', 'ignore', 'pipe'] });
    run(['req', '-x509', ...ec, '-keyout', caKey, '-out', ca, '-subj', '/CN=pemdq development CA', '-days', '30',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const csr = join(dev, 'server.csr');
    const ext = join(dev, 'server.ext');
    writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n');
    run(['req', '-new', ...ec, '-keyout', certKey, '-out', csr, '-subj', '/CN=localhost']);
    run(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-set_serial', String(Date.now()), '-days', '30', '-extfile', ext, '-out', cert]);
    chmodSync(certKey, 0o600);
    chmodSync(caKey, 0o600);
    return { ca, cert, key: certKey };
  } catch (err) {
    process.stderr.write(`pemdq demo: cannot make development TLS material with openssl (${err.code === 'ENOENT' ? 'openssl not found' : String(err.stderr || err.message).trim()}); serving plaintext on 127.0.0.1 instead\n`);
    return undefined;
  }
}
