import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileScript, compileOrThrow, schemaCatalog, DEFAULT_COMPILE_LIMITS, PxlError } from '../../src/pxl/index.js';
import { BUILTIN_TABLES } from '../../src/store/index.js';
import { catalog, errorOf, NOW } from './fixtures.js';

test('returns the plan and the ordered sinks of a good script, with no errors', () => {
  const r = compileScript("import px\npx.display(px.DataFrame('network_stats'), 'a')\npx.debug(px.DataFrame('conn_stats'))", { catalog, now: NOW });
  assert.equal([r.errors, r.sinks.map((s) => s.name), r.plan?.sinks], [[], ['a', '_output'], r.sinks.map((s) => s.node)]);
});

test('returns the error and no plan for a bad script', () => {
  const r = compileScript('x = (', { catalog });
  assert.equal([r.plan, r.sinks, r.errors.map((e) => [e.code, e.line, e.column])], [undefined, [], [['ERR_PXL_SYNTAX', 1, 5]]]);
});

test('compileOrThrow throws the PxlError', () => {
  try {
    compileOrThrow('import px', { catalog });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, PxlError);
    assert.is((e as PxlError).code, 'ERR_PXL_NO_SINK');
  }
});

test('compiles against the store schemas through schemaCatalog', () => {
  const r = compileScript("import px\npx.display(px.DataFrame('http_events')[['req_path', 'resp_message']])", { catalog: schemaCatalog(BUILTIN_TABLES) });
  assert.equal(r.sinks[0]!.relation.map((c) => c.name), ['req_path', 'resp_message']);
});

test('publishes its default limits', () => {
  assert.equal(DEFAULT_COMPILE_LIMITS, {
    maxScriptChars: 1_000_000, maxTokens: 200_000, maxNesting: 100, maxCallDepth: 64, maxSteps: 1_000_000, maxPlanNodes: 10_000,
    maxColumns: 1_000, maxStringChars: 1_000_000, defaultResultRows: 10_000, maxResultRows: 1_000_000,
  });
});

test('enforces the script size, token, nesting, plan size and width limits with ERR_PXL_LIMIT', () => {
  assert.equal(errorOf('x = 1\n'.repeat(10), { limits: { maxScriptChars: 50 } }), {
    code: 'ERR_PXL_LIMIT', message: 'script is 60 characters, above the limit of 50', line: 0, column: 0,
  });
  assert.equal(errorOf('x = 1 + 2 + 3 + 4', { limits: { maxTokens: 6 } }).message, 'script has more than the limit of 6 tokens');
  assert.equal(errorOf('x = [[[[1]]]]', { limits: { maxNesting: 3 } }).message, 'brackets are nested deeper than the limit of 3');
  assert.equal(errorOf("import px\ndf = px.DataFrame('network_stats')\ndf = df.head(1).head(1).head(1)\npx.display(df)", { limits: { maxPlanNodes: 3 } }), {
    code: 'ERR_PXL_LIMIT', message: 'plan has more than the limit of 3 operators', line: 3, column: 6,
  });
  assert.equal(errorOf("import px\ndf = px.DataFrame('network_stats')\ndf.a = 1\ndf.b = 2\npx.display(df)", { limits: { maxColumns: 5 } }), {
    code: 'ERR_PXL_LIMIT', message: 'DataFrame has more than the limit of 5 columns', line: 4, column: 4,
  });
});

test('applies the default row cap from the limits to every sink', () => {
  const r = compileScript("import px\npx.display(px.DataFrame('network_stats'))", { catalog, limits: { defaultResultRows: 7 } });
  const sink = r.plan!.nodes.find((n) => n.kind === 'sink');
  assert.equal(sink?.kind === 'sink' && sink.maxRows, 7);
});

test('uses the wall clock for px.now() when no time is given', () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const r = compileScript("import px\ndf = px.DataFrame('network_stats', start_time=px.now())\npx.display(df)", { catalog });
  const src = r.plan!.nodes.find((n) => n.kind === 'source');
  const ns = src?.kind === 'source' && src.startTime?.kind === 'absolute' ? src.startTime.ns : 0n;
  assert.ok(ns >= before && ns <= BigInt(Date.now()) * 1_000_000n);
});

test('a script compiled again (parse cache) gives the same plan, at its own time, under its own limits', () => {
  const script = "import px\ndf = px.DataFrame('network_stats', start_time='-5m')\ndf.t = px.now()\npx.display(df.head(3), 'a')";
  const first = compileScript(script, { catalog, now: NOW });
  const again = compileScript(script, { catalog, now: NOW });
  assert.equal(again.plan, first.plan);
  // px.now() is the compile's own time, not taken from the cached parse.
  const later = compileScript(script, { catalog, now: NOW + 60_000_000_000n });
  assert.is.not(JSON.stringify(later.plan, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), JSON.stringify(first.plan, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  // The token limit still applies to a script parsed before under a larger one.
  const tight = compileScript(script, { catalog, now: NOW, limits: { maxTokens: 5 } });
  assert.equal(tight.errors.map((e) => e.code), ['ERR_PXL_LIMIT']);
  assert.equal(compileScript(script, { catalog, now: NOW }).errors, []);
  // A syntax error is reported every time, with the script's own name.
  for (const name of ['one.pxl', 'two.pxl']) {
    const bad = compileScript('x = (', { catalog, scriptName: name });
    assert.equal(bad.errors.map((e) => e.code), ['ERR_PXL_SYNTAX']);
  }
});

test.run();
