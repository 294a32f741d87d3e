// Throwaway X.509 material for tests, made with the openssl CLI: a CA, certificates it
// issues (server and client use, SANs for localhost and 127.0.0.1), and helpers to lay out
// the cluster's three files. EC P-256 keys keep generation fast.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface CertDir {
  readonly dir: string;
  /** Removes the directory and everything in it. */
  cleanup(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed (is the openssl CLI installed?): ${stderr || (err as Error).message}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A fresh temporary directory for certificate files. */
export function certDir(prefix = 'pemdq-certs-'): CertDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A self-signed CA named `name`, written to `<dir>/<name>.crt|.key`. */
export function makeCa(dir: string, name: string, days = 2): KeyPair {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(['req', '-x509', ...EC, '-keyout', key, '-out', cert, '-subj', `/CN=${name}`, '-days', String(days),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return { cert, key };
}

export interface IssueOptions {
  readonly dns?: readonly string[];
  readonly ips?: readonly string[];
  readonly days?: number;
}

/** A leaf certificate for `name` issued by `ca`, usable for both server and client auth. */
export function issueCert(dir: string, ca: KeyPair, name: string, opts: IssueOptions = {}): KeyPair {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const sans = [...(opts.dns ?? ['localhost']).map((d) => `DNS:${d}`), ...(opts.ips ?? ['127.0.0.1']).map((i) => `IP:${i}`)];
  writeFileSync(ext, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', String(Date.now()),
    '-days', String(opts.days ?? 2), '-extfile', ext, '-out', cert], dir);
  return { cert, key };
}

export interface ClusterTls {
  readonly ca: KeyPair;
  /** What the agent serves with (PL_CLIENT_TLS_CERT / PL_CLIENT_TLS_KEY). */
  readonly server: KeyPair;
  /** A client certificate from the same CA (for mutual TLS). */
  readonly client: KeyPair;
}

/** A CA with one server and one client certificate, as the cluster would mount them. */
export function makeClusterTls(dir: string, prefix = ''): ClusterTls {
  const ca = makeCa(dir, `${prefix}ca`);
  return { ca, server: issueCert(dir, ca, `${prefix}server`), client: issueCert(dir, ca, `${prefix}client`) };
}

/** Copies a key pair over `target` (used to rotate files under a running agent). */
export function replacePair(from: KeyPair, to: KeyPair): void {
  copyFileSync(from.key, to.key);
  copyFileSync(from.cert, to.cert);
}

/** The agent env for serving with `tls`. */
export function tlsEnv(tls: ClusterTls): Record<string, string> {
  return { PL_TLS_CA_CERT: tls.ca.cert, PL_CLIENT_TLS_CERT: tls.server.cert, PL_CLIENT_TLS_KEY: tls.server.key };
}
