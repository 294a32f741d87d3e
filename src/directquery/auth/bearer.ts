// Step 1: the `authorization` metadata. Exactly one value of the form `Bearer <token>`
// (scheme in any case, one space, no surrounding whitespace), bounded in size before any
// parsing so that an oversized header costs nothing.

import { AuthError } from './errors.js';

/** Returns the bearer token; throws AuthError otherwise. Values are grpc-js metadata values. */
export function extractBearer(values: readonly unknown[], maxBytes: number): string {
  if (values.length === 0) throw new AuthError('ERR_AUTH_NO_CREDENTIALS', 'no authorization metadata');
  if (values.length > 1) throw new AuthError('ERR_AUTH_SCHEME', `authorization metadata given ${values.length} times`);
  const value = values[0];
  if (typeof value !== 'string') throw new AuthError('ERR_AUTH_SCHEME', 'authorization metadata is not text');
  // Metadata is ASCII on the wire, so length in UTF-16 units bounds the byte size from below
  // (and three times it from above: the exact count is needed only near the limit).
  if (value.length > maxBytes || (value.length * 3 > maxBytes && Buffer.byteLength(value, 'utf8') > maxBytes)) {
    throw new AuthError('ERR_AUTH_TOO_LARGE', `authorization metadata is over ${maxBytes} bytes`);
  }
  if (value === '') throw new AuthError('ERR_AUTH_NO_CREDENTIALS', 'authorization metadata is empty');
  const space = value.indexOf(' ');
  if (space === -1) throw new AuthError('ERR_AUTH_SCHEME', 'authorization metadata has no scheme');
  if (value.slice(0, space).toLowerCase() !== 'bearer') throw new AuthError('ERR_AUTH_SCHEME', 'authorization scheme is not Bearer');
  const token = value.slice(space + 1);
  if (token === '') throw new AuthError('ERR_AUTH_NO_CREDENTIALS', 'bearer token is empty');
  if (/\s/.test(token)) throw new AuthError('ERR_AUTH_MALFORMED', 'bearer token contains whitespace');
  return token;
}
