// The auth gate: a thin public function over the steps in this folder (bearer → compact
// shape → signature → claims → replay). Built once at start-up; `check` never throws and
// never rejects: every failure, including our own bugs, is a refusal with a coded reason.

import type { ServiceClaims } from './claims.js';
import { checkClaims } from './claims.js';
import { extractBearer } from './bearer.js';
import { parseCompact } from './compact.js';
import { AuthError, type AuthErrorCode } from './errors.js';
import { resolveGateOptions, type GateOptions } from './options.js';
import { ReplayGuard } from './replay.js';
import { importVerificationKeys, verifySignature, type KeyRole } from './signature.js';
import { VerifiedTokenCache } from './verified-cache.js';

export interface ServiceIdentity extends ServiceClaims {
  /** Which configured key verified the token. */
  readonly key: KeyRole;
}

export type AuthResult = { readonly ok: true; readonly identity: ServiceIdentity } | { readonly ok: false; readonly error: AuthError };

export interface GateStats {
  accepted: number;
  acceptedWithoutJti: number;
  acceptedWithPreviousKey: number;
  refused: Partial<Record<AuthErrorCode, number>>;
  replayCacheSize: number;
  /** Accepted calls whose token was found in the verified-token cache. */
  verifiedCacheHits: number;
  verifiedCacheSize: number;
}

export interface AuthGate {
  /** Checks the values of the call's `authorization` metadata (grpc-js `metadata.get('authorization')`). */
  check(authorization: readonly unknown[]): Promise<AuthResult>;
  stats(): GateStats;
}

export async function createAuthGate(options: GateOptions): Promise<AuthGate> {
  const opts = resolveGateOptions(options);
  const keys = await importVerificationKeys(opts.key, opts.previousKey);
  const replay = new ReplayGuard(opts.jtiCacheSize);
  const verified = new VerifiedTokenCache(opts.verifiedCacheSize, opts);
  const counts = { accepted: 0, acceptedWithoutJti: 0, acceptedWithPreviousKey: 0 };
  const refused: Partial<Record<AuthErrorCode, number>> = {};

  function verify(authorization: readonly unknown[]): ServiceIdentity {
    const token = extractBearer(authorization, opts.maxHeaderBytes);
    const nowS = opts.now() / 1000;
    const hit = verified.lookup(token, nowS);
    if (hit !== undefined) return hit;
    const compact = parseCompact(token);
    const key = verifySignature(compact, keys);
    const { claims, notBefore } = checkClaims(Buffer.from(compact.payload, 'base64url'), nowS, opts);
    if (claims.jti !== undefined) {
      const admission = replay.admit(claims.jti, claims.exp, nowS);
      if (admission === 'replayed') throw new AuthError('ERR_AUTH_REPLAY', 'jti was already used', 'jti');
      if (admission === 'full') throw new AuthError('ERR_AUTH_REPLAY_CACHE_FULL', 'replay cache is full of live jti values', 'jti');
    }
    const identity: ServiceIdentity = Object.freeze({ ...claims, key });
    verified.remember(token, identity, notBefore, nowS);
    return identity;
  }

  return {
    async check(authorization) {
      try {
        const identity = verify(authorization);
        counts.accepted++;
        if (identity.jti === undefined) counts.acceptedWithoutJti++;
        if (identity.key === 'previous') counts.acceptedWithPreviousKey++;
        return { ok: true, identity };
      } catch (err) {
        const error = err instanceof AuthError ? err : new AuthError('ERR_AUTH_INTERNAL', 'unexpected failure in the auth gate');
        refused[error.code] = (refused[error.code] ?? 0) + 1;
        return { ok: false, error };
      }
    },
    stats: () => ({
      ...counts,
      refused: { ...refused },
      replayCacheSize: replay.size,
      verifiedCacheHits: verified.hits,
      verifiedCacheSize: verified.size,
    }),
  };
}
