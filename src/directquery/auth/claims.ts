// Step 4: the claims of a cluster service token (see docs/SECURITY.md for the two mint
// shapes). exp is required and strict (exp <= now is expired; tokens live 60 s to 10 min,
// so no leeway is needed there); nbf and iat, when non-zero, may be at most the clock
// tolerance ahead of us; exp may lie at most maxLifetimeS ahead.

import { AuthError } from './errors.js';
import { parseJsonObject } from './compact.js';

export const ISSUER = 'PL';
export const AUDIENCE = 'vizier';
export const REQUIRED_SCOPE = 'service';

export interface ServiceClaims {
  readonly serviceId: string;
  readonly subject: string;
  /** Seconds since the epoch. */
  readonly exp: number;
  /** Undefined when absent or empty (the Go mint sends none). */
  readonly jti: string | undefined;
}

export interface ClaimPolicy {
  readonly clockToleranceS: number;
  readonly maxLifetimeS: number;
}

/**
 * The time rules in one place: exp strictly in the future and at most maxLifetimeS ahead,
 * the latest non-zero nbf/iat at most clockToleranceS ahead. checkClaims reports which one
 * fails; the verified-token cache re-runs them on every hit.
 */
export function timesHold(exp: number, notBefore: number, nowS: number, policy: ClaimPolicy): boolean {
  return exp > nowS && exp - nowS <= policy.maxLifetimeS && notBefore <= nowS + policy.clockToleranceS;
}

/**
 * Parses the verified payload and applies every claim rule; `nowS` is seconds since the
 * epoch. Also returns the latest non-zero nbf/iat (0 when none): what a later re-check of
 * the token's times needs (see verified-cache.ts).
 */
export function checkClaims(payload: Uint8Array, nowS: number, policy: ClaimPolicy): { claims: ServiceClaims; notBefore: number } {
  const claims = parseJsonObject(payload);
  if (claims === undefined) throw new AuthError('ERR_AUTH_PAYLOAD', 'payload is not a JSON object');

  const exp = numericDate(claims, 'exp');
  if (exp === undefined) throw new AuthError('ERR_AUTH_CLAIM', 'exp is missing', 'exp');
  if (exp <= nowS) throw new AuthError('ERR_AUTH_EXPIRED', 'exp is not in the future', 'exp');
  if (exp - nowS > policy.maxLifetimeS) {
    throw new AuthError('ERR_AUTH_LIFETIME', `exp is more than ${policy.maxLifetimeS} s ahead`, 'exp');
  }
  let notBefore = 0;
  for (const name of ['nbf', 'iat'] as const) {
    const t = numericDate(claims, name);
    if (t !== undefined && t !== 0 && t > nowS + policy.clockToleranceS) {
      throw new AuthError('ERR_AUTH_NOT_YET_VALID', `${name} is in the future`, name);
    }
    if (t !== undefined && t !== 0 && t > notBefore) notBefore = t;
  }

  if (claims['iss'] !== ISSUER) throw new AuthError('ERR_AUTH_CLAIM', `iss is not "${ISSUER}"`, 'iss');
  if (!audienceMatches(claims['aud'])) throw new AuthError('ERR_AUTH_CLAIM', `aud does not contain "${AUDIENCE}"`, 'aud');
  const scopes = claims['Scopes'];
  if (typeof scopes !== 'string' || (scopes !== REQUIRED_SCOPE && !scopes.split(',').some((s) => s.trim() === REQUIRED_SCOPE))) {
    throw new AuthError('ERR_AUTH_CLAIM', `Scopes does not contain "${REQUIRED_SCOPE}"`, 'Scopes');
  }
  const serviceId = nonEmptyString(claims, 'ServiceID');
  const subject = nonEmptyString(claims, 'sub');
  const jti = claims['jti'];
  if (jti !== undefined && typeof jti !== 'string') throw new AuthError('ERR_AUTH_CLAIM', 'jti is not a string', 'jti');
  return { claims: { serviceId, subject, exp, jti: jti === '' ? undefined : jti }, notBefore };
}

function numericDate(claims: Record<string, unknown>, name: string): number | undefined {
  const v = claims[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AuthError('ERR_AUTH_CLAIM', `${name} is not a number`, name);
  return v;
}

function audienceMatches(aud: unknown): boolean {
  if (typeof aud === 'string') return aud === AUDIENCE;
  return Array.isArray(aud) && aud.every((a) => typeof a === 'string') && aud.includes(AUDIENCE);
}

function nonEmptyString(claims: Record<string, unknown>, name: string): string {
  const v = claims[name];
  if (typeof v !== 'string' || v === '') throw new AuthError('ERR_AUTH_CLAIM', `${name} is missing or empty`, name);
  return v;
}
