import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, errorOf, node } from '../fixtures.js';

test('makes result table names unique by appending _1, _2', () => {
  const r = ok("import px\ndf = px.DataFrame('network_stats')\npx.display(df)\npx.display(df)\npx.display(df, 'output_1')\npx.display(df)");
  assert.equal(r.sinks.map((s) => s.name), ['output', 'output_1', 'output_1_1', 'output_2']);
});

test('caps every result table at 10000 rows by default', () => {
  const r = ok("import px\npx.display(px.DataFrame('network_stats'))");
  const sink = node(r.plan, r.sinks[0]!.node);
  assert.equal(sink.kind === 'sink' && sink.maxRows, 10000);
});

test('reads max_output_rows_per_table from a #px:set line', () => {
  const r = ok("#px:set max_output_rows_per_table=250\nimport px\npx.display(px.DataFrame('network_stats'))");
  const sink = node(r.plan, r.sinks[0]!.node);
  assert.equal(sink.kind === 'sink' && sink.maxRows, 250);
});

test('rejects a row cap above the configured limit', () => {
  assert.equal(errorOf("import px\n#px:set max_output_rows_per_table=5000000\npx.display(px.DataFrame('network_stats'))"), {
    code: 'ERR_PXL_LIMIT', message: 'max_output_rows_per_table=5000000 is above the limit of 1000000 rows', line: 2, column: 9,
  });
});

test('keeps only the nodes the sinks read', () => {
  const r = ok("import px\nunused = px.DataFrame('conn_stats').head(3)\ndf = px.DataFrame('network_stats')\npx.display(df)");
  assert.equal(r.plan.nodes.map((n) => n.kind), ['source', 'sink']);
  assert.equal(r.plan.sinks, [r.sinks[0]!.node]);
});

test('fails a script without any sink', () => {
  assert.equal(errorOf("import px\ndf = px.DataFrame('network_stats')"), {
    code: 'ERR_PXL_NO_SINK', message: 'script produces no result tables; call px.display(df) to output a DataFrame', line: 0, column: 0,
  });
});

test.run();
