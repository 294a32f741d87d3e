// Step 3: the HS256 signature, by jose with the algorithm pinned. Keys are imported once,
// as node:crypto secret KeyObjects: jose 5 uses those as they are, while a WebCrypto
// CryptoKey is re-checked and converted to a KeyObject on every call (a third of the
// gate's cost on a trivial query, measured in bench/auth.bench.mjs). The previous key, when
// configured, is tried only after the current one fails the signature check.
// jose is pinned to 5.x: its Node build verifies HMAC with node:crypto in-thread (10 µs),
// while 6.x goes through WebCrypto's thread pool (22 µs alone, ~120 µs under load).

import { createSecretKey, type KeyObject } from 'node:crypto';
import { compactVerify, errors as joseErrors } from 'jose';
import { AuthError } from './errors.js';

export type KeyRole = 'current' | 'previous';

export interface VerificationKeys {
  readonly current: KeyObject;
  readonly previous: KeyObject | undefined;
}

export async function importVerificationKeys(current: Uint8Array, previous: Uint8Array | undefined): Promise<VerificationKeys> {
  return {
    current: await importHmacKey(current),
    previous: previous === undefined ? undefined : await importHmacKey(previous),
  };
}

async function importHmacKey(bytes: Uint8Array): Promise<KeyObject> {
  const key = createSecretKey(bytes);
  // The caller's copy of the bytes is no longer needed; KeyObject holds its own.
  bytes.fill(0);
  return key;
}

const VERIFY_OPTIONS = { algorithms: ['HS256'] };

/** Verifies the compact JWS; returns the payload bytes and which key matched. */
export async function verifySignature(token: string, keys: VerificationKeys): Promise<{ payload: Uint8Array; key: KeyRole }> {
  try {
    return { payload: (await compactVerify(token, keys.current, VERIFY_OPTIONS)).payload, key: 'current' };
  } catch (err) {
    if (!isSignatureMismatch(err) || keys.previous === undefined) throw toAuthError(err);
  }
  try {
    return { payload: (await compactVerify(token, keys.previous, VERIFY_OPTIONS)).payload, key: 'previous' };
  } catch (err) {
    throw toAuthError(err);
  }
}

function isSignatureMismatch(err: unknown): boolean {
  return err instanceof joseErrors.JWSSignatureVerificationFailed;
}

// jose's messages describe the structure, never the token; anything else becomes a generic text.
function toAuthError(err: unknown): AuthError {
  if (isSignatureMismatch(err)) return new AuthError('ERR_AUTH_SIGNATURE', 'signature does not verify with any configured key');
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new AuthError('ERR_AUTH_ALG', 'alg is not HS256', 'alg');
  if (err instanceof joseErrors.JOSEError) return new AuthError('ERR_AUTH_MALFORMED', `token rejected by the JWS parser (${err.code})`);
  return new AuthError('ERR_AUTH_INTERNAL', 'signature check failed unexpectedly');
}
