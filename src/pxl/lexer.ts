// Turns a Source into tokens: Python's logical lines with INDENT/DEDENT from an indent
// stack (ignored inside brackets), every string form PxL scripts use, comments, numbers.
// Bounded: a token cap and a bracket-nesting cap turn hostile input into ERR_PXL_LIMIT.

import { PxlError } from './errors.js';
import { Source } from './source.js';
import { keepShape } from './functions/shapes.js';
import { KEYWORDS, OPERATORS, TokenKind, type Token } from './tokens.js';

export interface LexerLimits {
  /** Tokens per script (default 200,000). */
  readonly maxTokens?: number;
  /** Open brackets at once (default 100). */
  readonly maxNesting?: number;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const TAB_SIZE = 8;

// Operators grouped by first character, longest first, so a lookup costs one Map hit.
const OPS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) {
  const list = OPS_BY_FIRST.get(op[0]!) ?? [];
  list.push(op);
  OPS_BY_FIRST.set(op[0]!, list);
}

/** Tokenizes a whole script. The result starts with SOF and ends with EOF. */
export function tokenize(source: Source, limits: LexerLimits = {}): Token[] {
  return new Lexer(source, limits).run();
}

class Lexer {
  private readonly body: string;
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly indents: number[] = [0];
  private readonly brackets: Array<{ ch: string; at: number }> = [];
  private readonly maxTokens: number;
  private readonly maxNesting: number;
  private sawNewline = false;

  constructor(
    private readonly source: Source,
    limits: LexerLimits,
  ) {
    this.body = source.body;
    this.maxTokens = limits.maxTokens ?? 200_000;
    this.maxNesting = limits.maxNesting ?? 100;
  }

  run(): Token[] {
    this.push(TokenKind.SOF, '', 0, 0);
    let atLineStart = true;
    const b = this.body;
    while (this.pos < b.length) {
      if (atLineStart && this.brackets.length === 0) {
        // A blank or comment-only line leaves us at the start of the next line.
        atLineStart = this.indentation();
        if (atLineStart) continue;
      }
      const c = b.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
      } else if (c === 10 || c === 13) {
        this.pos += c === 13 && b.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
        if (this.brackets.length > 0) {
          this.sawNewline = true;
        } else {
          this.newline(this.pos - 1);
          atLineStart = true;
        }
      } else if (c === 35 /* # */) {
        while (this.pos < b.length && b.charCodeAt(this.pos) !== 10 && b.charCodeAt(this.pos) !== 13) this.pos++;
      } else if (c === 92 /* \ */) {
        const n = b.charCodeAt(this.pos + 1);
        if (n === 10 || n === 13) {
          this.pos += n === 13 && b.charCodeAt(this.pos + 2) === 10 ? 3 : 2;
        } else {
          throw this.error('unexpected character after line continuation', this.pos);
        }
      } else if (isIdentStart(c)) {
        this.nameOrString();
      } else if (isDigit(c) || (c === 46 && isDigit(b.charCodeAt(this.pos + 1)))) {
        this.number();
      } else if (c === 34 || c === 39) {
        this.string(this.pos, this.pos, false);
      } else {
        this.operator();
      }
    }
    if (this.brackets.length > 0) {
      const open = this.brackets[this.brackets.length - 1]!;
      throw this.error(`'${open.ch}' was never closed`, open.at);
    }
    this.newline(b.length);
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(TokenKind.DEDENT, '', b.length, b.length);
    }
    this.push(TokenKind.EOF, '', b.length, b.length);
    return this.tokens;
  }

  /**
   * At the start of a line outside brackets: measures the indentation and emits INDENT or
   * DEDENTs. Returns true when the line was blank or a comment (nothing emitted, skipped).
   */
  private indentation(): boolean {
    const b = this.body;
    let width = 0;
    let p = this.pos;
    for (; p < b.length; p++) {
      const c = b.charCodeAt(p);
      if (c === 32) width++;
      else if (c === 9) width = (Math.floor(width / TAB_SIZE) + 1) * TAB_SIZE;
      else if (c === 12) width = 0;
      else break;
    }
    const c = b.charCodeAt(p);
    if (p >= b.length || c === 10 || c === 13 || c === 35) {
      // Blank or comment-only lines do not affect indentation.
      this.pos = p;
      while (this.pos < b.length && b.charCodeAt(this.pos) !== 10 && b.charCodeAt(this.pos) !== 13) this.pos++;
      if (this.pos < b.length) this.pos += b.charCodeAt(this.pos) === 13 && b.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
      return true;
    }
    this.pos = p;
    const top = this.indents[this.indents.length - 1]!;
    if (width > top) {
      if (this.indents.length > this.maxNesting) {
        throw new PxlError('ERR_PXL_LIMIT', `blocks are nested deeper than the limit of ${this.maxNesting}`, this.source, p);
      }
      this.indents.push(width);
      this.push(TokenKind.INDENT, '', p, p);
    } else if (width < top) {
      while (this.indents[this.indents.length - 1]! > width) {
        this.indents.pop();
        this.push(TokenKind.DEDENT, '', p, p);
      }
      if (this.indents[this.indents.length - 1] !== width) {
        throw new PxlError('ERR_PXL_INDENT', 'unindent does not match any outer indentation level', this.source, p);
      }
    }
    return false;
  }

  private newline(at: number): void {
    const last = this.tokens[this.tokens.length - 1]!;
    if (last.kind === TokenKind.NEWLINE || last.kind === TokenKind.SOF || last.kind === TokenKind.DEDENT || last.kind === TokenKind.INDENT) return;
    this.push(TokenKind.NEWLINE, '', at, at);
  }

  private nameOrString(): void {
    const b = this.body;
    const start = this.pos;
    let p = this.pos + 1;
    while (p < b.length && isIdentPart(b.charCodeAt(p))) p++;
    const word = b.slice(start, p);
    const q = b.charCodeAt(p);
    if ((q === 34 || q === 39) && word.length <= 2) {
      const lower = word.toLowerCase();
      if (lower === 'r' || lower === 'u') {
        this.string(start, p, lower === 'r');
        return;
      }
      if (/^(?:[bf]|[bf]r|r[bf])$/.test(lower)) {
        throw new PxlError('ERR_PXL_UNSUPPORTED', `${lower.includes('f') ? 'f-strings' : 'bytes literals'} are not supported in PxL`, this.source, start);
      }
    }
    this.pos = p;
    this.push(KEYWORDS.has(word) ? TokenKind.KEYWORD : TokenKind.NAME, word, start, p);
  }

  private number(): void {
    const b = this.body;
    const start = this.pos;
    let p = start;
    let isFloat = false;
    const digitsWhile = (ok: (c: number) => boolean) => {
      while (p < b.length) {
        const c = b.charCodeAt(p);
        if (ok(c)) p++;
        else if (c === 95 /* _ */ && ok(b.charCodeAt(p + 1)) && p > start) p++;
        else break;
      }
    };
    const c0 = b.charCodeAt(p);
    const c1 = b.charCodeAt(p + 1) | 0x20;
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      p += 2;
      const digitStart = p;
      const ok = c1 === 120 ? isHexDigit : c1 === 111 ? (c: number) => c >= 48 && c <= 55 : (c: number) => c === 48 || c === 49;
      while (p < b.length && (ok(b.charCodeAt(p)) || (b.charCodeAt(p) === 95 && ok(b.charCodeAt(p + 1))))) p++;
      if (p === digitStart) throw this.error('invalid number literal', start);
    } else {
      digitsWhile(isDigit);
      if (b.charCodeAt(p) === 46 /* . */) {
        isFloat = true;
        p++;
        digitsWhile(isDigit);
      }
      if ((b.charCodeAt(p) | 0x20) === 101 /* e */) {
        let q = p + 1;
        if (b.charCodeAt(q) === 43 || b.charCodeAt(q) === 45) q++;
        if (isDigit(b.charCodeAt(q))) {
          isFloat = true;
          p = q;
          digitsWhile(isDigit);
        }
      }
      if ((b.charCodeAt(p) | 0x20) === 106 /* j */) throw new PxlError('ERR_PXL_UNSUPPORTED', 'complex numbers are not supported in PxL', this.source, start);
      const text = b.slice(start, p);
      if (!isFloat && text.length > 1 && text[0] === '0' && /[1-9]/.test(text)) {
        throw this.error('leading zeros in decimal integer literals are not permitted', start);
      }
    }
    if (p < b.length && isIdentPart(b.charCodeAt(p))) throw this.error('invalid number literal', start);
    this.pos = p;
    this.push(isFloat ? TokenKind.FLOAT : TokenKind.INT, b.slice(start, p).replace(/_/g, ''), start, p);
  }

  /** A string literal; `quoteAt` is the offset of the opening quote, `start` of the prefix. */
  private string(start: number, quoteAt: number, raw: boolean): void {
    const b = this.body;
    const q = b[quoteAt]!;
    const triple = b[quoteAt + 1] === q && b[quoteAt + 2] === q;
    let p = quoteAt + (triple ? 3 : 1);
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= b.length) {
        throw this.error(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', start);
      }
      const c = b.charCodeAt(p);
      if (c === 10 || c === 13) {
        if (!triple) throw this.error('unterminated string literal', start);
        out += b.slice(chunk, p) + '\n';
        p += c === 13 && b.charCodeAt(p + 1) === 10 ? 2 : 1;
        chunk = p;
        continue;
      }
      if (b[p] === q && (!triple || (b[p + 1] === q && b[p + 2] === q))) {
        out += b.slice(chunk, p);
        p += triple ? 3 : 1;
        break;
      }
      if (c === 92 /* \ */) {
        if (raw) {
          // A raw string keeps the backslash, but a quote after it does not end the string.
          p += p + 1 < b.length ? 2 : 1;
          continue;
        }
        out += b.slice(chunk, p);
        p = this.escape(p, (s) => (out += s));
        chunk = p;
        continue;
      }
      p++;
    }
    this.pos = p;
    this.push(TokenKind.STRING, out, start, p);
  }

  /** Decodes the escape at `p` (a backslash); returns the offset after it. */
  private escape(p: number, emit: (s: string) => void): number {
    const b = this.body;
    const e = b[p + 1];
    switch (e) {
      case undefined: return p + 1;
      case '\n': return p + 2;
      case '\r': return b[p + 2] === '\n' ? p + 3 : p + 2;
      case '\\': emit('\\'); return p + 2;
      case "'": emit("'"); return p + 2;
      case '"': emit('"'); return p + 2;
      case 'n': emit('\n'); return p + 2;
      case 't': emit('\t'); return p + 2;
      case 'r': emit('\r'); return p + 2;
      case 'a': emit('\x07'); return p + 2;
      case 'b': emit('\b'); return p + 2;
      case 'f': emit('\f'); return p + 2;
      case 'v': emit('\v'); return p + 2;
      case 'x':
      case 'u':
      case 'U': {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = b.slice(p + 2, p + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw this.error(`truncated \\${e} escape`, p);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw this.error(`illegal Unicode character in \\${e} escape`, p);
        emit(String.fromCodePoint(cp));
        return p + 2 + n;
      }
      default:
        if (e >= '0' && e <= '7') {
          let q = p + 1;
          while (q < p + 4 && b[q]! >= '0' && b[q]! <= '7') q++;
          emit(String.fromCharCode(parseInt(b.slice(p + 1, q), 8)));
          return q;
        }
        // Python keeps unknown escapes as written (e.g. '\d' in a regex).
        emit('\\');
        return p + 1;
    }
  }

  private operator(): void {
    const b = this.body;
    const start = this.pos;
    const ch = b[start]!;
    const candidates = OPS_BY_FIRST.get(ch);
    const op = candidates?.find((o) => b.startsWith(o, start));
    if (op === undefined) {
      const cp = b.codePointAt(start)!;
      const shown = cp < 32 || cp === 127 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
      throw this.error(`unexpected character ${shown}`, start);
    }
    if (op === '(' || op === '[' || op === '{') {
      if (this.brackets.length >= this.maxNesting) {
        throw new PxlError('ERR_PXL_LIMIT', `brackets are nested deeper than the limit of ${this.maxNesting}`, this.source, start);
      }
      this.brackets.push({ ch: op, at: start });
    } else if (op === ')' || op === ']' || op === '}') {
      const open = this.brackets.pop();
      if (!open) throw this.error(`unmatched '${op}'`, start);
      if (CLOSER[open.ch] !== op) throw this.error(`closing '${op}' does not match opening '${open.ch}'`, start);
    }
    this.pos = start + op.length;
    this.push(TokenKind.OP, op, start, this.pos);
  }

  private push(kind: TokenKind, value: string, start: number, end: number): void {
    if (this.tokens.length >= this.maxTokens) {
      throw new PxlError('ERR_PXL_LIMIT', `script has more than the limit of ${this.maxTokens} tokens`, this.source, start);
    }
    this.tokens.push({ kind, value, start, end, newlineBefore: this.sawNewline });
    this.sawNewline = false;
  }

  private error(message: string, at: number): PxlError {
    return new PxlError('ERR_PXL_SYNTAX', message, this.source, at);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && isUnicodeLetter(c));
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
const LETTER = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
function isUnicodeLetter(c: number): boolean {
  // Surrogate halves are checked as the pair they start; a lone half is not a letter.
  return c < 0xd800 || c > 0xdfff ? LETTER.test(String.fromCharCode(c)) : false;
}

/**
 * A script with every token kind, lexed, parsed and compiled once at load so that the hidden
 * classes of the lexer, tokens, parser, AST and compiler survive full GCs (functions/shapes.ts).
 */
export const SHAPE_SOURCE = new Source(`'''doc'''
import px
def f(a: int, b: str):
    return a  # comment
df = px.DataFrame(table='t', start_time='-5m')
df = df[(df.x >= 400) and not (df.y == -1.5)]
df.z = px.bin(df.t, px.seconds(10)) + 2 * 3 % 5 - 0x1f
df = df.groupby(['a', 'b']).agg(n=('c', px.count), s=('x', px.sum))
px.display(df[['a', 'n']].head(100), 'out')
`);
/** SHAPE_SOURCE's tokens, from a lexer kept for the process's life. */
export const SHAPE_TOKENS: readonly Token[] = (() => {
  const lexer = new Lexer(SHAPE_SOURCE, {});
  keepShape(lexer);
  return lexer.run();
})();
