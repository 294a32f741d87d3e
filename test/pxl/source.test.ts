import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Source } from '../../src/pxl/source.js';

test('maps offsets to 1-based lines and columns across LF, CRLF and CR breaks', () => {
  const s = new Source('ab\ncd\r\nef\rgh');
  assert.equal([0, 1, 3, 4, 7, 10, 11].map((o) => s.locationOf(o)), [
    { line: 1, column: 1 }, { line: 1, column: 2 }, { line: 2, column: 1 }, { line: 2, column: 2 }, { line: 3, column: 1 },
    { line: 4, column: 1 }, { line: 4, column: 2 },
  ]);
  assert.is(s.lineCount, 4);
});

test('clamps offsets outside the body', () => {
  const s = new Source('abc');
  assert.equal([s.locationOf(-5), s.locationOf(99)], [{ line: 1, column: 1 }, { line: 1, column: 4 }]);
});

test('returns line text without its break, and empty text past the end', () => {
  const s = new Source('one\r\ntwo\n', 'x.pxl');
  assert.equal([s.lineText(1), s.lineText(2), s.lineText(3), s.lineText(9)], ['one', 'two', '', '']);
  assert.is(s.name, 'x.pxl');
});

test.run();
