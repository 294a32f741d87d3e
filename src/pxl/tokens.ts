// Token kinds and the keyword table of the Python subset PxL is written in.

export const TokenKind = {
  SOF: 'SOF',
  EOF: 'EOF',
  NEWLINE: 'NEWLINE',
  INDENT: 'INDENT',
  DEDENT: 'DEDENT',
  NAME: 'NAME',
  KEYWORD: 'KEYWORD',
  INT: 'INT',
  FLOAT: 'FLOAT',
  STRING: 'STRING',
  OP: 'OP',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  /** Name/keyword/operator text, the decoded value of a string, the digits of a number. */
  readonly value: string;
  /** Offsets into the source body: [start, end). */
  readonly start: number;
  readonly end: number;
  /** A line break was skipped (inside brackets) between the previous token and this one. */
  readonly newlineBefore: boolean;
}

/** Python 3 keywords. True/False/None parse as constants; the rest are recognised so that
 * unsupported statements get a precise message instead of a generic syntax error. */
export const KEYWORDS: ReadonlyMap<string, true> = new Map(
  [
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
    'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global',
    'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
    'return', 'try', 'while', 'with', 'yield',
  ].map((k) => [k, true] as const),
);

/** Operators and delimiters, longest first so the lexer can take the longest match. */
export const OPERATORS: readonly string[] = [
  '**=', '//=', '>>=', '<<=', '...',
  '->', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=',
  '|=', '^=', '@=', ':=',
  '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',',
  ':', '.', ';', '@', '=',
];

/** A short description of a token for error messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case TokenKind.EOF: return 'end of input';
    case TokenKind.SOF: return 'start of input';
    case TokenKind.NEWLINE: return 'end of line';
    case TokenKind.INDENT: return 'indent';
    case TokenKind.DEDENT: return 'dedent';
    case TokenKind.STRING: return 'string';
    case TokenKind.INT:
    case TokenKind.FLOAT: return `number ${t.value}`;
    case TokenKind.KEYWORD: return `keyword '${t.value}'`;
    case TokenKind.NAME: return `name '${t.value}'`;
    default: return `'${t.value}'`;
  }
}
