import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { errorOf, mappedExpr } from '../fixtures.js';

const P = "import px\n";

const mapped = (exprSrc: string, prelude = '') => mappedExpr('network_stats', exprSrc, prelude);

test('folds integer arithmetic on module constants (a.6)', () => {
  assert.equal(mapped('ns_per_s * 10', 'ns_per_ms = 1000 * 1000\nns_per_s = 1000 * ns_per_ms\n'), { kind: 'literal', type: 2, semanticType: 1, value: 10_000_000_000n });
});

test('folds division to FLOAT64 and mixed int/float arithmetic', () => {
  assert.equal(mapped('3 / 2'), { kind: 'literal', type: 4, semanticType: 1, value: 1.5 });
  assert.equal(mapped('2 * 0.25 - 1'), { kind: 'literal', type: 4, semanticType: 1, value: -0.5 });
  assert.equal(mapped('7 % 3'), { kind: 'literal', type: 2, semanticType: 1, value: 1n });
});

test('folds string building, comparisons and boolean logic', () => {
  assert.equal(mapped("'\"name\":\"' + topic + '\"'", "topic = 'orders'\n"), { kind: 'literal', type: 5, semanticType: 1, value: '"name":"orders"' });
  assert.equal(mapped("k == 'node'", "k = 'pod'\n"), { kind: 'literal', type: 1, semanticType: 1, value: false });
  assert.equal(mapped('not flag or (1 < 2)', 'flag = True\n'), { kind: 'literal', type: 1, semanticType: 1, value: true });
  assert.equal(mapped('-(-5)'), { kind: 'literal', type: 2, semanticType: 1, value: 5n });
  assert.equal(mapped('+2.5'), { kind: 'literal', type: 4, semanticType: 1, value: 2.5 });
});

test('keeps a folded constant as a broadcast operand of a row-wise expression', () => {
  assert.equal(mapped('df.rx_bytes > 10 or not flag', 'flag = True\n'), {
    kind: 'call', fn: 'logicalOr(BOOLEAN,BOOLEAN)', name: 'logicalOr', type: 1, semanticType: 1, args: [
      { kind: 'call', fn: 'greaterThan(INT64,INT64)', name: 'greaterThan', type: 1, semanticType: 1, args: [
        { kind: 'column', index: 2, name: 'rx_bytes', type: 2, semanticType: 800 },
        { kind: 'literal', type: 2, semanticType: 1, value: 10n },
      ] },
      { kind: 'literal', type: 1, semanticType: 1, value: false },
    ],
  });
});

test('keeps the semantic type through add and makes a throughput from bytes / duration', () => {
  assert.equal(mapped('df.rx_bytes + df.tx_bytes'), {
    kind: 'call', fn: 'add(INT64,INT64)', name: 'add', type: 2, semanticType: 800, args: [
      { kind: 'column', index: 2, name: 'rx_bytes', type: 2, semanticType: 800 },
      { kind: 'column', index: 3, name: 'tx_bytes', type: 2, semanticType: 800 },
    ],
  });
  const t = mapped('df.rx_bytes / window', 'window = px.DurationNanos(10)\n');
  assert.equal([t.type, t.semanticType], [4, 903]);
});

test('wraps int64 overflow like execution does', () => {
  assert.equal(mapped('9223372036854775807 + 1'), { kind: 'literal', type: 2, semanticType: 1, value: -9223372036854775808n });
});

test('rejects operand types with no registered function', () => {
  assert.equal(errorOf(P + "x = 'a' - 1"), { code: 'ERR_PXL_TYPE', message: "unsupported operand types for '-': STRING, INT64", line: 2, column: 9 });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\ndf.v = df.pod_id * 2\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: "unsupported operand types for '*': STRING, INT64", line: 3, column: 18,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\ndf.v = ~(df.rx_bytes > 1)\npx.display(df)"), {
    code: 'ERR_PXL_TYPE', message: "unsupported operand type for '~': BOOLEAN", line: 3, column: 8,
  });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\nx = df + 1"), {
    code: 'ERR_PXL_TYPE', message: "unsupported operands for '+': a DataFrame and an INT64 constant", line: 3, column: 8,
  });
});

test('caps strings built at compile time', () => {
  const e = errorOf(P + "s = 'abcdefgh'\n" + Array.from({ length: 20 }, () => 's = s + s\n').join(''), { limits: { maxStringChars: 1000 } });
  assert.equal(e, { code: 'ERR_PXL_LIMIT', message: 'string is longer than the limit of 1000 characters', line: 9, column: 7 });
});

test.run();
