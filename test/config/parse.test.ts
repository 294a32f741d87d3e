import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs, defineFlags, ConfigError } from '../../src/config/index.js';

const specs = defineFlags({
  enabled: { kind: 'bool', default: false, env: ['X_ENABLED'], help: '' },
  port: { kind: 'int', min: 0, max: 65535, default: 50305, env: ['X_PORT'], help: '' },
  key: { kind: 'string', default: '', env: ['X_KEY'], secret: true, help: '' },
});

test('reads --flag=value, --flag value and --noflag', () => {
  const r = parseArgs(specs, ['--port=1', '--noenabled', '--key', 'k'], {});
  assert.equal(r.values, { enabled: false, port: 1, key: 'k' });
});

test('rejects a bad integer naming flag, value and expected type', () => {
  try {
    parseArgs(specs, ['--port=abc'], {});
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ConfigError);
    assert.is((e as ConfigError).message, 'invalid value for --port: "abc"; expected an integer between 0 and 65535');
  }
});

test.run();
