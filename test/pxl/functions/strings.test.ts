import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import { FunctionError } from '../../../src/pxl/functions/index.js';
import { c, col, k } from '../../exec/fixtures.js';
import { run } from './helpers.js';

const S = T.STRING;

test('contains matches substrings and always matches the empty string', () => {
  assert.equal(run('contains', [S, S], [c(col.str(['kube-system/dns', 'default/web', ''])), k(S, 'kube')], 3), [true, false, false]);
  assert.equal(run('contains', [S, S], [c(col.str(['a', ''])), k(S, '')], 2), [true, true]);
});

test('find and length count UTF-8 bytes', () => {
  assert.equal(run('find', [S, S], [c(col.str(['hello', 'héllo', 'x'])), k(S, 'llo')], 3), [2n, 3n, -1n]);
  assert.equal(run('length', [S], [c(col.str(['', 'abc', 'é']))], 3), [0n, 3n, 2n]);
});

test('substring returns "" out of range and clips at the end', () => {
  const s = c(col.str(['abcdef']));
  assert.equal(run('substring', [S, T.INT64, T.INT64], [s, k(T.INT64, 2n), k(T.INT64, 3n)], 1), ['cde']);
  assert.equal(run('substring', [S, T.INT64, T.INT64], [s, k(T.INT64, 4n), k(T.INT64, 10n)], 1), ['ef']);
  assert.equal(run('substring', [S, T.INT64, T.INT64], [s, k(T.INT64, -1n), k(T.INT64, 2n)], 1), ['']);
  assert.equal(run('substring', [S, T.INT64, T.INT64], [s, k(T.INT64, 7n), k(T.INT64, 2n)], 1), ['']);
  assert.equal(run('substring', [S, T.INT64, T.INT64], [s, k(T.INT64, 1n), k(T.INT64, -2n)], 1), ['']);
  assert.equal(run('substring', [S, T.INT64, T.INT64], [c(col.str(['aéb'])), k(T.INT64, 1n), k(T.INT64, 2n)], 1), ['é']);
});

test('atoi parses int64 decimals and falls back to the default', () => {
  assert.equal(run('atoi', [S, T.INT64], [c(col.str(['42', ' -7 ', '9223372036854775807', '9223372036854775808', 'x1', ''])), k(T.INT64, -1n)], 6),
    [42n, -7n, 2n ** 63n - 1n, -1n, -1n, -1n]);
});

test('split returns a JSON array string of the parts', () => {
  assert.equal(run('split', [S, S], [c(col.str(['a,b,,c', 'x'])), k(S, ',')], 2), ['["a","b","","c"]', '["x"]']);
});

test('regex_match is a full match and replace rewrites every match with back-references', () => {
  assert.equal(run('regex_match', [S, S], [k(S, '127\\.0\\.0\\.[0-9]+'), c(col.str(['127.0.0.1', 'x127.0.0.1', '127.0.0.12']))], 3), [true, false, true]);
  assert.equal(run('replace', [S, S, S], [k(S, '([a-z]+)-([0-9]+)'), c(col.str(['web-12 and db-3'])), k(S, '\\2:\\1 $')], 1), ['12:web $ and 3:db $']);
  assert.equal(run('replace', [S, S, S], [k(S, '/'), c(col.str(['a/b'])), c(col.str(['\\\\']))], 1), ['a\\b']);
});

test('a non-constant or invalid pattern is a function error with a code', () => {
  try {
    run('regex_match', [S, S], [c(col.str(['('])), c(col.str(['x']))], 1);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, FunctionError);
    assert.equal([(e as FunctionError).code, (e as Error).message], ['ERR_PXL_FUNCTION_ARG', 'regex_match: the pattern must be a constant string']);
  }
  try {
    run('replace', [S, S, S], [k(S, '('), c(col.str(['x'])), k(S, '')], 1);
    assert.unreachable();
  } catch (e) {
    assert.is((e as FunctionError).code, 'ERR_PXL_FUNCTION_ARG');
    assert.match((e as Error).message, /^replace: invalid regular expression '\(':/);
  }
});

test('has_service_name accepts a single name or a JSON array of names', () => {
  assert.equal(run('has_service_name', [S, S], [c(col.str(['ns/a', '["ns/a","ns/b"]', '["ns/c"]', '[bad'])), k(S, 'ns/b')], 4),
    [false, true, false, false]);
  assert.equal(run('has_service_name', [S, S], [c(col.str(['ns/b'])), k(S, 'ns/b')], 1), [true]);
});

test('nslookup answers the address itself', () => {
  assert.equal(run('nslookup', [S], [c(col.str(['10.0.0.1']))], 1), ['10.0.0.1']);
});

test.run();
