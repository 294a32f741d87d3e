// Test-side minting of cluster service tokens in both shapes the cluster uses (the C++
// agents' and the Go services'), plus raw signing of arbitrary headers and payloads for
// negative cases. Independent of the code under test: node:crypto HMAC, no jose.

import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export type MintShape = 'agent' | 'go';
export type Claims = Record<string, unknown>;

/** base64url of a JSON value, or of a string as-is when given a string. */
export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Signs `header.payload` with HMAC (per the header's HS alg, HS256 by default) and `key`. */
export function signCompact(header: unknown, payload: unknown, key: string, hmac: 'sha256' | 'sha384' | 'sha512' = 'sha256'): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac(hmac, Buffer.from(key, 'utf8')).update(input).digest('base64url')}`;
}

/** A token whose header says RS256, really signed with a throwaway RSA key. */
export function signRs256(payload: unknown): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The claims each mint produces at `nowS` (seconds), see /work/shared/reference/service-token.md. */
export function serviceClaims(shape: MintShape, nowS: number): Claims {
  const now = Math.floor(nowS);
  return shape === 'agent'
    ? { iss: 'PL', aud: 'vizier', sub: 'service', Scopes: 'service', ServiceID: 'kelvin', jti: randomUUID(), iat: now, nbf: now - 60, exp: now + 60 }
    : { iss: 'PL', aud: ['vizier'], sub: 'dx', Scopes: 'service', ServiceID: 'dx', jti: '', iat: 0, nbf: 0, exp: now + 600 };
}

export interface MintOptions {
  readonly shape?: MintShape;
  /** Seconds since the epoch (default: now). */
  readonly nowS?: number;
  /** Claims to set (replace) after the shape's defaults. */
  readonly set?: Claims;
  /** Claims to remove. */
  readonly omit?: readonly string[];
  readonly header?: Record<string, unknown>;
}

/** Mints an HS256 service token with `key`, shaped like one of the cluster's mints. */
export function mintServiceToken(key: string, opts: MintOptions = {}): string {
  const claims: Claims = { ...serviceClaims(opts.shape ?? 'agent', opts.nowS ?? Date.now() / 1000), ...opts.set };
  for (const name of opts.omit ?? []) delete claims[name];
  return signCompact(opts.header ?? { alg: 'HS256', typ: 'JWT' }, claims, key);
}

/** The `authorization` metadata value for a token (lower-case scheme, as the cluster's clients send). */
export function bearer(token: string, scheme = 'bearer'): string {
  return `${scheme} ${token}`;
}
