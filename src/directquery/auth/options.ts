// The gate's options, checked once at start-up so that the per-call path never re-validates
// them. Keys arrive as strings (flags/env) and are used as their raw UTF-8 bytes, as the
// cluster's minting code does (no base64 decoding).

import { AuthConfigError } from './errors.js';

export interface GateOptions {
  /** The current signing key: verifies and (elsewhere) mints. */
  readonly key: string;
  /** The key being rotated out: verifies only. Empty or absent means none. */
  readonly previousKey?: string;
  /** Allowed clock skew for nbf/iat, in seconds (exp is strict). */
  readonly clockToleranceS: number;
  /** A token whose exp lies further than this in the future is refused, in seconds. */
  readonly maxLifetimeS: number;
  /** How many jti values the replay guard remembers at most. */
  readonly jtiCacheSize: number;
  /** How many accepted jti-less tokens are remembered so that their reuse skips the
   *  signature and claim parsing (0: off). Default DEFAULT_VERIFIED_CACHE_SIZE. */
  readonly verifiedCacheSize?: number;
  /** Largest accepted `authorization` metadata value, in bytes. */
  readonly maxHeaderBytes?: number;
  /** Wall clock in milliseconds (tests pin it). */
  readonly now?: () => number;
}

export interface ResolvedGateOptions {
  readonly key: Uint8Array;
  readonly previousKey: Uint8Array | undefined;
  readonly clockToleranceS: number;
  readonly maxLifetimeS: number;
  readonly jtiCacheSize: number;
  readonly verifiedCacheSize: number;
  readonly maxHeaderBytes: number;
  readonly now: () => number;
}

export const DEFAULT_MAX_HEADER_BYTES = 8192;
export const DEFAULT_VERIFIED_CACHE_SIZE = 1024;

export function resolveGateOptions(opts: GateOptions): ResolvedGateOptions {
  if (typeof opts.key !== 'string' || opts.key === '') {
    throw new AuthConfigError('no signing key: set PL_JWT_SIGNING_KEY (or --jwt_signing_key / --direct_query_jwt_signing_key)');
  }
  const prev = opts.previousKey === undefined || opts.previousKey === '' ? undefined : opts.previousKey;
  nonNegative('clockToleranceS', opts.clockToleranceS);
  positive('maxLifetimeS', opts.maxLifetimeS);
  positive('jtiCacheSize', opts.jtiCacheSize);
  const verifiedCacheSize = opts.verifiedCacheSize ?? DEFAULT_VERIFIED_CACHE_SIZE;
  nonNegative('verifiedCacheSize', verifiedCacheSize);
  const maxHeaderBytes = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  positive('maxHeaderBytes', maxHeaderBytes);
  const enc = new TextEncoder();
  return {
    key: enc.encode(opts.key),
    previousKey: prev === undefined || prev === opts.key ? undefined : enc.encode(prev),
    clockToleranceS: opts.clockToleranceS,
    maxLifetimeS: opts.maxLifetimeS,
    jtiCacheSize: Math.floor(opts.jtiCacheSize),
    verifiedCacheSize: Math.floor(verifiedCacheSize),
    maxHeaderBytes,
    now: opts.now ?? Date.now,
  };
}

function nonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new AuthConfigError(`${name} must be a finite number >= 0`);
}

function positive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new AuthConfigError(`${name} must be a finite number > 0`);
}
