import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, columns, chain, errorOf, sinkInput, node } from '../fixtures.js';

const P = "import px\n";

test('reads a table with select, relative start and absolute end times', () => {
  const r = ok(P + "df = px.DataFrame(table='network_stats', select=['pod_id', 'rx_bytes'], start_time='-5m', end_time=1700000000000000000)\npx.display(df)");
  const src = sinkInput(r);
  assert.equal(src, {
    kind: 'source', inputs: [], id: 0, table: 'network_stats', columns: ['pod_id', 'rx_bytes'],
    relation: [
      { name: 'pod_id', type: 5, semanticType: 1, desc: '' },
      { name: 'rx_bytes', type: 2, semanticType: 800, desc: '' },
    ],
    startTime: { kind: 'relative', offsetNs: -300_000_000_000n },
    endTime: { kind: 'absolute', ns: 1_700_000_000_000_000_000n },
  });
});

test('parses an absolute time string and px.now() arithmetic as start times', () => {
  const r = ok(P + "a = px.DataFrame('network_stats', start_time='2023-11-14 22:13:20.5 +0000')\nb = px.DataFrame('network_stats', start_time=px.now() + px.parse_duration('-1m'), end_time=px.now())\npx.display(a, 'a')\npx.display(b, 'b')");
  const a = sinkInput(r, 'a');
  const b = sinkInput(r, 'b');
  assert.equal(a.kind === 'source' && a.startTime, { kind: 'absolute', ns: 1_700_000_000_500_000_000n });
  assert.equal(b.kind === 'source' && [b.startTime, b.endTime], [
    { kind: 'absolute', ns: 1_700_000_000_000_000_000n - 60_000_000_000n },
    { kind: 'absolute', ns: 1_700_000_000_000_000_000n },
  ]);
});

test('rejects an unparseable start time', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats', start_time='yesterday')\npx.display(df)"), {
    code: 'ERR_PXL_VALUE', line: 2, column: 36,
    message: "cannot parse start_time 'yesterday'; expected a duration such as '-5m' or a time such as '2024-01-02 03:04:05 +0000'",
  });
});

test('suggests the closest table name for an unknown table', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('proces_stats')\npx.display(df)"), {
    code: 'ERR_PXL_UNKNOWN_TABLE', message: "table 'proces_stats' not found. Did you mean 'process_stats'?", line: 2, column: 19,
  });
});

test('filters with a boolean expression and keeps the relation', () => {
  const r = ok(P + "df = px.DataFrame('http_events')\ndf = df[df.resp_status >= 400 and not df.encrypted]\npx.display(df)");
  const f = sinkInput(r);
  assert.is(f.kind, 'filter');
  assert.equal(f.kind === 'filter' && f.predicate, {
    kind: 'call', fn: 'logicalAnd(BOOLEAN,BOOLEAN)', name: 'logicalAnd', type: 1, semanticType: 1,
    args: [
      { kind: 'call', fn: 'greaterThanEqual(INT64,INT64)', name: 'greaterThanEqual', type: 1, semanticType: 1, args: [
        { kind: 'column', index: 8, name: 'resp_status', type: 2, semanticType: 1400 },
        { kind: 'literal', type: 2, semanticType: 1, value: 400n },
      ] },
      { kind: 'call', fn: 'logicalNot(BOOLEAN)', name: 'logicalNot', type: 1, semanticType: 1, args: [
        { kind: 'column', index: 5, name: 'encrypted', type: 1, semanticType: 1 },
      ] },
    ],
  });
});

test('rejects a filter that is not BOOLEAN', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df[df.latency + 1]\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: 'a filter needs a BOOLEAN expression, got INT64', line: 3, column: 9,
  });
});

test('projects with a list, a tuple key and a list variable, in the given order', () => {
  const r = ok(P + "df = px.DataFrame('http_events')\ncols = ['latency', 'req_path']\na = df[['req_path', 'time_']]\nb = df['latency', 'upid']\nc = df[cols]\npx.display(a, 'a')\npx.display(b, 'b')\npx.display(c, 'c')");
  assert.equal(r.sinks.map((s) => columns(s.relation)), [
    ['req_path:STRING', 'time_:TIME64NS:TIME_NS'],
    ['latency:INT64:DURATION_NS', 'upid:UINT128:UPID'],
    ['latency:INT64:DURATION_NS', 'req_path:STRING'],
  ]);
});

test('rejects a projection that repeats a column', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df[['latency', 'latency']]\npx.display(df)"), {
    code: 'ERR_PXL_DUPLICATE_COLUMN', message: "column 'latency' is listed twice", line: 3, column: 9,
  });
});

test('adds a column at the end and moves a replaced column to the end', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\ndf.total = df.rx_bytes + df.tx_bytes\ndf['rx_bytes'] = df.rx_bytes * 2\ndf['a b (c)'] = 'x'\npx.display(df)");
  assert.equal(columns(r.sinks[0]!.relation), ['time_:TIME64NS:TIME_NS', 'pod_id:STRING', 'tx_bytes:INT64:BYTES', 'total:INT64:BYTES', 'rx_bytes:INT64', 'a b (c):STRING']);
  assert.is(chain(r.plan, r.sinks[0]!.node), 'source(network_stats) > map > map > map > sink(output)');
});

test('resolves column references by name against the DataFrame being assigned (a.8 quirk 3)', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\nother = px.DataFrame('http_events')\nother.pod_id = 'x'\nother.copy = df.pod_id\npx.display(other)");
  assert.equal(columns(r.sinks[0]!.relation).slice(-2), ['pod_id:STRING', 'copy:STRING']);
});

test('groups and aggregates with group columns first and outputs in keyword order', () => {
  const r = ok(P + "df = px.DataFrame('http_events')\ndf = df.groupby(['req_path', 'req_method']).agg(\n  lat=('latency', px.mean),\n  n=('latency', px.count),\n  bytes=('req_body_size', px.sum),\n)\npx.display(df)");
  assert.equal(columns(r.sinks[0]!.relation), ['req_path:STRING', 'req_method:STRING:HTTP_REQ_METHOD', 'lat:FLOAT64:DURATION_NS', 'n:INT64', 'bytes:INT64:BYTES']);
  const agg = sinkInput(r);
  assert.equal(agg.kind === 'agg' && [agg.groups, agg.aggs], [[7, 6], [
    { name: 'lat', fn: 'mean(INT64)', args: [10] },
    { name: 'n', fn: 'count(INT64)', args: [10] },
    { name: 'bytes', fn: 'sum(INT64)', args: [9] },
  ]]);
});

test('aggregates without groupby and gives distinct groups with an empty agg', () => {
  const r = ok(P + "df = px.DataFrame('http_events')\na = df.agg(t=('time_', px.max))\nb = df.groupby('req_path').agg()\npx.display(a, 'a')\npx.display(b, 'b')");
  assert.equal(r.sinks.map((s) => columns(s.relation)), [['t:TIME64NS'], ['req_path:STRING']]);
});

test('rejects groupby not followed by agg', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df.groupby('req_path').head(3)\npx.display(df)"), {
    code: 'ERR_PXL_ATTRIBUTE', message: 'groupby(...) must be followed by .agg(...), not .head', line: 3, column: 29,
  });
});

test('rejects an agg spec that is not a (column, aggregate) tuple, and a scalar as aggregate', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df.agg(n=px.count)\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: "agg argument 'n' must be a tuple ('column', px.aggregate), got function 'px.count'", line: 3, column: 13,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df.agg(n=('latency', px.floor))\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: 'px.floor is not an aggregate function', line: 3, column: 13,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('http_events')\ndf = df.agg(n=('req_path', px.mean))\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: "px.mean does not accept a STRING column ('req_path')", line: 3, column: 13,
  });
});

test('merges with suffixes on shared names, left columns first', () => {
  const r = ok(P + "a = px.DataFrame('network_stats')\nb = px.DataFrame('network_stats', select=['pod_id', 'rx_bytes'])\nb.extra = 1\ndf = a.merge(b, how='left', left_on='pod_id', right_on=['pod_id'], suffixes=['', '_r'])\npx.display(df)");
  assert.equal(columns(r.sinks[0]!.relation), ['time_:TIME64NS:TIME_NS', 'pod_id:STRING', 'rx_bytes:INT64:BYTES', 'tx_bytes:INT64:BYTES', 'pod_id_r:STRING', 'rx_bytes_r:INT64:BYTES', 'extra:INT64']);
  const m = sinkInput(r);
  assert.equal(m.kind === 'merge' && [m.how, m.leftOn, m.rightOn, m.inputs], ['left', [1], [0], [0, 2]]);
});

test('cross-joins with empty key lists and uses the default suffixes', () => {
  const r = ok(P + "a = px.DataFrame('network_stats', select=['pod_id'])\nb = a.agg(n=('pod_id', px.count))\nb.pod_id = 'x'\ndf = a.merge(b, how='inner', left_on=[], right_on=[])\npx.display(df)");
  assert.equal(columns(r.sinks[0]!.relation), ['pod_id_x:STRING', 'n:INT64', 'pod_id_y:STRING']);
});

test('rejects join keys of different types and suffixes that collide', () => {
  assert.equal(errorOf(P + "a = px.DataFrame('network_stats')\ndf = a.merge(a, how='inner', left_on='pod_id', right_on='rx_bytes')\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: "join keys 'pod_id' (STRING) and 'rx_bytes' (INT64) have different types", line: 3, column: 30,
  });
  assert.equal(errorOf(P + "a = px.DataFrame('network_stats')\ndf = a.merge(a, how='inner', left_on='pod_id', right_on='pod_id', suffixes=['', ''])\npx.display(df)"), {
    code: 'ERR_PXL_DUPLICATE_COLUMN', message: "merge() output has two columns named 'time_'; choose other suffixes", line: 3, column: 67,
  });
  assert.equal(errorOf(P + "a = px.DataFrame('network_stats')\ndf = a.merge(a, how='cross', left_on='pod_id', right_on='pod_id')\npx.display(df)"), {
    code: 'ERR_PXL_VALUE', message: "how must be one of 'inner', 'left', 'right', 'outer', got 'cross'", line: 3, column: 17,
  });
});

test('appends DataFrames with the same columns in any order', () => {
  const r = ok(P + "a = px.DataFrame('network_stats', select=['pod_id', 'rx_bytes'])\nb = px.DataFrame('network_stats', select=['rx_bytes', 'pod_id'])\nc = px.DataFrame('network_stats', select=['pod_id', 'rx_bytes'])\ndf = a.append(b).append(c)\npx.display(df)");
  const ap = sinkInput(r);
  assert.equal(ap.kind === 'append' && ap.columnMaps, [[0, 1], [0, 1]]);
  assert.is(chain(r.plan, r.sinks[0]!.node), 'append(append(source(network_stats), source(network_stats)), source(network_stats)) > sink(output)');
  const ap2 = node(r.plan, ap.inputs[0]!);
  assert.equal(ap2.kind === 'append' && ap2.columnMaps, [[0, 1], [1, 0]]);
});

test('rejects appending DataFrames with different columns', () => {
  assert.equal(errorOf(P + "a = px.DataFrame('network_stats', select=['pod_id'])\nb = px.DataFrame('network_stats', select=['rx_bytes'])\npx.display(a.append(b))"), {
    code: 'ERR_PXL_TYPE', message: "append() input lacks column 'pod_id'", line: 4, column: 21,
  });
});

test('takes head with positional and keyword n, defaulting to 5', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\npx.display(df.head(), 'a')\npx.display(df.head(n=100, _pem_only=1), 'b')\npx.display(df.head(7), 'c')");
  assert.equal(r.sinks.map((s) => chain(r.plan, s.node)), [
    'source(network_stats) > head(5) > sink(a)', 'source(network_stats) > head(100) > sink(b)', 'source(network_stats) > head(7) > sink(c)',
  ]);
});

test('drops columns given as a string, a list or columns=', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\npx.display(df.drop('time_'), 'a')\npx.display(df.drop(columns=['rx_bytes', 'pod_id']), 'b')");
  assert.equal(r.sinks.map((s) => columns(s.relation)), [
    ['pod_id:STRING', 'rx_bytes:INT64:BYTES', 'tx_bytes:INT64:BYTES'],
    ['time_:TIME64NS:TIME_NS', 'tx_bytes:INT64:BYTES'],
  ]);
});

test('suggests a close column name for an unknown drop column', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\npx.display(df.drop('rx_byte'))"), {
    code: 'ERR_PXL_UNKNOWN_COLUMN', message: "column 'rx_byte' not found. Did you mean 'rx_bytes' or 'tx_bytes'?", line: 3, column: 20,
  });
});

test('rejects operations that would leave a DataFrame without columns', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats', select=['pod_id'])\npx.display(df.drop('pod_id'))"), {
    code: 'ERR_PXL_VALUE', message: 'drop() would remove every column', line: 3, column: 20,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\npx.display(df[[]])"), {
    code: 'ERR_PXL_VALUE', message: 'a projection needs at least one column', line: 3, column: 15,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\npx.display(df.agg())"), {
    code: 'ERR_PXL_VALUE', message: 'agg() without groupby needs at least one aggregate', line: 3, column: 12,
  });
});

test('rejects DataFrame methods the engine does not support', () => {
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\npx.display(df.rolling('1s'))"), {
    code: 'ERR_PXL_UNSUPPORTED', message: 'DataFrame.rolling() is not supported by this engine', line: 3, column: 15,
  });
});

test('supports the filter method like a filter index', () => {
  const r = ok(P + "df = px.DataFrame('network_stats')\npx.display(df.filter(df.rx_bytes > 0))");
  assert.is(chain(r.plan, r.sinks[0]!.node), 'source(network_stats) > filter > sink(output)');
});

test.run();
