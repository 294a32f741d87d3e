// Mints a cluster service token the way Pixie's agents do (HS256, iss "PL", aud "vizier",
// Scopes "service", a random jti, nbf one minute back, a short lifetime). For the query CLI
// and tests; the agent itself never mints.

import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';

export interface MintOptions {
  /** The caller's service id (claim ServiceID). */
  serviceId?: string;
  /** Subject; the agent-side mint uses "service". */
  sub?: string;
  /** Lifetime in seconds (default 60, as the agent-side mint). */
  ttlSeconds?: number;
  /** Clock in seconds since the epoch (tests). */
  now?: number;
}

export async function mintServiceToken(key: string | Uint8Array, opts: MintOptions = {}): Promise<string> {
  const bytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  if (bytes.length === 0) throw new TypeError('cannot mint a service token with an empty signing key');
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const ttl = opts.ttlSeconds ?? 60;
  return new SignJWT({ Scopes: 'service', ServiceID: opts.serviceId ?? 'pemdq-cli' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('PL')
    .setAudience('vizier')
    .setSubject(opts.sub ?? 'service')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now - 60)
    .setExpirationTime(now + ttl)
    .sign(bytes);
}
