import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs, defineFlags, ConfigError, convert, coreFlags, renderFlagHelp } from '../../src/config/index.js';

const specs = defineFlags({
  enabled: { kind: 'bool', default: false, env: ['X_ENABLED'], help: 'on' },
  port: { kind: 'int', min: 0, max: 65535, default: 50305, env: ['X_PORT'], help: 'port' },
  key: { kind: 'string', default: '', env: ['X_KEY', 'X_KEY_FALLBACK'], secret: true, help: 'key' },
  ratio: { kind: 'float', min: 0, max: 1, default: 0.5, help: 'ratio' },
  fmt: { kind: 'enum', choices: ['json', 'text'], default: 'json', help: 'fmt' },
  sources: { kind: 'list', default: ['demo'], help: 'sources' },
});

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

test('reads --flag=value, --flag value, -flag and --noflag', () => {
  const r = parseArgs(specs, ['--port=1', '--noenabled', '--key', 'k', '-fmt=text'], {});
  assert.equal(r.values, { enabled: false, port: 1, key: 'k', ratio: 0.5, fmt: 'text', sources: ['demo'] });
  assert.equal(r.positionals, []);
});

test('a bare boolean flag is true and does not take the next argument', () => {
  const r = parseArgs(specs, ['--enabled', 'serve'], {});
  assert.is(r.values.enabled, true);
  assert.equal(r.positionals, ['serve']);
});

test('the command line wins over env, env over the default; the first set env wins', () => {
  assert.is(parseArgs(specs, ['--port=7'], { X_PORT: '8' }).values.port, 7);
  const r = parseArgs(specs, [], { X_PORT: '8', X_KEY_FALLBACK: 'b' });
  assert.is(r.values.port, 8);
  assert.is(r.values.key, 'b');
  assert.is(r.sources.port, 'env');
  assert.is(r.sources.ratio, 'default');
  assert.is(parseArgs(specs, [], { X_PORT: '' }).values.port, 50305);
});

test('the last occurrence of a scalar flag wins; list flags accumulate and split on commas', () => {
  const r = parseArgs(specs, ['--port=1', '--port=2', '--sources=demo,procfs', '--sources', 'jsonl:t=/x'], {});
  assert.is(r.values.port, 2);
  assert.equal(r.values.sources, ['demo', 'procfs', 'jsonl:t=/x']);
});

test('-- ends flags', () => {
  assert.equal(parseArgs(specs, ['--', '--port=1'], {}).positionals, ['--port=1']);
});

test('rejects a bad integer naming flag, value and expected type', () => {
  const e = configError(() => parseArgs(specs, ['--port=abc'], {}));
  assert.equal({ code: e.code, message: e.message, flag: e.flag }, {
    code: 'ERR_CONFIG_BAD_VALUE',
    message: 'invalid value for --port: "abc"; expected an integer between 0 and 65535',
    flag: 'port',
  });
});

test('rejects an out-of-range env value naming the variable', () => {
  const e = configError(() => parseArgs(specs, [], { X_PORT: '70000' }));
  assert.is(e.message, 'invalid value for X_PORT: "70000"; expected an integer between 0 and 65535');
});

test('a secret flag value is never echoed in an error', () => {
  const spec = { kind: 'int', default: 0, secret: true, help: '' } as const;
  const e = configError(() => convert('k', spec, 'hunter2'));
  assert.is(e.message, 'invalid value for --k: (value hidden); expected an integer');
});

test('rejects unknown flags and missing values', () => {
  assert.is(configError(() => parseArgs(specs, ['--nope'], {})).message, 'unknown flag: --nope');
  assert.is(configError(() => parseArgs(specs, ['--noport'], {})).message, 'unknown flag: --noport');
  const m = configError(() => parseArgs(specs, ['--port'], {}));
  assert.equal({ code: m.code, message: m.message }, { code: 'ERR_CONFIG_MISSING_VALUE', message: 'flag --port needs a value (an integer between 0 and 65535)' });
});

test('validates booleans, floats and enums', () => {
  assert.is(parseArgs(specs, ['--enabled=YES'], {}).values.enabled, true);
  assert.is(parseArgs(specs, [], { X_ENABLED: '0' }).values.enabled, false);
  assert.is(configError(() => parseArgs(specs, ['--enabled=2'], {})).message, 'invalid value for --enabled: "2"; expected a boolean (true/false, 1/0, yes/no)');
  assert.is(parseArgs(specs, ['--ratio=.25'], {}).values.ratio, 0.25);
  assert.is(configError(() => parseArgs(specs, ['--ratio=1.5'], {})).message, 'invalid value for --ratio: "1.5"; expected a number between 0 and 1');
  assert.is(configError(() => parseArgs(specs, ['--ratio=NaN'], {})).message, 'invalid value for --ratio: "NaN"; expected a number between 0 and 1');
  assert.is(configError(() => parseArgs(specs, ['--fmt=xml'], {})).message, 'invalid value for --fmt: "xml"; expected one of json, text');
  assert.is(configError(() => parseArgs(specs, ['--port=1e3'], {})).message, 'invalid value for --port: "1e3"; expected an integer between 0 and 65535');
});

test('core defaults match the original agent', () => {
  const r = parseArgs(coreFlags, [], {});
  assert.is(r.values.table_store_data_limit, 1280);
  assert.is(r.values.table_store_http_events_percent, 40);
  assert.equal(r.values.sources, ['demo']);
});

test('help text shows env names and defaults but never a secret default', () => {
  const h = renderFlagHelp(specs);
  assert.ok(h.includes('  --port=VALUE\n      port (default: 50305) [env: X_PORT]\n      accepts an integer between 0 and 65535\n'));
  assert.ok(h.includes('  --key=VALUE\n      key [env: X_KEY, X_KEY_FALLBACK]\n'));
  assert.ok(h.includes('  --enabled\n'));
});

test.run();
