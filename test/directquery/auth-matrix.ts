// The authentication matrix, shared by the gate's unit test (fixed clock) and the
// end-to-end test (real clock, real gRPC over TLS). Each case is one `authorization`
// metadata set and the gate's exact verdict for a gate configured with `key` as current and
// `previousKey` as previous key, 30 s clock tolerance and a 900 s lifetime cap.

import type { AuthErrorCode } from '../../src/directquery/auth/index.js';
import { b64url, bearer, mintServiceToken, signCompact, signRs256, serviceClaims } from '../e2e/helpers/tokens.js';

export type Expectation = { readonly accept: true } | { readonly code: AuthErrorCode; readonly message: string };

export interface AuthCase {
  readonly name: string;
  /** Values of the `authorization` metadata; empty = the header is absent. */
  readonly authorization: readonly string[];
  readonly expect: Expectation;
  /** Why the case cannot be sent over gRPC (checked by the unit test only). */
  readonly unitOnly?: string;
  /** The refusal code the gate logs when the case travels over gRPC, where it differs. */
  readonly wireCode?: AuthErrorCode;
}

export interface MatrixKeys {
  readonly key: string;
  readonly previousKey: string;
  readonly otherKey: string;
}

export const MATRIX_POLICY = { clockToleranceS: 30, maxLifetimeS: 900 } as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Replaces the character at `index` by the next base64url character (a single-character flip). */
export function flipAt(token: string, index: number): string {
  const c = token[index]!;
  const next = ALPHABET[(ALPHABET.indexOf(c) + 1) % ALPHABET.length]!;
  return token.slice(0, index) + next + token.slice(index + 1);
}

/** Index of the middle character of segment `seg` (0-based) of a compact token. */
export function middleOf(token: string, seg: number): number {
  const parts = token.split('.');
  let start = 0;
  for (let i = 0; i < seg; i++) start += parts[i]!.length + 1;
  return start + Math.floor(parts[seg]!.length / 2);
}

const accept = { accept: true } as const;
// grpc-js does not deliver a metadata value with leading or trailing whitespace: the gate sees none.
const WS_DROPPED = 'ERR_AUTH_NO_CREDENTIALS';
const refuse = (code: AuthErrorCode, message: string): Expectation => ({ code, message });

/** Every matrix case at time `nowS` (seconds). Tokens carry fresh jti values (agent shape). */
export function authMatrix(k: MatrixKeys, nowS: number): AuthCase[] {
  const now = Math.floor(nowS);
  const mint = (o: Parameters<typeof mintServiceToken>[1] = {}) => mintServiceToken(k.key, { nowS: now, ...o });
  const one = (token: string, scheme = 'bearer') => [bearer(token, scheme)];
  const valid = mint();
  const claims = serviceClaims('agent', now);
  const cases: AuthCase[] = [
    { name: 'no authorization header', authorization: [], expect: refuse('ERR_AUTH_NO_CREDENTIALS', 'no authorization metadata') },
    { name: 'empty authorization header', authorization: [''], expect: refuse('ERR_AUTH_NO_CREDENTIALS', 'authorization metadata is empty') },
    { name: 'empty bearer token', authorization: ['Bearer '], expect: refuse('ERR_AUTH_NO_CREDENTIALS', 'bearer token is empty') },
    { name: 'lower-case scheme (agent mint)', authorization: one(mint()), expect: accept },
    { name: 'RFC 6750 scheme spelling', authorization: one(mint(), 'Bearer'), expect: accept },
    { name: 'upper-case scheme', authorization: one(mint(), 'BEARER'), expect: accept },
    { name: 'Go mint shape (aud array, empty jti, iat and nbf 0)', authorization: one(mint({ shape: 'go' })), expect: accept },
    { name: 'Go mint shape with aud as a string', authorization: one(mint({ shape: 'go', set: { aud: 'vizier' } })), expect: accept },
    { name: 'aud array holding vizier among others', authorization: one(mint({ set: { aud: ['cloud', 'vizier'] } })), expect: accept },
    { name: 'Scopes listing service among others', authorization: one(mint({ set: { Scopes: 'user, service' } })), expect: accept },
    { name: 'no typ header parameter', authorization: one(mint({ header: { alg: 'HS256' } })), expect: accept },
    { name: 'token signed with the previous key', authorization: one(mintServiceToken(k.previousKey, { nowS: now })), expect: accept },
    { name: 'wrong scheme', authorization: one(mint(), 'Basic'), expect: refuse('ERR_AUTH_SCHEME', 'authorization scheme is not Bearer') },
    { name: 'garbage without a scheme', authorization: ['garbage'], expect: refuse('ERR_AUTH_SCHEME', 'authorization metadata has no scheme') },
    { name: 'garbage bearer token', authorization: ['bearer not-a-jwt'], expect: refuse('ERR_AUTH_MALFORMED', 'token has 1 segments, expected 3') },
    { name: 'two authorization values', authorization: [...one(mint()), ...one(mint())], expect: refuse('ERR_AUTH_SCHEME', 'authorization metadata given 2 times'), unitOnly: 'grpc-js clients refuse to send two authorization values' },
    { name: 'two spaces after the scheme', authorization: [`bearer  ${mint()}`], expect: refuse('ERR_AUTH_MALFORMED', 'bearer token contains whitespace') },
    { name: 'trailing whitespace', authorization: [`bearer ${mint()} `], expect: refuse('ERR_AUTH_MALFORMED', 'bearer token contains whitespace'), wireCode: WS_DROPPED },
    { name: 'leading whitespace', authorization: [` bearer ${mint()}`], expect: refuse('ERR_AUTH_SCHEME', 'authorization scheme is not Bearer'), wireCode: WS_DROPPED },
    { name: 'two tokens concatenated', authorization: one(mint() + mint()), expect: refuse('ERR_AUTH_MALFORMED', 'token has 5 segments, expected 3') },
    { name: 'two tokens separated by a space', authorization: [`bearer ${mint()} ${mint()}`], expect: refuse('ERR_AUTH_MALFORMED', 'bearer token contains whitespace') },
    { name: 'an extra segment', authorization: one(`${mint()}.${b64url('x')}`), expect: refuse('ERR_AUTH_MALFORMED', 'token has 4 segments, expected 3') },
    { name: 'padded base64', authorization: one(`${valid.split('.')[0]}==.${valid.split('.').slice(1).join('.')}`), expect: refuse('ERR_AUTH_MALFORMED', 'token segment 1 is not canonical base64url') },
    // 43 signature characters less two leave 41: a length no base64url text can have. (Less
    // one left 42, canonical whenever the new last character's low bits were 0: 1 in 16.)
    { name: 'truncated signature', authorization: one(valid.slice(0, -2)), expect: refuse('ERR_AUTH_MALFORMED', 'token segment 3 is not canonical base64url') },
    { name: 'truncated to two segments', authorization: one(valid.slice(0, valid.lastIndexOf('.'))), expect: refuse('ERR_AUTH_MALFORMED', 'token has 2 segments, expected 3') },
    { name: 'authorization header over 8 KiB', authorization: [`bearer ${'a'.repeat(8200)}`], expect: refuse('ERR_AUTH_TOO_LARGE', 'authorization metadata is over 8192 bytes') },
    { name: 'alg none with an empty signature', authorization: one(`${b64url({ alg: 'none' })}.${b64url(claims)}.`), expect: refuse('ERR_AUTH_MALFORMED', 'token segment 3 is not canonical base64url') },
    { name: 'alg none with a signature', authorization: one(signCompact({ alg: 'none' }, claims, k.key)), expect: refuse('ERR_AUTH_ALG', 'alg is not HS256') },
    { name: 'HS384 signed with the same secret', authorization: one(signCompact({ alg: 'HS384', typ: 'JWT' }, claims, k.key, 'sha384')), expect: refuse('ERR_AUTH_ALG', 'alg is not HS256') },
    { name: 'RS256 header', authorization: one(signRs256(claims)), expect: refuse('ERR_AUTH_ALG', 'alg is not HS256') },
    { name: 'typ other than JWT', authorization: one(mint({ header: { alg: 'HS256', typ: 'at+jwt' } })), expect: refuse('ERR_AUTH_HEADER', 'typ is present and not JWT') },
    { name: 'crit header parameter', authorization: one(mint({ header: { alg: 'HS256', crit: ['exp'] } })), expect: refuse('ERR_AUTH_HEADER', 'crit is present') },
    { name: 'header that is not JSON', authorization: one(`${b64url('not json')}.${valid.split('.').slice(1).join('.')}`), expect: refuse('ERR_AUTH_HEADER', 'protected header is not a JSON object') },
    { name: 'wrong key', authorization: one(mintServiceToken(k.otherKey, { nowS: now })), expect: refuse('ERR_AUTH_SIGNATURE', 'signature does not verify with any configured key') },
    { name: 'flipped character in the header', authorization: one(flipAt(valid, middleOf(valid, 0))), expect: refuse('ERR_AUTH_HEADER', 'protected header is not a JSON object') },
    { name: 'flipped character in the payload', authorization: one(flipAt(valid, middleOf(valid, 1))), expect: refuse('ERR_AUTH_SIGNATURE', 'signature does not verify with any configured key') },
    { name: 'flipped character in the signature', authorization: one(flipAt(valid, middleOf(valid, 2))), expect: refuse('ERR_AUTH_SIGNATURE', 'signature does not verify with any configured key') },
    { name: 'payload that is not JSON', authorization: one(signCompact({ alg: 'HS256' }, '[1,2]', k.key)), expect: refuse('ERR_AUTH_PAYLOAD', 'payload is not a JSON object') },
    { name: 'expired', authorization: one(mint({ set: { exp: now - 1 } })), expect: refuse('ERR_AUTH_EXPIRED', 'exp is not in the future') },
    { name: 'exp equal to now', authorization: one(mint({ set: { exp: now } })), expect: refuse('ERR_AUTH_EXPIRED', 'exp is not in the future') },
    { name: 'missing exp', authorization: one(mint({ omit: ['exp'] })), expect: refuse('ERR_AUTH_CLAIM', 'exp is missing') },
    { name: 'exp that is not a number', authorization: one(mint({ set: { exp: String(now + 60) } })), expect: refuse('ERR_AUTH_CLAIM', 'exp is not a number') },
    { name: 'lifetime over the cap', authorization: one(mint({ set: { exp: now + 960 } })), expect: refuse('ERR_AUTH_LIFETIME', 'exp is more than 900 s ahead') },
    { name: 'nbf in the future', authorization: one(mint({ set: { nbf: now + 120 } })), expect: refuse('ERR_AUTH_NOT_YET_VALID', 'nbf is in the future') },
    { name: 'iat in the future', authorization: one(mint({ set: { iat: now + 120 } })), expect: refuse('ERR_AUTH_NOT_YET_VALID', 'iat is in the future') },
    { name: 'nbf within the clock tolerance', authorization: one(mint({ set: { nbf: now + 10 } })), expect: accept },
    { name: 'missing aud', authorization: one(mint({ omit: ['aud'] })), expect: refuse('ERR_AUTH_CLAIM', 'aud does not contain "vizier"') },
    { name: 'wrong aud', authorization: one(mint({ set: { aud: 'cloud' } })), expect: refuse('ERR_AUTH_CLAIM', 'aud does not contain "vizier"') },
    { name: 'aud array without vizier', authorization: one(mint({ set: { aud: ['cloud'] } })), expect: refuse('ERR_AUTH_CLAIM', 'aud does not contain "vizier"') },
    { name: 'wrong iss', authorization: one(mint({ set: { iss: 'ACME' } })), expect: refuse('ERR_AUTH_CLAIM', 'iss is not "PL"') },
    { name: 'missing iss', authorization: one(mint({ omit: ['iss'] })), expect: refuse('ERR_AUTH_CLAIM', 'iss is not "PL"') },
    { name: 'missing ServiceID', authorization: one(mint({ omit: ['ServiceID'] })), expect: refuse('ERR_AUTH_CLAIM', 'ServiceID is missing or empty') },
    { name: 'empty ServiceID', authorization: one(mint({ set: { ServiceID: '' } })), expect: refuse('ERR_AUTH_CLAIM', 'ServiceID is missing or empty') },
    { name: 'missing sub', authorization: one(mint({ omit: ['sub'] })), expect: refuse('ERR_AUTH_CLAIM', 'sub is missing or empty') },
    { name: 'Scopes without service', authorization: one(mint({ set: { Scopes: 'user' } })), expect: refuse('ERR_AUTH_CLAIM', 'Scopes does not contain "service"') },
    { name: 'Scopes missing', authorization: one(mint({ omit: ['Scopes'] })), expect: refuse('ERR_AUTH_CLAIM', 'Scopes does not contain "service"') },
    { name: 'jti that is not a string', authorization: one(mint({ set: { jti: 7 } })), expect: refuse('ERR_AUTH_CLAIM', 'jti is not a string') },
  ];
  return cases;
}
