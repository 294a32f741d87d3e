import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatFloat, formatTime, jsonCell, renderJsonLines, renderScriptError, renderTables, displayCell } from '../../src/cli/format.js';
import type { ResultTable } from '../../src/client/results.js';
import { DataType, SemanticType } from '../../src/types/index.js';

const table: ResultTable = {
  id: 't1',
  name: 'http',
  complete: true,
  columns: [
    { name: 'time_', type: DataType.TIME64NS, semanticType: SemanticType.ST_NONE },
    { name: 'upid', type: DataType.UINT128, semanticType: SemanticType.ST_UPID },
    { name: 'service', type: DataType.STRING, semanticType: SemanticType.ST_SERVICE_NAME },
    { name: 'latency', type: DataType.INT64, semanticType: SemanticType.ST_DURATION_NS },
    { name: 'ok', type: DataType.BOOLEAN, semanticType: SemanticType.ST_NONE },
  ],
  rows: [
    [1_764_768_000_123_456_789n, { high: (7n << 32n) | 42n, low: 99n }, 'ns/frontend', 1500n, true],
    [1_764_768_001_000_000_001n, { high: (7n << 32n) | 43n, low: 100n }, 'ns/cart', 2n ** 60n, false],
  ],
};

test('formats nanosecond times as RFC 3339 with nine fraction digits, exactly', () => {
  assert.is(formatTime(1_764_768_000_123_456_789n), '2025-12-03T13:20:00.123456789Z');
  assert.is(formatTime(0n), '1970-01-01T00:00:00.000000000Z');
  assert.is(formatTime(-1n), '1969-12-31T23:59:59.999999999Z');
});

test('shows a UPID as asid:pid:start and other UINT128 values as high:low', () => {
  assert.is(displayCell({ high: (7n << 32n) | 42n, low: 99n }, table.columns[1]!), '7:42:99');
  assert.is(displayCell({ high: 1n, low: 2n }, { name: 'x', type: DataType.UINT128, semanticType: SemanticType.ST_NONE }), '1:2');
});

test('shows floats to 7 significant digits for people, every digit in JSON', () => {
  const f = { name: 'f', type: DataType.FLOAT64, semanticType: SemanticType.ST_NONE };
  assert.is(displayCell(32.362581940898345, f), '32.36258');
  assert.is(displayCell(0.000012345678, f), '0.00001234568');
  assert.is(displayCell(-2.5, f), '-2.5');
  assert.is(displayCell(1500, f), '1500');
  assert.is(displayCell(1.2345678912e-21, f), '1.234568e-21');
  assert.is(displayCell(2 ** 60, f), String(2 ** 60), 'integral values keep their digits');
  assert.is(formatFloat(NaN), 'NaN');
  assert.is(formatFloat(-Infinity), '-Infinity');
  assert.is(jsonCell(32.362581940898345, f), 32.362581940898345);
});

test('renders aligned tables with a row count, numbers right-aligned', () => {
  assert.is(
    renderTables([table]),
    [
      'http (2 rows)',
      'time_                           upid      service                  latency  ok',
      '------------------------------  --------  -----------  -------------------  -----',
      '2025-12-03T13:20:00.123456789Z  7:42:99   ns/frontend                 1500  true',
      '2025-12-03T13:20:01.000000001Z  7:43:100  ns/cart      1152921504606846976  false',
      '',
      '',
    ].join('\n'),
  );
});

test('JSON lines keep 64-bit values exact: numbers only when safe, times as strings', () => {
  assert.is(
    renderJsonLines([table]),
    '{"_table":"http","time_":"1764768000123456789","upid":"7:42:99","service":"ns/frontend","latency":1500,"ok":true}\n' +
      '{"_table":"http","time_":"1764768001000000001","upid":"7:43:100","service":"ns/cart","latency":"1152921504606846976","ok":false}\n',
  );
  assert.is(jsonCell(NaN, { name: 'f', type: DataType.FLOAT64, semanticType: SemanticType.ST_NONE }), 'NaN');
});

test('renders a script error with the line and a caret under the column', () => {
  const script = "import px\ndf = px.DataFrame(table='http_evnts')\npx.display(df)";
  assert.is(
    renderScriptError(script, "unknown table 'http_evnts'", 2, 6),
    "error: unknown table 'http_evnts'\n  --> script:2:6\n2 | df = px.DataFrame(table='http_evnts')\n         ^\n",
  );
  assert.is(renderScriptError(script, 'boom'), 'error: boom\n');
  assert.is(renderScriptError(script, 'boom', 9, 1), 'error: boom (line 9)\n');
});

test.run();
