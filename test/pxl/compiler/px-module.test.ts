import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, columns, errorOf, sinkInput, mappedExpr, NOW } from '../fixtures.js';

const P = "import px\n";

const mapped = (exprSrc: string, prelude = '') => mappedExpr('http_events', exprSrc, prelude);

test('evaluates px.now, parse_duration, seconds and format_duration at compile time', () => {
  assert.equal(mapped('px.now()'), { kind: 'literal', type: 2, semanticType: 1, value: NOW });
  assert.equal(mapped("px.parse_duration('-5m')"), { kind: 'literal', type: 2, semanticType: 1, value: -300_000_000_000n });
  assert.equal(mapped('px.seconds(3) + px.minutes(1) + px.milliseconds(2)'), { kind: 'literal', type: 2, semanticType: 1, value: 63_002_000_000n });
  assert.equal(mapped('px.format_duration(-3600 * px.seconds(1))'), { kind: 'literal', type: 5, semanticType: 1, value: '-1h' });
  assert.equal(mapped("px.parse_time('-1s')"), { kind: 'literal', type: 6, semanticType: 1, value: NOW - 1_000_000_000n });
});

test('rejects a bad duration string and a non-constant compile-time argument', () => {
  assert.equal(errorOf(P + "x = px.parse_duration('soon')"), { code: 'ERR_PXL_VALUE', message: "cannot parse duration 'soon'; expected e.g. '-5m', '30s', '100ms'", line: 2, column: 23 });
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\nx = px.seconds(df.latency)"), { code: 'ERR_PXL_TYPE', message: 'px.seconds() needs an INT64 constant, got a column expression', line: 3, column: 16 });
});

test('tags semantic types with casts on columns and constants', () => {
  assert.equal(mapped('px.DurationNanos(df.latency * 2)').semanticType, 901);
  assert.equal(mapped('px.Percent(0.5)'), { kind: 'literal', type: 4, semanticType: 900, value: 0.5 });
  assert.equal(mapped('px.Service(df.req_path)').semanticType, 300);
});

test('rejects a cast of the wrong data type', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf.v = px.DurationNanos(df.req_path)\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: 'cannot tag a STRING expression as px.DurationNanos; it needs INT64', line: 3, column: 25,
  });
  assert.equal(errorOf(P + "x = px.Percent(1)"), { code: 'ERR_PXL_TYPE', message: 'px.Percent() needs a FLOAT64 value, got an INT64 constant', line: 2, column: 16 });
});

test('calls registered functions with columns and constants', () => {
  assert.equal(mapped("px.contains(df.req_path, 'api')"), {
    kind: 'call', fn: 'contains(STRING,STRING)', name: 'contains', type: 1, semanticType: 1, args: [
      { kind: 'column', index: 7, name: 'req_path', type: 5, semanticType: 1 },
      { kind: 'literal', type: 5, semanticType: 1, value: 'api' },
    ],
  });
  const sel = mapped('px.select(df.latency > 10, 1, 0)');
  assert.is(sel.kind === 'call' && sel.fn, 'select(BOOLEAN,INT64,INT64)');
});

test('suggests a close name for an unknown px member', () => {
  assert.equal(errorOf(P + "x = px.contians('a', 'b')"), {
    code: 'ERR_PXL_UNKNOWN_FUNCTION', message: "module 'px' has no member 'contians'. Did you mean 'contains'?", line: 2, column: 8,
  });
});

test('reports a registered function called with argument types it does not accept', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf.v = px.contains(df.latency, 'a')\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: 'px.contains does not accept (INT64, STRING); it accepts (STRING, STRING)', line: 3, column: 8,
  });
});

test('rejects an aggregate used as a row function and keyword arguments to functions', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf.v = px.mean(df.latency)"), {
    code: 'ERR_PXL_TYPE', message: "px.mean is an aggregate; use it in agg(name=('column', px.mean))", line: 3, column: 8,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf.v = px.contains(s=df.req_path, sub='a')"), {
    code: 'ERR_PXL_ARITY', message: 'px.contains() does not take keyword arguments', line: 3, column: 20,
  });
});

test('requires constant patterns for regex functions', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf.v = px.regex_match(df.req_path, df.req_path)\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: 'argument 1 of px.regex_match must be a constant', line: 3, column: 8,
  });
});

test('rejects an invalid constant regex pattern at compile time', () => {
  const e = errorOf(P + "df = px.DataFrame('http_events')\ndf = df[px.regex_match('[z-a]', df.req_path)]\npx.display(df)");
  assert.equal([e.code, e.line, e.column, e.message.startsWith("regex_match: invalid regular expression '[z-a]': ")], ['ERR_PXL_VALUE', 3, 9, true]);
});

test('builds script references with a dict of arguments', () => {
  const e = mapped("px.script_reference(df.req_path, 'px/pod', {'start_time': '-5m', 'pod': df.req_path})");
  assert.equal([e.kind, e.type, e.semanticType, e.kind === 'call' && e.args.length], ['call', 5, 3000, 6]);
});

test('compiles table-generating functions to udtf sources (details in udtf.test.ts)', () => {
  assert.is(sinkInput(ok(P + 'px.display(px.GetAgentStatus())')).kind, 'udtf');
});

test('names display and debug tables and keeps only cols when given', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\npx.display(df, 'traffic', cols=['pod_id'])\npx.debug(df)\npx.debug(df, name='events')\npx.display(df)");
  assert.equal(r.sinks.map((s) => [s.name, columns(s.relation).length]), [['traffic', 1], ['_output', 4], ['_events', 4], ['output', 4]]);
});

test('suggests the intended keyword for a misspelt builtin argument', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events', strat_time='-5m')"), {
    code: 'ERR_PXL_ARITY', message: "DataFrame() got an unexpected keyword argument 'strat_time'. Did you mean 'start_time'?", line: 2, column: 34,
  });
});

test('rejects display arguments of the wrong kind', () => {
  assert.equal(errorOf(P + "px.display(px.DataFrame('network_stats'), name=3)"), { code: 'ERR_PXL_TYPE', message: 'name must be a string, got an INT64 constant', line: 2, column: 43 });
  assert.equal(errorOf(P + "px.display(px.DataFrame('network_stats'), 'a', [], 4)"), { code: 'ERR_PXL_ARITY', message: 'display() takes at most 3 arguments (4 given)', line: 2, column: 52 });
  assert.equal(errorOf(P + "px.display(out=px.DataFrame('network_stats'), title='a')"), { code: 'ERR_PXL_ARITY', message: "display() got an unexpected keyword argument 'title'", line: 2, column: 47 });
  assert.equal(errorOf(P + 'px.display()'), { code: 'ERR_PXL_ARITY', message: "display() missing required argument 'out'", line: 2, column: 1 });
});

test.run();
