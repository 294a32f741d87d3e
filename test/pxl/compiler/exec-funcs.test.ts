import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, errorOf, chain, sinkInput } from '../fixtures.js';

const SCRIPT = `import px
def http_data(start_time: str, num_head: int, ratio: float, keep: bool, pod: px.Pod):
    df = px.DataFrame('http_events', start_time=start_time)
    df = df[df.latency * ratio > 0.0 or keep]
    df = df[px.contains(df.req_path, pod)]
    return df.head(num_head)
def pair(start_time: str):
    df = px.DataFrame('network_stats', start_time=start_time)
    return [df, df.head(1)]
def scalar(x: int):
    return x
def untyped(x):
    return px.DataFrame('network_stats')
def cols(names: list):
    return px.DataFrame('network_stats')[names]
px.display(px.DataFrame('conn_stats'), 'ignored')
px.debug(px.DataFrame('conn_stats'), 'http_data')
`;

const call = (funcName: string, args: Record<string, string>, outputTablePrefix = funcName) => ({
  funcName, outputTablePrefix, argValues: Object.entries(args).map(([name, value]) => ({ name, value })),
});

const HTTP_ARGS = { start_time: '-5m', num_head: '100', ratio: '0.5', keep: 'No', pod: '' };

test('parses string arguments by annotation and names the output by the prefix', () => {
  const r = ok(SCRIPT, { execFuncs: [call('http_data', HTTP_ARGS)] });
  assert.equal(r.sinks.map((s) => s.name), ['_http_data', 'http_data']);
  assert.is(chain(r.plan, r.sinks[1]!.node), 'source(http_events) > filter > filter > head(100) > sink(http_data)');
});

test('moves a debug table aside when an exec func prefix takes its name', () => {
  const r = ok(SCRIPT, { execFuncs: [call('http_data', HTTP_ARGS, '_http_data')] });
  assert.equal(r.sinks.map((s) => s.name), ['_http_data_1', '_http_data']);
  assert.is(sinkInput(r, '_http_data_1').kind, 'source');
});

test('ignores px.display when exec funcs are given but keeps px.debug', () => {
  const r = ok(SCRIPT, { execFuncs: [call('http_data', HTTP_ARGS, 'out')] });
  assert.equal(r.sinks.map((s) => s.name), ['_http_data', 'out']);
});

test('names the tables of a returned list prefix[i]', () => {
  const r = ok(SCRIPT, { execFuncs: [call('pair', { start_time: '-1m' }, 't')] });
  assert.equal(r.sinks.map((s) => s.name), ['_http_data', 't[0]', 't[1]']);
});

test('accepts every boolean spelling', () => {
  for (const v of ['true', 'T', 'yes', 'Y', '1', 'FALSE', 'f', 'no', 'n', '0']) {
    assert.is(ok(SCRIPT, { execFuncs: [call('http_data', { ...HTTP_ARGS, keep: v })] }).sinks.length, 2);
  }
});

test('parses a list annotation as a PxL expression', () => {
  const r = ok(SCRIPT, { execFuncs: [call('cols', { names: "['pod_id', 'rx_bytes']" })] });
  assert.equal(r.sinks[1]!.relation.map((c) => c.name), ['pod_id', 'rx_bytes']);
});

const failures: Array<[string, ReturnType<typeof call>, string, number, number]> = [
  ['an unannotated parameter', call('untyped', { x: '1' }), "parameter 'x' of 'untyped' has no type annotation, so its value cannot be parsed", 12, 13],
  ['a bad integer', call('http_data', { ...HTTP_ARGS, num_head: '10x' }), "argument 'num_head' of 'http_data': cannot parse '10x' as an integer", 2, 32],
  ['a bad float', call('http_data', { ...HTTP_ARGS, ratio: 'half' }), "argument 'ratio' of 'http_data': cannot parse 'half' as a float", 2, 47],
  ['a bad boolean', call('http_data', { ...HTTP_ARGS, keep: 'maybe' }), "argument 'keep' of 'http_data': cannot parse 'maybe' as a boolean", 2, 61],
  ['a list value that is not an expression', call('cols', { names: "['a'" }), "argument 'names' of 'cols': cannot parse '['a'' as a PxL expression ('[' was never closed)", 14, 10],
  ['a missing argument', call('http_data', { start_time: '-5m' }), "missing value for parameter 'num_head' of 'http_data'", 2, 32],
  ['an unknown argument', call('http_data', { ...HTTP_ARGS, num_heads: '1' }), "'http_data' has no parameter 'num_heads'. Did you mean 'num_head'?", 2, 1],
  ['an unknown function', call('http_dat', {}), "exec func 'http_dat' is not defined in the script. Did you mean 'http_data'?", 0, 0],
  ['a name that is not a function', call('px', {}), "exec func 'px' is module 'px', not a function", 0, 0],
  ['an empty function name', call('', {}), 'exec_funcs entry has an empty func_name', 0, 0],
  ['an empty prefix', call('pair', { start_time: '-1m' }, ''), "exec_funcs entry for 'pair' has an empty output_table_prefix", 0, 0],
  ['a non-DataFrame result', call('scalar', { x: '3' }), "exec func 'scalar' must return a DataFrame or a list of DataFrames, got an INT64 constant", 10, 1],
];

for (const [what, f, message, line, column] of failures) {
  test(`rejects ${what} with ERR_PXL_EXEC_FUNC`, () => {
    assert.equal(errorOf(SCRIPT, { execFuncs: [f] }), { code: 'ERR_PXL_EXEC_FUNC', message, line, column });
  });
}

test('reports errors inside an exec func body at their position', () => {
  const e = errorOf(SCRIPT, { execFuncs: [call('http_data', { ...HTTP_ARGS, start_time: 'whenever' })] });
  assert.equal(e, { code: 'ERR_PXL_VALUE', line: 3, column: 38, message: "cannot parse start_time 'whenever'; expected a duration such as '-5m' or a time such as '2024-01-02 03:04:05 +0000'" });
});

test.run();
