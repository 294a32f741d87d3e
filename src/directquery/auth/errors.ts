// Why the auth gate refused a call. Each refusal has a stable code and a message that names
// the check (and the claim, when one is involved) but never echoes token or key material.
// These travel to the debug log only: the peer always sees one fixed UNAUTHENTICATED text.

export const AUTH_ERROR_CODES = [
  'ERR_AUTH_NO_CREDENTIALS',
  'ERR_AUTH_SCHEME',
  'ERR_AUTH_TOO_LARGE',
  'ERR_AUTH_MALFORMED',
  'ERR_AUTH_HEADER',
  'ERR_AUTH_ALG',
  'ERR_AUTH_SIGNATURE',
  'ERR_AUTH_PAYLOAD',
  'ERR_AUTH_CLAIM',
  'ERR_AUTH_EXPIRED',
  'ERR_AUTH_NOT_YET_VALID',
  'ERR_AUTH_LIFETIME',
  'ERR_AUTH_REPLAY',
  'ERR_AUTH_REPLAY_CACHE_FULL',
  'ERR_AUTH_INTERNAL',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** A refusal by the auth gate. `claim` names the JWT claim or header parameter involved. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly claim: string | undefined;

  constructor(code: AuthErrorCode, message: string, claim?: string) {
    super(message);
    this.name = 'AuthError';
    this.code = code;
    this.claim = claim;
  }
}

/** Misconfiguration of the gate by our own start-up code (empty key, bad limits). */
export class AuthConfigError extends Error {
  readonly code = 'ERR_AUTH_CONFIG';

  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}
