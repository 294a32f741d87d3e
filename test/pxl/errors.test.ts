import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PxlError, didYouMean, editDistance, suggestionsFor } from '../../src/pxl/errors.js';
import { Source } from '../../src/pxl/source.js';

test('renders the location, the previous line, the offending line and a caret', () => {
  const src = new Source("import px\ndf = px.DataFrame('http_events')\ndf = df[df.latncy > 1]\n", 'http.pxl');
  const e = new PxlError('ERR_PXL_UNKNOWN_COLUMN', "column 'latncy' not found.", src, src.body.indexOf('df.latncy'));
  assert.is(e.render(), [
    "http.pxl:3:9: ERR_PXL_UNKNOWN_COLUMN: column 'latncy' not found.",
    '',
    "2 | df = px.DataFrame('http_events')",
    '3 | df = df[df.latncy > 1]',
    '  |         ^',
  ].join('\n'));
});

test('keeps tabs in the caret padding so the caret lines up', () => {
  const src = new Source('def f():\n\treturn $\n');
  const e = new PxlError('ERR_PXL_SYNTAX', "unexpected character '$'", src, src.body.indexOf('$'));
  assert.is(e.render().split('\n').slice(-1)[0], '  | \t       ^');
  assert.equal([e.line, e.column], [2, 9]);
});

test('shows a window of a long line around the column', () => {
  const line = 'x = ' + 'a + '.repeat(100) + '$';
  const src = new Source(line);
  const e = new PxlError('ERR_PXL_SYNTAX', "unexpected character '$'", src, line.length - 1);
  const [, , code, caret] = e.render().split('\n');
  assert.is(code, '1 | …' + line.slice(line.length - 160));
  assert.is(caret, '  | ' + ' '.repeat(160) + '^');
  const mid = new PxlError('ERR_PXL_SYNTAX', 'm', src, 200);
  const [, , code2, caret2] = mid.render().split('\n');
  assert.is(code2, '1 | …' + line.slice(120, 280) + '…');
  assert.is(caret2, '  | ' + ' '.repeat(81) + '^');
});

test('renders an error without a position as code and message', () => {
  assert.is(new PxlError('ERR_PXL_EXEC_FUNC', 'bad').render(), 'ERR_PXL_EXEC_FUNC: bad');
});

test('renders the first line without a previous line and pads wide line numbers', () => {
  const src = new Source('x = )');
  assert.is(new PxlError('ERR_PXL_SYNTAX', 'unexpected', src, 4).render(), 'script.pxl:1:5: ERR_PXL_SYNTAX: unexpected\n\n1 | x = )\n  |     ^');
  const ten = new Source('a\n'.repeat(9) + 'bad');
  assert.is(new PxlError('ERR_PXL_SYNTAX', 'm', ten, ten.body.length - 1).render().split('\n').slice(2).join('\n'), ' 9 | a\n10 | bad\n   |   ^');
});

test('measures edit distance and gives up past the maximum', () => {
  assert.equal([editDistance('kitten', 'sitting'), editDistance('', 'abc'), editDistance('same', 'same'), editDistance('abcdef', 'uvwxyz', 2)], [3, 3, 0, 3]);
});

test('suggests up to three close names, best first, ignoring case', () => {
  assert.equal(suggestionsFor('Latency', ['latency', 'latency_ns', 'resp_status']), ['latency']);
  assert.equal(suggestionsFor('rx_byte', ['rx_bytes', 'tx_bytes', 'time_']), ['rx_bytes', 'tx_bytes']);
  assert.is(didYouMean('zzz', ['latency']), '');
  assert.is(didYouMean('pod_nme', ['pod_name', 'pod_id', 'pods_name', 'pod_names']), " Did you mean 'pod_name', 'pod_names' or 'pods_name'?");
});

test.run();
