// Loads and checks the cluster's TLS material: the CA bundle, this node's certificate chain
// and its private key. Checked before use so that a bad file fails start-up (or is skipped
// on reload) with the file named, instead of failing every handshake later.

import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TlsMaterialError } from './errors.js';

export interface TlsPaths {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface TlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 of the leaf certificate (DER), for logs. */
  readonly fingerprint: string;
  /** The leaf's validity end, for logs. */
  readonly validTo: string;
  /** Non-fatal findings (e.g. the leaf is not issued by the CA bundle). */
  readonly warnings: readonly string[];
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function loadTlsMaterial(paths: TlsPaths): Promise<TlsMaterial> {
  const [ca, cert, key] = await Promise.all([readPem(paths.ca), readPem(paths.cert), readPem(paths.key)]);
  const cas = parseCertificates(ca, paths.ca, 'CA bundle');
  const chain = parseCertificates(cert, paths.cert, 'certificate');
  const leaf = chain[0]!;
  const privateKey = parsePrivateKey(key, paths.key);
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsMaterialError('ERR_TLS_KEY_MISMATCH', paths.key, `${paths.key}: private key does not match the certificate in ${paths.cert}`);
  }
  const warnings: string[] = [];
  const issuers = [...chain.slice(1), ...cas];
  if (!issuers.some((c) => leaf.checkIssued(c) && leaf.verify(c.publicKey))) {
    warnings.push(`${paths.cert}: certificate is not issued by any certificate in ${paths.ca}`);
  }
  if (Date.parse(leaf.validTo) <= Date.now()) warnings.push(`${paths.cert}: certificate expired at ${leaf.validTo}`);
  return {
    ca,
    cert,
    key,
    fingerprint: createHash('sha256').update(leaf.raw).digest('hex'),
    validTo: leaf.validTo,
    warnings,
  };
}

async function readPem(file: string): Promise<Buffer> {
  if (file === '') throw new TlsMaterialError('ERR_TLS_FILE_MISSING', file, 'a TLS file path is empty');
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TlsMaterialError('ERR_TLS_FILE_MISSING', file, `${file}: no such file`);
    throw new TlsMaterialError('ERR_TLS_FILE_UNREADABLE', file, `${file}: cannot be read (${code ?? 'error'})`);
  }
}

function parseCertificates(pem: Buffer, file: string, what: string): X509Certificate[] {
  const blocks = pem.toString('latin1').match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw new TlsMaterialError('ERR_TLS_FILE_INVALID', file, `${file}: no PEM ${what} found`);
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw new TlsMaterialError('ERR_TLS_FILE_INVALID', file, `${file}: ${what} is not a valid X.509 certificate`);
  }
}

function parsePrivateKey(pem: Buffer, file: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // The parser's own message may quote key bytes; ours names only the file.
    throw new TlsMaterialError('ERR_TLS_FILE_INVALID', file, `${file}: not a valid PEM private key`);
  }
}

/** True when two loads hold byte-identical material. */
export function sameMaterial(a: TlsMaterial, b: TlsMaterial): boolean {
  return a.ca.equals(b.ca) && a.cert.equals(b.cert) && a.key.equals(b.key);
}
