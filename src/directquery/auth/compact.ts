// Step 2: the compact JWS shape, before any cryptography. Three non-empty segments of
// canonical base64url (no padding, no stray bits in the last character, so that no two
// spellings of one token exist), and a protected header that is a JSON object with
// alg HS256, typ JWT when present, and no crit (we understand no extensions).

import { AuthError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Throws AuthError unless `token` has the compact shape and an acceptable header. */
export function parseCompact(token: string): void {
  const segments = token.split('.');
  if (segments.length !== 3) throw new AuthError('ERR_AUTH_MALFORMED', `token has ${segments.length} segments, expected 3`);
  for (let i = 0; i < 3; i++) {
    if (!isCanonicalBase64url(segments[i]!)) {
      throw new AuthError('ERR_AUTH_MALFORMED', `token segment ${i + 1} is not canonical base64url`);
    }
  }
  const header = decodeJsonObject(segments[0]!);
  if (header === undefined) throw new AuthError('ERR_AUTH_HEADER', 'protected header is not a JSON object');
  if (header['alg'] !== 'HS256') throw new AuthError('ERR_AUTH_ALG', 'alg is not HS256', 'alg');
  const typ = header['typ'];
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    throw new AuthError('ERR_AUTH_HEADER', 'typ is present and not JWT', 'typ');
  }
  if ('crit' in header) throw new AuthError('ERR_AUTH_HEADER', 'crit is present', 'crit');
}

/** Decodes one base64url segment holding a JSON object; undefined when it is anything else. */
export function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  return parseJsonObject(Buffer.from(segment, 'base64url'));
}

/** Parses strict UTF-8 JSON bytes holding an object; undefined when they hold anything else. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function isCanonicalBase64url(s: string): boolean {
  if (s === '' || !B64URL.test(s)) return false;
  const rest = s.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = ALPHABET.indexOf(s[s.length - 1]!);
  // 2 chars carry 8 bits (4 spare), 3 chars carry 16 bits (2 spare): spare bits must be 0.
  return rest === 2 ? (last & 0x0f) === 0 : (last & 0x03) === 0;
}
