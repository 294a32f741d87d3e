// Step 0: tokens that already passed every check. A client that keeps its (jti-less) token
// for the token's short lifetime pays for base64, JSON and HMAC once, not on every call:
// on a trivial query that work is most of what the gate costs.
//
// What a hit proves: the presented token is byte for byte a token this gate accepted
// before, under the same keys (the cache lives and dies with the gate). Only the
// time-dependent checks can change their answer afterwards, so a hit re-runs exactly
// those (exp, lifetime cap, nbf/iat) and any failure falls back to the full path, which
// then gives the precise reason. Tokens with a jti are never cached: each may be used once.
//
// Lookup is by the signing input (header.payload: claims, not a secret); the signature,
// the secret part, is compared in constant time. Memory is bounded by the capacity (a
// flag; 0 turns the cache off) times the gate's header limit; at capacity, expired
// entries are swept (at most once a second), then the oldest entry is dropped (it is only
// a cache: dropping costs one full verification later, never a wrong answer).

import { timesHold, type ClaimPolicy } from './claims.js';
import type { ServiceIdentity } from './gate.js';

interface Entry {
  readonly signature: string;
  readonly identity: ServiceIdentity;
  /** The latest non-zero nbf/iat of the token, seconds since the epoch (0 when none). */
  readonly notBefore: number;
}

const SWEEP_INTERVAL_S = 1;

export class VerifiedTokenCache {
  readonly #capacity: number;
  readonly #policy: ClaimPolicy;
  readonly #entries = new Map<string, Entry>();
  #nextSweepS = -Infinity;
  #hits = 0;

  constructor(capacity: number, policy: ClaimPolicy) {
    this.#capacity = capacity;
    this.#policy = policy;
  }

  get size(): number {
    return this.#entries.size;
  }

  get hits(): number {
    return this.#hits;
  }

  /** The identity of `token` when it is a cached token whose time checks still hold now. */
  lookup(token: string, nowS: number): ServiceIdentity | undefined {
    // Empty (the usual state when clients send a fresh token with a jti per call): no key to build.
    if (this.#entries.size === 0) return undefined;
    const dot = token.lastIndexOf('.');
    if (dot < 0) return undefined;
    const input = token.slice(0, dot);
    const entry = this.#entries.get(input);
    if (entry === undefined || !constantTimeEqual(token.slice(dot + 1), entry.signature)) return undefined;
    if (!timesHold(entry.identity.exp, entry.notBefore, nowS, this.#policy)) {
      this.#entries.delete(input);
      return undefined;
    }
    this.#hits++;
    return entry.identity;
  }

  /** Remembers a token the full path has just accepted. */
  remember(token: string, identity: ServiceIdentity, notBefore: number, nowS: number): void {
    if (this.#capacity === 0 || identity.jti !== undefined) return;
    const dot = token.lastIndexOf('.');
    const input = token.slice(0, dot);
    if (!this.#entries.has(input) && this.#entries.size >= this.#capacity) {
      if (nowS >= this.#nextSweepS) this.#sweep(nowS);
      if (this.#entries.size >= this.#capacity) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
      }
    }
    this.#entries.set(input, { signature: token.slice(dot + 1), identity, notBefore });
  }

  #sweep(nowS: number): void {
    this.#nextSweepS = nowS + SWEEP_INTERVAL_S;
    for (const [input, e] of this.#entries) if (e.identity.exp <= nowS) this.#entries.delete(input);
  }
}

/** Equal strings in time that depends only on the length (a signature's length is public). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
