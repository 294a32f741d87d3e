// The HS256 signature step's HMAC: RFC 4231's HMAC-SHA-256 test cases (short key, text key,
// keys longer than the block), agreement with node:crypto's createHmac for every key length
// around the block size, and key material zeroed on import.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHmac, randomBytes } from 'node:crypto';
import { hmacSha256, importHmacKey, verifySignature, importVerificationKeys } from '../../src/directquery/auth/signature.js';
import { AuthError } from '../../src/directquery/auth/errors.js';

const RFC4231 = [
  { key: Buffer.alloc(20, 0x0b), data: 'Hi There', mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { key: Buffer.from('Jefe'), data: 'what do ya want for nothing?', mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { key: Buffer.alloc(131, 0xaa), data: 'Test Using Larger Than Block-Size Key - Hash Key First', mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54' },
  {
    key: Buffer.alloc(131, 0xaa),
    data: 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

test('computes the RFC 4231 HMAC-SHA-256 test cases', () => {
  for (const c of RFC4231) assert.is(hmacSha256(importHmacKey(Buffer.from(c.key)), c.data).toString('hex'), c.mac, c.data);
});

test('agrees with createHmac for keys of 0 to 200 bytes and messages of many lengths', () => {
  for (let len = 0; len <= 200; len++) {
    const key = randomBytes(len);
    const message = randomBytes(len * 3).toString('base64url');
    const expected = createHmac('sha256', key).update(message).digest('hex');
    assert.is(hmacSha256(importHmacKey(Buffer.from(key)), message).toString('hex'), expected, `key of ${len} bytes`);
  }
});

test('a prepared key gives the same answer on every call (its states are copied, never consumed)', () => {
  const key = importHmacKey(Buffer.from('rotation-key-0123456789abcdef'));
  const first = hmacSha256(key, 'a.b').toString('hex');
  for (let i = 0; i < 5; i++) assert.is(hmacSha256(key, 'a.b').toString('hex'), first);
  assert.is.not(hmacSha256(key, 'a.c').toString('hex'), first);
});

test('zeroes the caller\'s key bytes on import, for short and for long keys', () => {
  for (const len of [16, 64, 65, 300]) {
    const bytes = randomBytes(len);
    importHmacKey(bytes);
    assert.ok(bytes.every((b) => b === 0), `key of ${len} bytes`);
  }
});

test('verifySignature names the key that signed, tries the previous key second, and refuses a wrong length', async () => {
  const cur = Buffer.from('current-key-Aa1Bb2Cc3Dd4Ee5Ff6');
  const prev = Buffer.from('previous-key-Gg7Hh8Ii9Jj0Kk1Ll2');
  const sig = (k: Buffer, input: string) => createHmac('sha256', k).update(input).digest('base64url');
  const input = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0';
  const token = (k: Buffer) => ({ signingInput: input, payload: input.split('.')[1]!, signature: sig(k, input) });
  const keys = await importVerificationKeys(Buffer.from(cur), Buffer.from(prev));
  assert.is(verifySignature(token(cur), keys), 'current');
  assert.is(verifySignature(token(prev), keys), 'previous');
  const onlyCurrent = await importVerificationKeys(Buffer.from(cur), undefined);
  for (const t of [token(prev), { ...token(cur), signature: token(cur).signature.slice(0, 40) }, { ...token(cur), signingInput: `${input}x` }]) {
    try {
      verifySignature(t, onlyCurrent);
      assert.unreachable('accepted');
    } catch (err) {
      assert.instance(err, AuthError);
      assert.equal({ code: (err as AuthError).code, message: (err as AuthError).message }, { code: 'ERR_AUTH_SIGNATURE', message: 'signature does not verify with any configured key' });
    }
  }
});

test('messages of any length under one prepared key, long ones between short ones', () => {
  const raw = randomBytes(40);
  const key = importHmacKey(Buffer.from(raw));
  for (const len of [0, 1, 63, 64, 65, 5000, 3, 20_000, 17]) {
    const message = 'a.'.repeat(len).slice(0, len);
    assert.is(hmacSha256(key, message).toString('hex'), createHmac('sha256', raw).update(message).digest('hex'), `message of ${len} chars`);
  }
});

test.run();
