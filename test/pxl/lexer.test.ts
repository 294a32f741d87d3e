import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../src/pxl/lexer.js';
import { Source } from '../../src/pxl/source.js';
import { PxlError } from '../../src/pxl/errors.js';

const kinds = (src: string) => tokenize(new Source(src)).map((t) => (t.value === '' ? t.kind : `${t.kind}:${t.value}`));

function lexError(src: string, limits = {}) {
  try {
    tokenize(new Source(src), limits);
  } catch (e) {
    if (e instanceof PxlError) return { code: e.code, message: e.message, line: e.line, column: e.column };
    throw e;
  }
  throw new Error('expected a lexer error');
}

test('emits INDENT and DEDENT around a function body', () => {
  assert.equal(kinds('def f():\n    return 1\nx = 2\n'), [
    'SOF', 'KEYWORD:def', 'NAME:f', 'OP:(', 'OP:)', 'OP::', 'NEWLINE', 'INDENT', 'KEYWORD:return', 'INT:1', 'NEWLINE',
    'DEDENT', 'NAME:x', 'OP:=', 'INT:2', 'NEWLINE', 'EOF',
  ]);
});

test('closes every open block at the end of input', () => {
  assert.equal(kinds('def f():\n  def g():\n    return 1'), [
    'SOF', 'KEYWORD:def', 'NAME:f', 'OP:(', 'OP:)', 'OP::', 'NEWLINE', 'INDENT', 'KEYWORD:def', 'NAME:g', 'OP:(', 'OP:)', 'OP::',
    'NEWLINE', 'INDENT', 'KEYWORD:return', 'INT:1', 'NEWLINE', 'DEDENT', 'DEDENT', 'EOF',
  ]);
});

test('ignores line breaks and indentation inside brackets', () => {
  assert.equal(kinds('f(a,\n      b)\n'), ['SOF', 'NAME:f', 'OP:(', 'NAME:a', 'OP:,', 'NAME:b', 'OP:)', 'NEWLINE', 'EOF']);
});

test('marks a token that follows a line break inside brackets', () => {
  const toks = tokenize(new Source('f(a=1\n  b=2)'));
  assert.equal(toks.map((t) => t.newlineBefore), [false, false, false, false, false, false, true, false, false, false, false, false]);
});

test('skips comments and blank lines without changing the indentation', () => {
  assert.equal(kinds('def f():\n\n    # note\n        # deeper comment\n    return 1  # trailing\n'), [
    'SOF', 'KEYWORD:def', 'NAME:f', 'OP:(', 'OP:)', 'OP::', 'NEWLINE', 'INDENT', 'KEYWORD:return', 'INT:1', 'NEWLINE', 'DEDENT', 'EOF',
  ]);
});

test('joins lines ended by a backslash', () => {
  assert.equal(kinds('x = 1 + \\\n  2\n'), ['SOF', 'NAME:x', 'OP:=', 'INT:1', 'OP:+', 'INT:2', 'NEWLINE', 'EOF']);
});

test('decodes escapes in single- and double-quoted strings', () => {
  const vals = tokenize(new Source(String.raw`'a\'b' "\"name\":" "\\1" '\n\t\x41\u00e9\101' '\d'`)).filter((t) => t.kind === 'STRING').map((t) => t.value);
  assert.equal(vals, ["a'b", '"name":', '\\1', '\n\tAéA', '\\d']);
});

test('keeps backslashes in raw strings', () => {
  const vals = tokenize(new Source(String.raw`r'127\.0\.0\.[0-9]+' R"a\"b"`)).filter((t) => t.kind === 'STRING').map((t) => t.value);
  assert.equal(vals, [String.raw`127\.0\.0\.[0-9]+`, String.raw`a\"b`]);
});

test('reads triple-quoted strings across lines in both quote styles', () => {
  const vals = tokenize(new Source(`'''one\n'two'\n''' """x "y" z"""`)).filter((t) => t.kind === 'STRING').map((t) => t.value);
  assert.equal(vals, ["one\n'two'\n", 'x "y" z']);
});

test('reads integers, floats, hex, exponents and underscores', () => {
  assert.equal(kinds('1000 0.0 100. .5 1e9 2.5E-3 0x1F 1_000_000 0'), [
    'SOF', 'INT:1000', 'FLOAT:0.0', 'FLOAT:100.', 'FLOAT:.5', 'FLOAT:1e9', 'FLOAT:2.5E-3', 'INT:0x1F', 'INT:1000000', 'INT:0', 'NEWLINE', 'EOF',
  ]);
});

test('tells keywords from names', () => {
  assert.equal(kinds('not nothing and True'), ['SOF', 'KEYWORD:not', 'NAME:nothing', 'KEYWORD:and', 'KEYWORD:True', 'NEWLINE', 'EOF']);
});

test('takes the longest operator', () => {
  assert.equal(kinds('a<=b!=c**d//e->f'), [
    'SOF', 'NAME:a', 'OP:<=', 'NAME:b', 'OP:!=', 'NAME:c', 'OP:**', 'NAME:d', 'OP://', 'NAME:e', 'OP:->', 'NAME:f', 'NEWLINE', 'EOF',
  ]);
});

test('reports an unterminated string with line and column', () => {
  assert.equal(lexError('x = 1\ny = "abc\n'), { code: 'ERR_PXL_SYNTAX', message: 'unterminated string literal', line: 2, column: 5 });
});

test('reports an unterminated triple-quoted string at its start', () => {
  assert.equal(lexError('"""doc\nmore'), { code: 'ERR_PXL_SYNTAX', message: 'unterminated triple-quoted string literal', line: 1, column: 1 });
});

test('reports an unindent that matches no outer level', () => {
  assert.equal(lexError('def f():\n    x = 1\n  y = 2\n'), {
    code: 'ERR_PXL_INDENT', message: 'unindent does not match any outer indentation level', line: 3, column: 3,
  });
});

test('reports a bracket that is never closed at the bracket', () => {
  assert.equal(lexError('x = [1,\n(2'), { code: 'ERR_PXL_SYNTAX', message: "'(' was never closed", line: 2, column: 1 });
});

test('reports a closing bracket that does not match', () => {
  assert.equal(lexError('f(1]'), { code: 'ERR_PXL_SYNTAX', message: "closing ']' does not match opening '('", line: 1, column: 4 });
  assert.equal(lexError('x)'), { code: 'ERR_PXL_SYNTAX', message: "unmatched ')'", line: 1, column: 2 });
});

test('reports an unexpected character', () => {
  assert.equal(lexError('a = b ? c'), { code: 'ERR_PXL_SYNTAX', message: "unexpected character '?'", line: 1, column: 7 });
  assert.equal(lexError('a = \u0001'), { code: 'ERR_PXL_SYNTAX', message: 'unexpected character U+0001', line: 1, column: 5 });
});

test('rejects f-strings and bytes literals as unsupported', () => {
  assert.equal(lexError("x = f'{a}'"), { code: 'ERR_PXL_UNSUPPORTED', message: 'f-strings are not supported in PxL', line: 1, column: 5 });
  assert.equal(lexError("x = b'a'"), { code: 'ERR_PXL_UNSUPPORTED', message: 'bytes literals are not supported in PxL', line: 1, column: 5 });
});

test('rejects malformed numbers', () => {
  assert.equal(lexError('x = 012'), { code: 'ERR_PXL_SYNTAX', message: 'leading zeros in decimal integer literals are not permitted', line: 1, column: 5 });
  assert.equal(lexError('x = 12abc'), { code: 'ERR_PXL_SYNTAX', message: 'invalid number literal', line: 1, column: 5 });
  assert.equal(lexError('x = 0x'), { code: 'ERR_PXL_SYNTAX', message: 'invalid number literal', line: 1, column: 5 });
});

test('stops at the token cap', () => {
  assert.equal(lexError('a = 1 + 2 + 3', { maxTokens: 5 }), { code: 'ERR_PXL_LIMIT', message: 'script has more than the limit of 5 tokens', line: 1, column: 9 });
});

test('stops at the bracket nesting cap', () => {
  assert.equal(lexError('x = ((((1))))', { maxNesting: 3 }), { code: 'ERR_PXL_LIMIT', message: 'brackets are nested deeper than the limit of 3', line: 1, column: 8 });
});

test('accepts CRLF line endings and tabs as indentation', () => {
  assert.equal(kinds('def f():\r\n\treturn 1\r\n'), [
    'SOF', 'KEYWORD:def', 'NAME:f', 'OP:(', 'OP:)', 'OP::', 'NEWLINE', 'INDENT', 'KEYWORD:return', 'INT:1', 'NEWLINE', 'DEDENT', 'EOF',
  ]);
});

test.run();
