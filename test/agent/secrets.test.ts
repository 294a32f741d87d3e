// A signing key given by flag or env never appears in any output of either bundle, on the
// success path, the verbose path and the error paths.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBundle, startBundle, type ProfileName } from '../helpers/dist.js';

const FLAG_KEY = 'flag-secret-Q7m2vX9pL4kZ8wR1';
const ENV_KEY = 'env-secret-H3n6tY0cB5jD2sF8';
const PREV_KEY = 'prev-secret-U1o4iE7aW3qS6dG9';

function assertNoSecret(where: string, text: string): void {
  for (const k of [FLAG_KEY, ENV_KEY, PREV_KEY]) {
    assert.not.ok(text.includes(k), `${where} contains a signing key`);
    assert.not.ok(text.includes(Buffer.from(k).toString('base64')), `${where} contains a signing key (base64)`);
  }
}

const env = { PL_JWT_SIGNING_KEY: ENV_KEY, PL_JWT_SIGNING_KEY_PREV: PREV_KEY, PL_DISABLE_SSL: '1' };

for (const profile of ['enabled', 'stripped'] as ProfileName[]) {
  test(`${profile}: keys stay out of a verbose run's output`, async () => {
    const args = ['--v=10', '--log_format=text', `--jwt_signing_key=${FLAG_KEY}`];
    if (profile === 'enabled') args.push('--direct_query_enabled', '--direct_query_port=0', '--direct_query_bind_address=127.0.0.1');
    const a = await startBundle(profile, args, env, /pemdq running/);
    a.child.kill('SIGTERM');
    const r = await a.done;
    assert.is(r.code, 0);
    assertNoSecret('stderr', r.stderr);
    assertNoSecret('stdout', r.stdout);
  });

  test(`${profile}: keys stay out of --help and error output`, async () => {
    const runs = [
      await runBundle(profile, ['--help', `--jwt_signing_key=${FLAG_KEY}`], env),
      await runBundle(profile, [`--jwt_signing_key=${FLAG_KEY}`, '--v=eleven'], env),
      await runBundle(profile, [`--direct_query_jwt_signing_key=${FLAG_KEY}`, '--direct_query_enabled=bad'], env),
      await runBundle(profile, [`--jwt_signing_key`, FLAG_KEY, 'stray-operand'], env),
    ];
    for (const r of runs) {
      assertNoSecret('stderr', r.stderr);
      assertNoSecret('stdout', r.stdout);
    }
    assert.is(runs[1]!.code, 2);
    assert.is(runs[2]!.code, 2);
    assert.is(runs[3]!.code, 2);
  });
}

test.run();
