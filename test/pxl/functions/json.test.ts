import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T, SemanticType } from '../../../src/types/index.js';
import { pluck, pluckFloat64, pluckInt64, rawMember } from '../../../src/pxl/functions/json.js';
import { c, col, k } from '../../exec/fixtures.js';
import { registry, run } from './helpers.js';

const S = T.STRING;

test('pluck returns strings unquoted, other values as compact JSON, "" otherwise', () => {
  const j = '{"a": "x", "b": {"c": [1, 2]}, "n": null, "d": 1.5}';
  assert.equal([pluck(j, 'a'), pluck(j, 'b'), pluck(j, 'n'), pluck(j, 'd'), pluck(j, 'zz'), pluck('nope', 'a'), pluck('[1]', 'a')],
    ['x', '{"c":[1,2]}', '', '1.5', '', '', '']);
});

test('pluck_float64 reads only JSON doubles; integers give 0.0', () => {
  const j = '{"p50": 1234.0, "p90": 1e3, "i": 12, "s": "1.5", "neg": -0.25}';
  assert.equal(['p50', 'p90', 'i', 's', 'neg', 'missing'].map((key) => pluckFloat64(j, key)), [1234, 1000, 0, 0, -0.25, 0]);
  assert.equal(pluckFloat64('{bad', 'p50'), 0);
});

test('pluck_int64 reads only integers within int64', () => {
  const j = '{"a": 9223372036854775807, "b": 1.0, "c": 9223372036854775808, "d": -3}';
  assert.equal(['a', 'b', 'c', 'd', 'x'].map((key) => pluckInt64(j, key)), [2n ** 63n - 1n, 0n, 0n, -3n, 0n]);
});

test('finds top-level members past nested strings containing braces', () => {
  assert.is(rawMember('{"x": {"k": "}{,\\""}, "y": 2}', 'y'), '2');
});

test('the pluck kernels work column-wise', () => {
  const js = c(col.str(['{"p99":2.5}', '{"p99":3}']));
  assert.equal(run('pluck_float64', [S, S], [js, k(S, 'p99')], 2), [2.5, 0]);
  assert.equal(run('pluck_int64', [S, S], [js, k(S, 'p99')], 2), [0n, 3n]);
  assert.equal(run('pluck', [S, S], [js, k(S, 'p99')], 2), ['2.5', '3']);
  assert.equal(run('pluck_array', [S, T.INT64], [c(col.str(['["a",{"b":1},null]', '["a",{"b":1},null]', '["a",{"b":1},null]', '{}'])), c(col.int([0n, 1n, 2n, 0n]))], 4),
    ['a', '{"b":1}', '', '']);
  assert.equal(run('pluck_array', [S, T.INT64], [c(col.str(['[1]', 'x'])), k(T.INT64, 5n)], 2), ['', '']);
});

test('_script_reference builds the deep-link JSON with 0 to 8 argument pairs', () => {
  assert.equal(run('_script_reference', [S, S, S, S, S, S],
    [c(col.str(['ns/pod-a'])), k(S, 'px/pod'), k(S, 'start_time'), k(S, '-5m'), k(S, 'pod'), c(col.str(['ns/pod-a']))], 1),
  ['{"label":"ns/pod-a","script":"px/pod","args":{"start_time":"-5m","pod":"ns/pod-a"}}']);
  assert.equal(run('_script_reference', [S, S], [k(S, 'l'), k(S, 's')], 1), ['{"label":"l","script":"s","args":{}}']);
  const o = registry.resolveScalar('_script_reference', new Array(18).fill(S))!;
  assert.is(o.semanticType([]), SemanticType.ST_SCRIPT_REFERENCE);
  assert.equal(registry.resolveScalar('_script_reference', new Array(20).fill(S)), undefined);
});

test.run();
