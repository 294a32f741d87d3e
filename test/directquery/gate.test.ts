// The auth gate against the whole matrix with a pinned clock, plus its stateful parts
// (previous key, replay guard, counters) and start-up validation.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAuthGate, type AuthGate, type AuthResult } from '../../src/directquery/auth/index.js';
import { authMatrix, flipAt, MATRIX_POLICY, type Expectation } from './auth-matrix.js';
import { bearer, mintServiceToken } from '../e2e/helpers/tokens.js';

const KEYS = {
  key: 'current-key-7fJ2kQ9wLp3xN8vR5tY1mZ6c',
  previousKey: 'previous-key-Hq4Ws8Ed2Rf6Tg0Yh3Uj7Ik1',
  otherKey: 'other-key-Zx5Cv9Bn3Mq7Wa1Sd4Fg8Hj2Kl6',
};
const NOW_S = 1_800_000_000;
const clock = () => NOW_S * 1000;

function gate(over: Partial<Parameters<typeof createAuthGate>[0]> = {}): Promise<AuthGate> {
  return createAuthGate({ ...MATRIX_POLICY, key: KEYS.key, previousKey: KEYS.previousKey, jtiCacheSize: 1000, now: clock, ...over });
}

function verdict(r: AuthResult): Expectation {
  return r.ok ? { accept: true } : { code: r.error.code, message: r.error.message };
}

for (const c of authMatrix(KEYS, NOW_S)) {
  test(`matrix: ${c.name} → ${'accept' in c.expect ? 'accepted' : c.expect.code}`, async () => {
    const g = await gate();
    assert.equal(verdict(await g.check(c.authorization)), c.expect);
  });
}

test('a token signed with the previous key is refused once the previous key is unset', async () => {
  const token = mintServiceToken(KEYS.previousKey, { nowS: NOW_S });
  assert.equal(verdict(await (await gate()).check([bearer(token)])), { accept: true });
  assert.equal(verdict(await (await gate({ previousKey: '' })).check([bearer(token)])), {
    code: 'ERR_AUTH_SIGNATURE',
    message: 'signature does not verify with any configured key',
  });
});

test('a refused header is refused every time, and a header seen before still needs a valid signature', async () => {
  const g = await gate();
  const crit = [bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, header: { alg: 'HS256', crit: ['exp'] } }))];
  for (let i = 0; i < 3; i++) assert.equal(verdict(await g.check(crit)), { code: 'ERR_AUTH_HEADER', message: 'crit is present' });
  // The usual header was accepted above in other tests and here: a wrong key still fails.
  assert.equal(verdict(await g.check([bearer(mintServiceToken(KEYS.key, { nowS: NOW_S }))])), { accept: true });
  assert.equal(verdict(await g.check([bearer(mintServiceToken(KEYS.otherKey, { nowS: NOW_S }))])), {
    code: 'ERR_AUTH_SIGNATURE',
    message: 'signature does not verify with any configured key',
  });
});

test('past 64 distinct accepted headers, further headers are still checked each time', async () => {
  const g = await gate();
  for (let i = 0; i < 70; i++) {
    const header = { alg: 'HS256', typ: 'JWT', kid: `k-${i}` };
    assert.equal(verdict(await g.check([bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, header }))])), { accept: true }, `header ${i}`);
  }
  const late = [bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, header: { alg: 'HS256', typ: 'at+jwt', kid: 'late' } }))];
  assert.equal(verdict(await g.check(late)), { code: 'ERR_AUTH_HEADER', message: 'typ is present and not JWT' });
});

test('reports which key verified the token', async () => {
  const g = await gate();
  const cur = await g.check([bearer(mintServiceToken(KEYS.key, { nowS: NOW_S }))]);
  const prev = await g.check([bearer(mintServiceToken(KEYS.previousKey, { nowS: NOW_S }))]);
  assert.is(cur.ok && cur.identity.key, 'current');
  assert.is(prev.ok && prev.identity.key, 'previous');
});

test('returns the service identity of an accepted token', async () => {
  const g = await gate();
  const r = await g.check([bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, set: { jti: 'j-1', ServiceID: 'kelvin' } }))]);
  assert.equal(r.ok && r.identity, { serviceId: 'kelvin', subject: 'service', exp: NOW_S + 60, jti: 'j-1', key: 'current' });
});

test('accepts a jti once and refuses its replay while the token is valid', async () => {
  const g = await gate();
  const auth = [bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, set: { jti: 'once' } }))];
  assert.equal(verdict(await g.check(auth)), { accept: true });
  assert.equal(verdict(await g.check(auth)), { code: 'ERR_AUTH_REPLAY', message: 'jti was already used' });
});

test('accepts the same token twice when it carries no jti, and counts it', async () => {
  const g = await gate();
  const auth = [bearer(mintServiceToken(KEYS.key, { shape: 'go', nowS: NOW_S }))];
  assert.equal(verdict(await g.check(auth)), { accept: true });
  assert.equal(verdict(await g.check(auth)), { accept: true });
  assert.is(g.stats().acceptedWithoutJti, 2);
});

test('a remembered jti is forgotten once its token expired', async () => {
  let now = NOW_S;
  const g = await gate({ now: () => now * 1000 });
  const auth = [bearer(mintServiceToken(KEYS.key, { nowS: NOW_S, set: { jti: 'j', exp: NOW_S + 5 } }))];
  assert.equal(verdict(await g.check(auth)), { accept: true });
  now += 10;
  // Same jti in a newer token: the old entry has expired, so it is admitted again.
  const later = [bearer(mintServiceToken(KEYS.key, { nowS: now, set: { jti: 'j' } }))];
  assert.equal(verdict(await g.check(later)), { accept: true });
});

test('refuses tokens with a jti when the replay cache is full of live entries, and recovers after expiry', async () => {
  let now = NOW_S;
  const g = await gate({ jtiCacheSize: 2, now: () => now * 1000 });
  const tok = (jti: string) => [bearer(mintServiceToken(KEYS.key, { nowS: now, set: { jti } }))];
  assert.equal(verdict(await g.check(tok('a'))), { accept: true });
  assert.equal(verdict(await g.check(tok('b'))), { accept: true });
  assert.equal(verdict(await g.check(tok('c'))), { code: 'ERR_AUTH_REPLAY_CACHE_FULL', message: 'replay cache is full of live jti values' });
  assert.equal(verdict(await g.check([bearer(mintServiceToken(KEYS.key, { shape: 'go', nowS: now }))])), { accept: true });
  now += 61;
  assert.equal(verdict(await g.check(tok('d'))), { accept: true });
  assert.is(g.stats().replayCacheSize, 1);
});

test('refuses every single-character change anywhere in a valid token', async () => {
  const g = await gate();
  const valid = mintServiceToken(KEYS.key, { shape: 'go', nowS: NOW_S });
  let accepted = 0;
  for (let i = 0; i < valid.length; i++) {
    if (valid[i] === '.') continue;
    const r = await g.check([bearer(flipAt(valid, i))]);
    if (r.ok) accepted++;
  }
  assert.is(accepted, 0);
  assert.equal(verdict(await g.check([bearer(valid)])), { accept: true });
});

test('refuses metadata values that are not text', async () => {
  const g = await gate();
  assert.equal(verdict(await g.check([Buffer.from('bearer x')])), { code: 'ERR_AUTH_SCHEME', message: 'authorization metadata is not text' });
});

test('counts refusals by code', async () => {
  const g = await gate();
  await g.check([]);
  await g.check(['Basic x']);
  await g.check(['Basic y']);
  assert.equal(g.stats().refused, { ERR_AUTH_NO_CREDENTIALS: 1, ERR_AUTH_SCHEME: 2 });
});

test('refuses to start without a key, naming where to set it', async () => {
  try {
    await gate({ key: '' });
    assert.unreachable('started without a key');
  } catch (err) {
    assert.equal({ code: (err as { code: string }).code, message: (err as Error).message }, {
      code: 'ERR_AUTH_CONFIG',
      message: 'no signing key: set PL_JWT_SIGNING_KEY (or --jwt_signing_key / --direct_query_jwt_signing_key)',
    });
  }
});

test('refuses to start with a negative clock tolerance or a zero cache size', async () => {
  for (const [over, message] of [
    [{ clockToleranceS: -1 }, 'clockToleranceS must be a finite number >= 0'],
    [{ jtiCacheSize: 0 }, 'jtiCacheSize must be a finite number > 0'],
    [{ maxLifetimeS: Number.NaN }, 'maxLifetimeS must be a finite number > 0'],
  ] as const) {
    try {
      await gate(over);
      assert.unreachable('started with bad options');
    } catch (err) {
      assert.is((err as Error).message, message);
    }
  }
});

test('treats a previous key equal to the current key as no previous key', async () => {
  const g = await gate({ previousKey: KEYS.key });
  const r = await g.check([bearer(mintServiceToken(KEYS.key, { nowS: NOW_S }))]);
  assert.is(r.ok && r.identity.key, 'current');
});

test.run();
