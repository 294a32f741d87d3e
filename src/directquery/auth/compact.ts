// Step 2: the compact JWS shape, before any cryptography. Three non-empty segments of
// canonical base64url (no padding, no stray bits in the last character, so that no two
// spellings of one token exist), and a protected header that is a JSON object with
// alg HS256, typ JWT when present, and no crit (we understand no extensions).
// The token is cut once here; the later steps work on the pieces (each segment is decoded
// exactly once in the whole gate).

import { AuthError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL = /^[A-Za-z0-9_-]+$/;
/** Three base64url segments: one regex pass for the common case (the per-segment checks only name the bad one). */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Header segments already found acceptable. Clients send one of very few headers
 * ({"alg":"HS256","typ":"JWT"} in some spelling), and the verdict is a function of the
 * segment's text alone, so it is worked out once per distinct text (base64 decode, strict
 * UTF-8, JSON, the checks below). Bounded: past the cap, new texts are checked every time.
 * Remembering a header says nothing about a token's signature, which is checked next.
 */
const ACCEPTED_HEADERS = new Set<string>();
const ACCEPTED_HEADERS_MAX = 64;

/** A token of the compact shape with an acceptable header, cut into what the later steps need. */
export interface CompactToken {
  /** `header.payload`: the bytes the signature covers (ASCII, as sent). */
  readonly signingInput: string;
  /** The payload segment (base64url text). */
  readonly payload: string;
  /** The signature segment (base64url text). */
  readonly signature: string;
}

/** Cuts `token` into its segments; throws AuthError unless it has the compact shape and an acceptable header. */
export function parseCompact(token: string): CompactToken {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw new AuthError('ERR_AUTH_MALFORMED', `token has ${token.split('.').length} segments, expected 3`);
  }
  const segments = [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)] as const;
  const shaped = COMPACT.test(token);
  for (let i = 0; i < 3; i++) {
    if (!(shaped ? spareBitsClear(segments[i]) : isCanonicalBase64url(segments[i]))) {
      throw new AuthError('ERR_AUTH_MALFORMED', `token segment ${i + 1} is not canonical base64url`);
    }
  }
  if (!ACCEPTED_HEADERS.has(segments[0])) {
    checkHeader(segments[0]);
    if (ACCEPTED_HEADERS.size < ACCEPTED_HEADERS_MAX) ACCEPTED_HEADERS.add(segments[0]);
  }
  return { signingInput: token.slice(0, second), payload: segments[1], signature: segments[2] };
}

/** Throws AuthError unless the header segment decodes to an acceptable protected header. */
function checkHeader(segment: string): void {
  const header = decodeJsonObject(segment);
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
  return s !== '' && B64URL.test(s) && spareBitsClear(s);
}

/** For a non-empty base64url text: whether its length is possible and its last character carries no stray bits. */
function spareBitsClear(s: string): boolean {
  const rest = s.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = ALPHABET.indexOf(s[s.length - 1]!);
  // 2 chars carry 8 bits (4 spare), 3 chars carry 16 bits (2 spare): spare bits must be 0.
  return rest === 2 ? (last & 0x0f) === 0 : (last & 0x03) === 0;
}
