import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeToken, KEYWORDS, OPERATORS, TokenKind, type Token } from '../../src/pxl/tokens.js';

const tok = (kind: Token['kind'], value = ''): Token => ({ kind, value, start: 0, end: 0, newlineBefore: false });

test('describes every token kind for error messages', () => {
  assert.equal([
    tok(TokenKind.EOF), tok(TokenKind.SOF), tok(TokenKind.NEWLINE), tok(TokenKind.INDENT), tok(TokenKind.DEDENT), tok(TokenKind.STRING, 'x'),
    tok(TokenKind.INT, '12'), tok(TokenKind.FLOAT, '1.5'), tok(TokenKind.KEYWORD, 'def'), tok(TokenKind.NAME, 'df'), tok(TokenKind.OP, '+'),
  ].map(describeToken), [
    'end of input', 'start of input', 'end of line', 'indent', 'dedent', 'string', 'number 12', 'number 1.5', "keyword 'def'", "name 'df'", "'+'",
  ]);
});

test('lists operators longest first within each first character', () => {
  for (let i = 0; i < OPERATORS.length; i++) {
    for (let j = i + 1; j < OPERATORS.length; j++) {
      if (OPERATORS[j]!.startsWith(OPERATORS[i]!)) assert.unreachable(`${OPERATORS[j]} must come before ${OPERATORS[i]}`);
    }
  }
});

test('knows the Python keywords and not the predefined names', () => {
  assert.equal(['def', 'lambda', 'True', 'None', 'px', 'str', 'print'].map((k) => KEYWORDS.has(k)), [true, true, true, true, false, false, false]);
});

test.run();
