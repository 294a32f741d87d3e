// Recursive-descent parser for the Python subset PxL accepts (pxl-surface.md a.1–a.8).
// One method per grammar rule; each doc comment is the rule. Statements PxL rejects are
// still recognised so the error names them. Expression nesting is capped (ERR_PXL_LIMIT).

import type * as A from './ast.js';
import { PxlError, type PxlErrorCode } from './errors.js';
import { SHAPE_SOURCE, SHAPE_TOKENS, tokenize, type LexerLimits } from './lexer.js';
import type { Source } from './source.js';
import { keepShape } from './functions/shapes.js';
import { describeToken, TokenKind, type Token } from './tokens.js';

export interface ParseOptions extends LexerLimits {}

/** Parses a whole script into a Module. Throws PxlError on any syntax problem. */
export function parse(source: Source, options: ParseOptions = {}): A.Module {
  return new Parser(source, tokenize(source, options), options.maxNesting ?? 100).parseModule();
}

// Statements Python has and PxL does not (a.1).
const UNSUPPORTED_STATEMENTS = new Map<string, string>([
  ['if', "'if' statements"], ['elif', "'elif' clauses"], ['else', "'else' clauses"],
  ['for', "'for' loops"], ['while', "'while' loops"], ['try', "'try' statements"],
  ['except', "'except' clauses"], ['finally', "'finally' clauses"], ['with', "'with' statements"],
  ['class', 'class definitions'], ['lambda', 'lambda expressions'], ['global', "'global' statements"],
  ['nonlocal', "'nonlocal' statements"], ['del', "'del' statements"], ['pass', "'pass' statements"],
  ['break', "'break' statements"], ['continue', "'continue' statements"], ['raise', "'raise' statements"],
  ['assert', "'assert' statements"], ['yield', "'yield' expressions"], ['async', "'async' code"],
  ['await', "'await' expressions"],
]);

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '%=', '//=', '**=', '&=', '|=', '^=', '<<=', '>>=', '@=']);

class Parser {
  private i = 0;
  private depth = 0;
  private inFunction = 0;

  constructor(
    private readonly source: Source,
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  /** Module : SOF Docstring? Statement* EOF */
  parseModule(): A.Module {
    this.expectKind(TokenKind.SOF);
    const docstring = this.parseDocstring();
    const body: A.Stmt[] = [];
    while (!this.atKind(TokenKind.EOF)) {
      if (this.atKind(TokenKind.INDENT)) throw this.errorAt('ERR_PXL_INDENT', 'unexpected indent', this.peek().start);
      this.parseStatementLine(body);
    }
    return { kind: 'Module', docstring, body, start: 0, end: this.source.body.length };
  }

  /** Docstring : STRING NEWLINE (only as the first statement of a module or function) */
  private parseDocstring(): string | undefined {
    const t = this.peek();
    if (t.kind !== TokenKind.STRING) return undefined;
    // A string followed by more expression is an ordinary statement, not a docstring.
    let j = this.i;
    let text = '';
    while (this.tokens[j]!.kind === TokenKind.STRING) text += this.tokens[j++]!.value;
    const after = this.tokens[j]!;
    if (after.kind !== TokenKind.NEWLINE && after.kind !== TokenKind.EOF && after.kind !== TokenKind.DEDENT) return undefined;
    this.i = j;
    if (this.atKind(TokenKind.NEWLINE)) this.advance();
    return text;
  }

  /** StatementLine : CompoundStatement | SimpleStatement (';' SimpleStatement)* ';'? NEWLINE */
  private parseStatementLine(out: A.Stmt[]): void {
    const t = this.peek();
    if (t.kind === TokenKind.KEYWORD && t.value === 'def') {
      out.push(this.parseFunctionDef());
      return;
    }
    if (t.kind === TokenKind.OP && t.value === '@') {
      throw this.errorAt('ERR_PXL_UNSUPPORTED', 'decorators are not supported in PxL', t.start);
    }
    out.push(this.parseSimpleStatement());
    while (this.atOp(';')) {
      this.advance();
      if (this.atKind(TokenKind.NEWLINE) || this.atKind(TokenKind.EOF)) break;
      out.push(this.parseSimpleStatement());
    }
    if (this.atKind(TokenKind.NEWLINE)) this.advance();
    else if (!this.atKind(TokenKind.EOF) && !this.atKind(TokenKind.DEDENT)) throw this.unexpected();
  }

  /**
   * SimpleStatement : ImportStatement | FromImportStatement | ReturnStatement
   *                 | Target '=' Expression | Expression
   */
  private parseSimpleStatement(): A.Stmt {
    const t = this.peek();
    if (t.kind === TokenKind.KEYWORD) {
      if (t.value === 'import') return this.parseImport();
      if (t.value === 'from') return this.parseFromImport();
      if (t.value === 'return') return this.parseReturn();
      const what = UNSUPPORTED_STATEMENTS.get(t.value);
      if (what !== undefined) throw this.errorAt('ERR_PXL_UNSUPPORTED', `${what} are not supported in PxL`, t.start);
    }
    const first = this.parseExpressionList();
    const next = this.peek();
    if (next.kind === TokenKind.OP) {
      if (next.value === '=') {
        this.advance();
        const target = this.checkTarget(first);
        const value = this.parseExpressionList();
        if (this.atOp('=')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'chained assignment is not supported in PxL', this.peek().start);
        return { kind: 'Assign', target, value, start: first.start, end: value.end };
      }
      if (AUGMENTED.has(next.value)) {
        throw this.errorAt('ERR_PXL_UNSUPPORTED', `augmented assignment ('${next.value}') is not supported in PxL; write 'x = x ${next.value.slice(0, -1)} y'`, next.start);
      }
      if (next.value === ':') throw this.errorAt('ERR_PXL_UNSUPPORTED', 'annotated assignment is not supported in PxL', next.start);
    }
    if (first.kind === 'String') {
      throw this.errorAt('ERR_PXL_SYNTAX', 'a docstring is only allowed as the first statement of a module or function', first.start);
    }
    return { kind: 'Expr', expr: first, start: first.start, end: first.end };
  }

  private checkTarget(e: A.Expr): A.NameExpr | A.AttributeExpr | A.SubscriptExpr {
    if (e.kind === 'Name' || e.kind === 'Attribute' || e.kind === 'Subscript') return e;
    if (e.kind === 'Tuple' || e.kind === 'List') {
      throw this.errorAt('ERR_PXL_UNSUPPORTED', 'tuple unpacking is not supported in PxL; assign one name at a time', e.start);
    }
    throw this.errorAt('ERR_PXL_SYNTAX', 'cannot assign to this expression', e.start);
  }

  /** ImportStatement : 'import' DottedName ('as' NAME)? (',' DottedName ('as' NAME)?)* */
  private parseImport(): A.ImportStmt {
    const kw = this.advance();
    const names: Array<{ module: string; alias: string | undefined; start: number; end: number }> = [];
    do {
      if (names.length > 0) this.advance();
      const start = this.peek().start;
      const module = this.parseDottedName();
      let alias: string | undefined;
      if (this.atKeyword('as')) {
        this.advance();
        alias = this.expectKind(TokenKind.NAME).value;
      }
      names.push({ module, alias, start, end: this.prev().end });
    } while (this.atOp(','));
    return { kind: 'Import', names, start: kw.start, end: this.prev().end };
  }

  /** FromImportStatement : 'from' DottedName 'import' ( ImportNames | '(' ImportNames ','? ')' ) */
  private parseFromImport(): A.FromImportStmt {
    const kw = this.advance();
    const module = this.parseDottedName();
    this.expectKeyword('import');
    const paren = this.atOp('(');
    if (paren) this.advance();
    if (this.atOp('*')) throw this.errorAt('ERR_PXL_UNSUPPORTED', "'from ... import *' is not supported in PxL", this.peek().start);
    const names: Array<{ name: string; alias: string | undefined; start: number; end: number }> = [];
    for (;;) {
      const n = this.expectKind(TokenKind.NAME);
      let alias: string | undefined;
      if (this.atKeyword('as')) {
        this.advance();
        alias = this.expectKind(TokenKind.NAME).value;
      }
      names.push({ name: n.value, alias, start: n.start, end: this.prev().end });
      if (!this.atOp(',')) break;
      this.advance();
      if (paren && this.atOp(')')) break;
    }
    if (paren) this.expectOp(')');
    return { kind: 'FromImport', module, names, start: kw.start, end: this.prev().end };
  }

  /** DottedName : NAME ('.' NAME)* */
  private parseDottedName(): string {
    let name = this.expectKind(TokenKind.NAME).value;
    while (this.atOp('.')) {
      this.advance();
      name += '.' + this.expectKind(TokenKind.NAME).value;
    }
    return name;
  }

  /** ReturnStatement : 'return' ExpressionList? */
  private parseReturn(): A.ReturnStmt {
    const kw = this.advance();
    if (this.inFunction === 0) throw this.errorAt('ERR_PXL_SYNTAX', "'return' outside function", kw.start);
    const t = this.peek();
    if (t.kind === TokenKind.NEWLINE || t.kind === TokenKind.EOF || t.kind === TokenKind.DEDENT || (t.kind === TokenKind.OP && t.value === ';')) {
      return { kind: 'Return', value: undefined, start: kw.start, end: kw.end };
    }
    const value = this.parseExpressionList();
    return { kind: 'Return', value, start: kw.start, end: value.end };
  }

  /** FunctionDef : 'def' NAME '(' Parameters? ')' ('->' Expression)? ':' Suite */
  private parseFunctionDef(): A.FunctionDef {
    const kw = this.advance();
    const name = this.expectKind(TokenKind.NAME).value;
    this.expectOp('(');
    const params = this.parseParameters();
    this.expectOp(')');
    let returns: A.Expr | undefined;
    if (this.atOp('->')) {
      this.advance();
      returns = this.parseExpression();
    }
    this.expectOp(':');
    this.inFunction++;
    this.enter();
    const { docstring, body } = this.parseSuite();
    this.depth--;
    this.inFunction--;
    return { kind: 'FunctionDef', name, params, returns, docstring, body, start: kw.start, end: this.prev().end };
  }

  /** Parameters : Parameter (',' Parameter)* ','?   Parameter : NAME (':' Expression)? */
  private parseParameters(): A.Param[] {
    const params: A.Param[] = [];
    const seen = new Set<string>();
    while (!this.atOp(')')) {
      const t = this.peek();
      if (t.kind === TokenKind.OP && (t.value === '*' || t.value === '**' || t.value === '/')) {
        throw this.errorAt('ERR_PXL_UNSUPPORTED', `'${t.value}' parameters are not supported in PxL`, t.start);
      }
      const n = this.expectKind(TokenKind.NAME);
      if (seen.has(n.value)) throw this.errorAt('ERR_PXL_SYNTAX', `duplicate parameter '${n.value}'`, n.start);
      seen.add(n.value);
      let annotation: A.Expr | undefined;
      if (this.atOp(':')) {
        this.advance();
        annotation = this.parseExpression();
      }
      if (this.atOp('=')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'default values not supported', this.peek().start);
      params.push({ name: n.value, annotation, start: n.start, end: this.prev().end });
      if (!this.atOp(',')) break;
      this.advance();
    }
    return params;
  }

  /** Suite : SimpleStatementLine | NEWLINE INDENT Docstring? StatementLine+ DEDENT */
  private parseSuite(): { docstring: string | undefined; body: A.Stmt[] } {
    const body: A.Stmt[] = [];
    if (!this.atKind(TokenKind.NEWLINE)) {
      const docstring = this.parseDocstring();
      if (docstring === undefined) this.parseStatementLine(body);
      return { docstring, body };
    }
    this.advance();
    if (!this.atKind(TokenKind.INDENT)) throw this.errorAt('ERR_PXL_INDENT', 'expected an indented block', this.peek().start);
    this.advance();
    const docstring = this.parseDocstring();
    while (!this.atKind(TokenKind.DEDENT) && !this.atKind(TokenKind.EOF)) {
      if (this.atKind(TokenKind.INDENT)) throw this.errorAt('ERR_PXL_INDENT', 'unexpected indent', this.peek().start);
      this.parseStatementLine(body);
    }
    if (this.atKind(TokenKind.DEDENT)) this.advance();
    return { docstring, body };
  }

  /** ExpressionList : Expression (',' Expression)* ','?  (two or more make a Tuple) */
  private parseExpressionList(): A.Expr {
    const first = this.parseExpression();
    if (!this.atOp(',')) return first;
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (!this.startsExpression()) break;
      items.push(this.parseExpression());
    }
    return { kind: 'Tuple', items, start: first.start, end: this.prev().end };
  }

  /** Expression : OrTest   (conditional expressions, lambdas and ':=' are rejected) */
  private parseExpression(): A.Expr {
    const t = this.peek();
    if (t.kind === TokenKind.KEYWORD && t.value === 'lambda') {
      throw this.errorAt('ERR_PXL_UNSUPPORTED', 'lambda expressions are not supported in PxL', t.start);
    }
    this.enter();
    const e = this.parseOrTest();
    this.depth--;
    const n = this.peek();
    if (n.kind === TokenKind.KEYWORD && n.value === 'if') {
      throw this.errorAt('ERR_PXL_UNSUPPORTED', 'conditional expressions are not supported in PxL; use px.select(cond, a, b)', n.start);
    }
    if (n.kind === TokenKind.OP && n.value === ':=') throw this.errorAt('ERR_PXL_UNSUPPORTED', "assignment expressions (':=') are not supported in PxL", n.start);
    return e;
  }

  /** OrTest : AndTest ('or' AndTest)?   (an and/or node has exactly two operands, a.5) */
  private parseOrTest(): A.Expr {
    return this.parseBoolOp('or', () => this.parseAndTest());
  }

  /** AndTest : NotTest ('and' NotTest)? */
  private parseAndTest(): A.Expr {
    return this.parseBoolOp('and', () => this.parseNotTest());
  }

  private parseBoolOp(op: 'and' | 'or', operand: () => A.Expr): A.Expr {
    const left = operand();
    if (!this.atKeyword(op)) return left;
    const opTok = this.advance();
    const right = operand();
    if (this.atKeyword(op)) {
      throw this.errorAt('ERR_PXL_UNSUPPORTED', `'${op}' with more than two operands is not supported in PxL; add parentheses`, this.peek().start);
    }
    return { kind: 'BoolOp', op, left, right, opStart: opTok.start, start: left.start, end: right.end };
  }

  /** NotTest : 'not' NotTest | Comparison */
  private parseNotTest(): A.Expr {
    if (this.atKeyword('not')) {
      const kw = this.advance();
      this.enter();
      const operand = this.parseNotTest();
      this.depth--;
      return { kind: 'Unary', op: 'not', operand, start: kw.start, end: operand.end };
    }
    return this.parseComparison();
  }

  /** Comparison : BitOr (CompareOp BitOr)?   (chained comparisons are rejected, a.5) */
  private parseComparison(): A.Expr {
    const left = this.parseBinary(0);
    const first = this.compareOp();
    if (first === undefined) return left;
    const right = this.parseBinary(0);
    const again = this.compareOp();
    if (again !== undefined) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'chained comparisons are not supported in PxL; combine them with \'and\'', again.start);
    return { kind: 'Compare', op: first.op, left, right, opStart: first.start, start: left.start, end: right.end };
  }

  /** CompareOp : '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in' | 'is' | 'is' 'not' (consumed) */
  private compareOp(): { op: A.CompareOperator; start: number } | undefined {
    const t = this.peek();
    if (t.kind === TokenKind.OP) {
      if (t.value === '==' || t.value === '!=' || t.value === '<' || t.value === '<=' || t.value === '>' || t.value === '>=') {
        this.advance();
        return { op: t.value, start: t.start };
      }
      return undefined;
    }
    if (t.kind !== TokenKind.KEYWORD) return undefined;
    if (t.value === 'in') {
      this.advance();
      return { op: 'in', start: t.start };
    }
    if (t.value === 'is') {
      this.advance();
      if (this.atKeyword('not')) {
        this.advance();
        return { op: 'is not', start: t.start };
      }
      return { op: 'is', start: t.start };
    }
    if (t.value === 'not' && this.peekAt(1).kind === TokenKind.KEYWORD && this.peekAt(1).value === 'in') {
      this.advance();
      this.advance();
      return { op: 'not in', start: t.start };
    }
    return undefined;
  }

  /**
   * BitOr : BitXor ('|' BitXor)*   BitXor : BitAnd ('^' BitAnd)*   BitAnd : Shift ('&' Shift)*
   * Shift : Arith (('<<'|'>>') Arith)*   Arith : Term (('+'|'-') Term)*
   * Term : Factor (('*'|'/'|'//'|'%'|'@') Factor)*
   * (precedence climbing over the levels above, all left-associative)
   */
  private parseBinary(level: number): A.Expr {
    if (level === BINARY_LEVELS.length) return this.parseFactor();
    let left = this.parseBinary(level + 1);
    const ops = BINARY_LEVELS[level]!;
    for (;;) {
      const t = this.peek();
      if (t.kind !== TokenKind.OP || !ops.has(t.value)) return left;
      this.advance();
      const right = this.parseBinary(level + 1);
      left = { kind: 'Binary', op: t.value as A.BinaryOperator, left, right, opStart: t.start, start: left.start, end: right.end };
    }
  }

  /** Factor : ('+' | '-' | '~') Factor | Power */
  private parseFactor(): A.Expr {
    const t = this.peek();
    if (t.kind === TokenKind.OP && (t.value === '-' || t.value === '+' || t.value === '~')) {
      this.advance();
      this.enter();
      const operand = this.parseFactor();
      this.depth--;
      return { kind: 'Unary', op: t.value, operand, start: t.start, end: operand.end };
    }
    return this.parsePower();
  }

  /** Power : Primary ('**' Factor)? */
  private parsePower(): A.Expr {
    const base = this.parsePrimary();
    if (!this.atOp('**')) return base;
    const op = this.advance();
    this.enter();
    const exp = this.parseFactor();
    this.depth--;
    return { kind: 'Binary', op: '**', left: base, right: exp, opStart: op.start, start: base.start, end: exp.end };
  }

  /** Primary : Atom ( '.' NAME | '(' Arguments? ')' | '[' Subscript ']' )* */
  private parsePrimary(): A.Expr {
    let e = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (t.kind !== TokenKind.OP) return e;
      if (t.value === '.') {
        this.advance();
        const n = this.peek();
        if (n.kind !== TokenKind.NAME && n.kind !== TokenKind.KEYWORD) throw this.unexpected('an attribute name');
        this.advance();
        e = { kind: 'Attribute', object: e, name: n.value, nameStart: n.start, start: e.start, end: n.end };
      } else if (t.value === '(') {
        this.advance();
        e = this.parseArguments(e);
      } else if (t.value === '[') {
        this.advance();
        const index = this.parseSubscript();
        const close = this.expectOp(']');
        e = { kind: 'Subscript', object: e, index, start: e.start, end: close.end };
      } else {
        return e;
      }
    }
  }

  /** Subscript : Expression (',' Expression)* ','?   (slices are rejected) */
  private parseSubscript(): A.Expr {
    if (this.atOp(':')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'slices are not supported in PxL', this.peek().start);
    const first = this.parseExpression();
    if (this.atOp(':')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'slices are not supported in PxL', this.peek().start);
    if (!this.atOp(',')) return first;
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (this.atOp(']')) break;
      items.push(this.parseExpression());
    }
    return { kind: 'Tuple', items, start: first.start, end: this.prev().end };
  }

  /**
   * Arguments : Argument (','? Argument)* ','?    Argument : NAME '=' Expression | Expression
   * A missing comma is accepted only before a keyword argument on a new line (a.8 quirk 1).
   */
  private parseArguments(callee: A.Expr): A.CallExpr {
    const args: A.Expr[] = [];
    const keywords: A.KeywordArg[] = [];
    const seen = new Set<string>();
    while (!this.atOp(')')) {
      const t = this.peek();
      if (t.kind === TokenKind.OP && (t.value === '*' || t.value === '**')) {
        throw this.errorAt('ERR_PXL_UNSUPPORTED', `'${t.value}' arguments are not supported in PxL`, t.start);
      }
      const n1 = this.peekAt(1);
      if (t.kind === TokenKind.NAME && n1.kind === TokenKind.OP && n1.value === '=') {
        this.advance();
        this.advance();
        if (seen.has(t.value)) throw this.errorAt('ERR_PXL_SYNTAX', `keyword argument repeated: ${t.value}`, t.start);
        seen.add(t.value);
        const value = this.parseExpression();
        keywords.push({ name: t.value, value, start: t.start, end: value.end });
      } else {
        const value = this.parseExpression();
        if (keywords.length > 0) throw this.errorAt('ERR_PXL_SYNTAX', 'positional argument follows keyword argument', value.start);
        if (this.atKeyword('for')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'comprehensions are not supported in PxL', this.peek().start);
        args.push(value);
      }
      if (this.atOp(',')) {
        this.advance();
        continue;
      }
      const next = this.peek();
      const after = this.peekAt(1);
      const missingCommaQuirk =
        next.newlineBefore && next.kind === TokenKind.NAME && after.kind === TokenKind.OP && after.value === '=';
      if (!missingCommaQuirk) break;
    }
    const close = this.expectOp(')');
    return { kind: 'Call', callee, args, keywords, start: callee.start, end: close.end };
  }

  /**
   * Atom : NAME | INT | FLOAT | STRING+ | 'True' | 'False' | 'None'
   *      | '(' ')' | '(' Expression ')' | '(' Expression ',' (Expression ',')* Expression? ')'
   *      | '[' (Expression (',' Expression)* ','?)? ']'
   *      | '{' (Expression ':' Expression (',' Expression ':' Expression)* ','?)? '}'
   */
  private parseAtom(): A.Expr {
    const t = this.peek();
    switch (t.kind) {
      case TokenKind.NAME:
        this.advance();
        return { kind: 'Name', id: t.value, start: t.start, end: t.end };
      case TokenKind.INT:
        this.advance();
        return { kind: 'Int', value: this.intValue(t), start: t.start, end: t.end };
      case TokenKind.FLOAT:
        this.advance();
        return { kind: 'Float', value: Number(t.value), start: t.start, end: t.end };
      case TokenKind.STRING: {
        let value = '';
        let end = t.end;
        while (this.atKind(TokenKind.STRING)) {
          const s = this.advance();
          value += s.value;
          end = s.end;
        }
        return { kind: 'String', value, start: t.start, end };
      }
      case TokenKind.KEYWORD:
        if (t.value === 'True' || t.value === 'False') {
          this.advance();
          return { kind: 'Bool', value: t.value === 'True', start: t.start, end: t.end };
        }
        if (t.value === 'None') {
          this.advance();
          return { kind: 'None', start: t.start, end: t.end };
        }
        if (t.value === 'lambda') throw this.errorAt('ERR_PXL_UNSUPPORTED', 'lambda expressions are not supported in PxL', t.start);
        if (t.value === 'yield' || t.value === 'await') throw this.errorAt('ERR_PXL_UNSUPPORTED', `'${t.value}' expressions are not supported in PxL`, t.start);
        throw this.unexpected('an expression');
      case TokenKind.OP:
        if (t.value === '(') return this.parseParenthesized();
        if (t.value === '[') return this.parseList();
        if (t.value === '{') return this.parseDict();
        if (t.value === '...') throw this.errorAt('ERR_PXL_UNSUPPORTED', "'...' is not supported in PxL", t.start);
        throw this.unexpected('an expression');
      default:
        throw this.unexpected('an expression');
    }
  }

  private parseParenthesized(): A.Expr {
    const open = this.advance();
    if (this.atOp(')')) {
      const close = this.advance();
      return { kind: 'Tuple', items: [], start: open.start, end: close.end };
    }
    this.enter();
    const first = this.parseExpression();
    if (this.atKeyword('for')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'comprehensions are not supported in PxL', this.peek().start);
    if (!this.atOp(',')) {
      this.expectOp(')');
      this.depth--;
      // Parentheses only group; keep the inner node but widen nothing, so errors point inside.
      return first;
    }
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (this.atOp(')')) break;
      items.push(this.parseExpression());
    }
    const close = this.expectOp(')');
    this.depth--;
    return { kind: 'Tuple', items, start: open.start, end: close.end };
  }

  private parseList(): A.ListExpr {
    const open = this.advance();
    this.enter();
    const items: A.Expr[] = [];
    while (!this.atOp(']')) {
      items.push(this.parseExpression());
      if (this.atKeyword('for')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'comprehensions are not supported in PxL', this.peek().start);
      if (!this.atOp(',')) break;
      this.advance();
    }
    const close = this.expectOp(']');
    this.depth--;
    return { kind: 'List', items, start: open.start, end: close.end };
  }

  private parseDict(): A.DictExpr {
    const open = this.advance();
    this.enter();
    const entries: Array<{ key: A.Expr; value: A.Expr }> = [];
    while (!this.atOp('}')) {
      if (this.atOp('**')) throw this.errorAt('ERR_PXL_UNSUPPORTED', "'**' in dict literals is not supported in PxL", this.peek().start);
      const key = this.parseExpression();
      if (!this.atOp(':')) {
        if (this.atOp(',') || this.atOp('}')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'set literals are not supported in PxL', key.start);
        if (this.atKeyword('for')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'comprehensions are not supported in PxL', this.peek().start);
      }
      this.expectOp(':');
      const value = this.parseExpression();
      if (this.atKeyword('for')) throw this.errorAt('ERR_PXL_UNSUPPORTED', 'comprehensions are not supported in PxL', this.peek().start);
      entries.push({ key, value });
      if (!this.atOp(',')) break;
      this.advance();
    }
    const close = this.expectOp('}');
    this.depth--;
    return { kind: 'Dict', entries, start: open.start, end: close.end };
  }

  private intValue(t: Token): bigint {
    const v = BigInt(t.value);
    // Literals beyond int64 cannot be represented by any PxL value.
    if (v > 0x7fffffffffffffffn) throw this.errorAt('ERR_PXL_VALUE', `integer literal ${t.value} does not fit in 64 bits`, t.start);
    return v;
  }

  // ---- token helpers -------------------------------------------------------------------

  private enter(): void {
    if (++this.depth > this.maxDepth) {
      throw this.errorAt('ERR_PXL_LIMIT', `expressions are nested deeper than the limit of ${this.maxDepth}`, this.peek().start);
    }
  }
  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private peekAt(n: number): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
  }
  private prev(): Token {
    return this.tokens[this.i - 1] ?? this.tokens[0]!;
  }
  private advance(): Token {
    const t = this.tokens[this.i]!;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private atKind(k: TokenKind): boolean {
    return this.peek().kind === k;
  }
  private atOp(v: string): boolean {
    const t = this.peek();
    return t.kind === TokenKind.OP && t.value === v;
  }
  private atKeyword(v: string): boolean {
    const t = this.peek();
    return t.kind === TokenKind.KEYWORD && t.value === v;
  }
  private startsExpression(): boolean {
    const t = this.peek();
    if (t.kind === TokenKind.OP) return t.value === '(' || t.value === '[' || t.value === '{' || t.value === '-' || t.value === '+' || t.value === '~';
    if (t.kind === TokenKind.KEYWORD) return t.value === 'not' || t.value === 'True' || t.value === 'False' || t.value === 'None' || t.value === 'lambda';
    return t.kind === TokenKind.NAME || t.kind === TokenKind.INT || t.kind === TokenKind.FLOAT || t.kind === TokenKind.STRING;
  }
  private expectKind(k: TokenKind): Token {
    const t = this.peek();
    if (t.kind !== k) throw this.unexpected(KIND_WORDS[k]);
    return this.advance();
  }
  private expectOp(v: string): Token {
    if (!this.atOp(v)) throw this.unexpected(`'${v}'`);
    return this.advance();
  }
  private expectKeyword(v: string): Token {
    if (!this.atKeyword(v)) throw this.unexpected(`'${v}'`);
    return this.advance();
  }
  private unexpected(wanted?: string): PxlError {
    const t = this.peek();
    if (t.kind === TokenKind.INDENT) return this.errorAt('ERR_PXL_INDENT', 'unexpected indent', t.start);
    const msg = wanted ? `expected ${wanted}, found ${describeToken(t)}` : `unexpected ${describeToken(t)}`;
    return this.errorAt('ERR_PXL_SYNTAX', msg, t.start);
  }
  private errorAt(code: PxlErrorCode, message: string, offset: number): PxlError {
    return new PxlError(code, message, this.source, offset);
  }
}

const BINARY_LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['|']),
  new Set(['^']),
  new Set(['&']),
  new Set(['<<', '>>']),
  new Set(['+', '-']),
  new Set(['*', '/', '//', '%', '@']),
];

const KIND_WORDS: Record<TokenKind, string> = {
  SOF: 'start of input',
  EOF: 'end of input',
  NEWLINE: 'end of line',
  INDENT: 'an indented block',
  DEDENT: 'a dedent',
  NAME: 'a name',
  KEYWORD: 'a keyword',
  INT: 'an integer',
  FLOAT: 'a number',
  STRING: 'a string',
  OP: 'an operator',
};

/** SHAPE_SOURCE parsed, by a parser kept for the process's life (see lexer.ts). */
export const SHAPE_MODULE: A.Module = (() => {
  const parser = new Parser(SHAPE_SOURCE, [...SHAPE_TOKENS], 100);
  keepShape(parser);
  return parser.parseModule();
})();
