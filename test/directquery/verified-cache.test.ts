// The gate's verified-token cache: a reused jti-less token is accepted without a second
// verification, yet every answer stays exactly what the full path would give: changed
// tokens, expired tokens, clocks that move back, jti tokens and a full cache.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAuthGate, type AuthGate, type AuthResult } from '../../src/directquery/auth/index.js';
import { constantTimeEqual } from '../../src/directquery/auth/verified-cache.js';
import { flipAt, MATRIX_POLICY } from './auth-matrix.js';
import { bearer, mintServiceToken, signCompact } from '../e2e/helpers/tokens.js';

const KEY = 'cache-key-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9L';
const PREV = 'cache-prev-Zx2Cv4Bn6Mq8Wa0Sd2Fg4Hj6Kl8P';
const NOW_S = 1_800_000_000;

function gate(now: () => number, over: Partial<Parameters<typeof createAuthGate>[0]> = {}): Promise<AuthGate> {
  return createAuthGate({ ...MATRIX_POLICY, key: KEY, previousKey: PREV, jtiCacheSize: 100, now: () => now() * 1000, ...over });
}

const goToken = (nowS: number, set: Record<string, unknown> = {}, key = KEY) => mintServiceToken(key, { shape: 'go', nowS, set });
const code = (r: AuthResult) => (r.ok ? 'accepted' : r.error.code);

test('a reused jti-less token is accepted from the cache with the same identity', async () => {
  const g = await gate(() => NOW_S);
  const auth = [bearer(goToken(NOW_S))];
  const first = await g.check(auth);
  const second = await g.check(auth);
  assert.ok(first.ok && second.ok);
  assert.equal(second.ok && second.identity, first.ok && first.identity);
  assert.equal([g.stats().verifiedCacheHits, g.stats().verifiedCacheSize, g.stats().accepted, g.stats().acceptedWithoutJti], [1, 1, 2, 2]);
});

test('every single-character change of a cached token is still refused', async () => {
  const g = await gate(() => NOW_S);
  const valid = goToken(NOW_S);
  assert.is(code(await g.check([bearer(valid)])), 'accepted');
  const codes = new Set<string>();
  for (let i = 0; i < valid.length; i++) {
    if (valid[i] === '.') continue;
    codes.add(code(await g.check([bearer(flipAt(valid, i))])));
  }
  assert.not.ok(codes.has('accepted'));
  // A changed signature finds the entry (same header.payload) and must fail the comparison.
  assert.ok(codes.has('ERR_AUTH_SIGNATURE'));
  assert.is(g.stats().verifiedCacheHits, 0);
  // The cached entry survives the attempts.
  assert.is(code(await g.check([bearer(valid)])), 'accepted');
  assert.is(g.stats().verifiedCacheHits, 1);
});

test('a cached token is refused as expired once exp passes, with the precise reason', async () => {
  let now = NOW_S;
  const g = await gate(() => now);
  const auth = [bearer(goToken(NOW_S, { exp: NOW_S + 10 }))];
  assert.is(code(await g.check(auth)), 'accepted');
  now = NOW_S + 9.5;
  assert.is(code(await g.check(auth)), 'accepted');
  now = NOW_S + 10;
  assert.is(code(await g.check(auth)), 'ERR_AUTH_EXPIRED');
  assert.equal([g.stats().verifiedCacheHits, g.stats().verifiedCacheSize], [1, 0]);
});

test('a clock that moves back re-runs the nbf/iat and lifetime checks', async () => {
  let now = NOW_S;
  const g = await gate(() => now);
  const auth = [bearer(goToken(NOW_S, { iat: NOW_S, exp: NOW_S + 600 }))];
  assert.is(code(await g.check(auth)), 'accepted');
  now = NOW_S - 100; // iat is now 100 s ahead, beyond the 30 s tolerance
  assert.is(code(await g.check(auth)), 'ERR_AUTH_NOT_YET_VALID');
  now = NOW_S;
  assert.is(code(await g.check(auth)), 'accepted');
  now = NOW_S - 400; // exp is now 1000 s ahead: over the 900 s cap
  const noIat = [bearer(goToken(NOW_S, { exp: NOW_S + 600 }))];
  now = NOW_S;
  assert.is(code(await g.check(noIat)), 'accepted');
  now = NOW_S - 400;
  assert.is(code(await g.check(noIat)), 'ERR_AUTH_LIFETIME');
  assert.is(g.stats().verifiedCacheHits, 0);
});

test('tokens with a jti are never cached: a replay is still refused', async () => {
  const g = await gate(() => NOW_S);
  const auth = [bearer(mintServiceToken(KEY, { nowS: NOW_S, set: { jti: 'only-once' } }))];
  assert.is(code(await g.check(auth)), 'accepted');
  assert.is(code(await g.check(auth)), 'ERR_AUTH_REPLAY');
  assert.equal([g.stats().verifiedCacheHits, g.stats().verifiedCacheSize], [0, 0]);
});

test('a token accepted with the previous key keeps being counted as such on a cache hit', async () => {
  const g = await gate(() => NOW_S);
  const auth = [bearer(goToken(NOW_S, {}, PREV))];
  const a = await g.check(auth);
  const b = await g.check(auth);
  assert.equal([a.ok && a.identity.key, b.ok && b.identity.key], ['previous', 'previous']);
  assert.equal([g.stats().acceptedWithPreviousKey, g.stats().verifiedCacheHits], [2, 1]);
});

test('a new gate (keys changed) starts with an empty cache: the previous key is refused once unset', async () => {
  const auth = [bearer(goToken(NOW_S, {}, PREV))];
  const before = await gate(() => NOW_S);
  assert.is(code(await before.check(auth)), 'accepted');
  assert.is(code(await before.check(auth)), 'accepted');
  const after = await gate(() => NOW_S, { previousKey: '' });
  assert.is(code(await after.check(auth)), 'ERR_AUTH_SIGNATURE');
});

test('the cache holds at most its capacity, dropping expired entries first, then the oldest', async () => {
  let now = NOW_S;
  const g = await gate(() => now, { verifiedCacheSize: 2 });
  const short = [bearer(goToken(NOW_S, { ServiceID: 'short', exp: NOW_S + 5 }))];
  const a = [bearer(goToken(NOW_S, { ServiceID: 'a' }))];
  const b = [bearer(goToken(NOW_S, { ServiceID: 'b' }))];
  const c = [bearer(goToken(NOW_S, { ServiceID: 'c' }))];
  for (const t of [short, a]) assert.is(code(await g.check(t)), 'accepted');
  now = NOW_S + 6; // `short` has expired: adding b sweeps it instead of dropping a
  assert.is(code(await g.check(b)), 'accepted');
  assert.is(code(await g.check(a)), 'accepted');
  assert.equal([g.stats().verifiedCacheHits, g.stats().verifiedCacheSize], [1, 2]);
  assert.is(code(await g.check(c)), 'accepted'); // full of live entries: drops the oldest (a)
  assert.is(g.stats().verifiedCacheSize, 2);
  assert.is(code(await g.check(b)), 'accepted');
  assert.is(g.stats().verifiedCacheHits, 2);
  assert.is(code(await g.check(a)), 'accepted'); // verified again, in full
  assert.is(g.stats().verifiedCacheHits, 2);
});

test('size 0 turns the cache off', async () => {
  const g = await gate(() => NOW_S, { verifiedCacheSize: 0 });
  const auth = [bearer(goToken(NOW_S))];
  for (let i = 0; i < 3; i++) assert.is(code(await g.check(auth)), 'accepted');
  assert.equal([g.stats().verifiedCacheHits, g.stats().verifiedCacheSize], [0, 0]);
});

test('a token padded into a different string never matches a cached one', async () => {
  const g = await gate(() => NOW_S);
  const valid = goToken(NOW_S);
  assert.is(code(await g.check([bearer(valid)])), 'accepted');
  const [h, p, s] = valid.split('.') as [string, string, string];
  for (const t of [`${h}.${p}.${s}.${s}`, `${h}.${p}.${s}${s}`, `${h}.${p}.${s.slice(0, -2)}`, `x.${h}.${p}.${s}`, `${p}.${s}`]) {
    assert.is.not(code(await g.check([bearer(t)])), 'accepted', t.length.toString());
  }
  // The same claims re-signed with another key share header.payload with the cached token.
  const forged = signCompact({ alg: 'HS256', typ: 'JWT' }, JSON.parse(Buffer.from(p, 'base64url').toString()), 'not-the-key-Mn8Bv6Cx4Za2Sd0Fg8Hj6Kl4');
  assert.is(forged.slice(0, forged.lastIndexOf('.')), `${h}.${p}`);
  assert.is(code(await g.check([bearer(forged)])), 'ERR_AUTH_SIGNATURE');
  assert.is(g.stats().verifiedCacheHits, 0);
});

test('refuses a negative cache size at start-up', async () => {
  try {
    await gate(() => NOW_S, { verifiedCacheSize: -1 });
    assert.unreachable('started with a negative cache size');
  } catch (err) {
    assert.is((err as Error).message, 'verifiedCacheSize must be a finite number >= 0');
  }
});

test('constantTimeEqual compares whole strings', () => {
  assert.ok(constantTimeEqual('abc', 'abc'));
  assert.ok(constantTimeEqual('', ''));
  assert.not.ok(constantTimeEqual('abc', 'abd'));
  assert.not.ok(constantTimeEqual('abc', 'xbc'));
  assert.not.ok(constantTimeEqual('abc', 'abcd'));
});

test.run();
