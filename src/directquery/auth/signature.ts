// Step 3: the HS256 signature (RFC 7515 §5.2 with RFC 7518 §3.2): HMAC-SHA-256 of the
// signing input under each configured key, compared with the presented signature in
// constant time. The algorithm is pinned: parseCompact has already refused any header
// whose alg is not HS256, and nothing here reads the header again.
//
// Why not jose's compactVerify, which this step called until 2026-12-04: it decodes the
// header a second time, re-encodes the signing input and runs through several async
// layers, and in a serving process (cold between calls) that made the gate add ~10 % to a
// trivial direct query (issue target: 5 %; bench/auth.bench.mjs). jose stays the referee:
// test/fuzz/auth-fuzz.ts checks the gate's verdict on every generated token against
// jose's compactVerify.
//
// HMAC (RFC 2104) is H((K ^ opad) || H((K ^ ipad) || m)). Both padded-key blocks are
// absorbed into SHA-256 states once, at start-up; each check copies the two states and
// hashes only the message, instead of creating an HMAC context from the key per call
// (measured in the serving process: 19 µs vs 25-37 µs for the signature step). The states
// are native objects, like the KeyObject they replace, and the key bytes are zeroed after
// import. The previous key, when configured, is tried only after the current one fails.

import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import type { CompactToken } from './compact.js';
import { AuthError } from './errors.js';

export type KeyRole = 'current' | 'previous';

/** One key's HMAC-SHA-256 with its padded-key blocks already hashed. */
export interface HmacKey {
  readonly inner: Hash;
  readonly outer: Hash;
}

export interface VerificationKeys {
  readonly current: HmacKey;
  readonly previous: HmacKey | undefined;
}

/** SHA-256's block size (the HMAC key is padded to it) and output size (HS256's signature length). */
const BLOCK_BYTES = 64;
const HS256_BYTES = 32;

export async function importVerificationKeys(current: Uint8Array, previous: Uint8Array | undefined): Promise<VerificationKeys> {
  return {
    current: importHmacKey(current),
    previous: previous === undefined ? undefined : importHmacKey(previous),
  };
}

/** Prepares HMAC-SHA-256 under `bytes` (RFC 2104 §2), then zeroes `bytes` and every copy made here. */
export function importHmacKey(bytes: Uint8Array): HmacKey {
  const block = Buffer.alloc(BLOCK_BYTES);
  // A key longer than the block is replaced by its hash; a shorter one is padded with zeros.
  if (bytes.length > BLOCK_BYTES) {
    const digest = createHash('sha256').update(bytes).digest();
    digest.copy(block);
    digest.fill(0);
  } else block.set(bytes);
  bytes.fill(0);
  const padded = Buffer.alloc(BLOCK_BYTES);
  const absorb = (pad: number): Hash => {
    for (let i = 0; i < BLOCK_BYTES; i++) padded[i] = block[i]! ^ pad;
    return createHash('sha256').update(padded);
  };
  const key = { inner: absorb(0x36), outer: absorb(0x5c) };
  block.fill(0);
  padded.fill(0);
  return key;
}

/** HMAC-SHA-256 of `message` (a latin1/ASCII string) under `key`. */
export function hmacSha256(key: HmacKey, message: string): Buffer {
  return key.outer.copy().update(key.inner.copy().update(message, 'latin1').digest()).digest();
}

/** Which key signed `t`; throws AuthError when none did. */
export function verifySignature(t: CompactToken, keys: VerificationKeys): KeyRole {
  // Canonical base64url (checked by parseCompact) decodes to exactly one byte string.
  const presented = Buffer.from(t.signature, 'base64url');
  if (presented.length === HS256_BYTES) {
    // The signing input is ASCII (base64url and a dot), so its latin1 bytes are its UTF-8 bytes.
    if (timingSafeEqual(hmacSha256(keys.current, t.signingInput), presented)) return 'current';
    if (keys.previous !== undefined && timingSafeEqual(hmacSha256(keys.previous, t.signingInput), presented)) return 'previous';
  }
  throw new AuthError('ERR_AUTH_SIGNATURE', 'signature does not verify with any configured key');
}
