import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/pxl/parser.js';
import { Source } from '../../src/pxl/source.js';
import { PxlError } from '../../src/pxl/errors.js';
import type * as A from '../../src/pxl/ast.js';

const mod = (src: string) => parse(new Source(src));
const expr = (src: string): A.Expr => {
  const s = mod(src).body[0]!;
  if (s.kind !== 'Expr') throw new Error('not an expression statement');
  return s.expr;
};

/** A compact s-expression of an expression, for exact shape assertions. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case 'Name': return e.id;
    case 'Int': return `${e.value}`;
    case 'Float': return `${e.value}f`;
    case 'String': return JSON.stringify(e.value);
    case 'Bool': return `${e.value}`;
    case 'None': return 'None';
    case 'List': return `[${e.items.map(show).join(' ')}]`;
    case 'Tuple': return `(tuple ${e.items.map(show).join(' ')})`;
    case 'Dict': return `{${e.entries.map((x) => `${show(x.key)}: ${show(x.value)}`).join(', ')}}`;
    case 'Attribute': return `${show(e.object)}.${e.name}`;
    case 'Subscript': return `${show(e.object)}[${show(e.index)}]`;
    case 'Call': return `(call ${show(e.callee)}${e.args.map((a) => ' ' + show(a)).join('')}${e.keywords.map((k) => ` ${k.name}=${show(k.value)}`).join('')})`;
    case 'Binary':
    case 'Compare':
    case 'BoolOp': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'Unary': return `(${e.op} ${show(e.operand)})`;
  }
}

function parseError(src: string) {
  try {
    mod(src);
  } catch (e) {
    if (e instanceof PxlError) return { code: e.code, message: e.message, line: e.line, column: e.column };
    throw e;
  }
  throw new Error('expected a parse error');
}

test('takes the first string of a module and of a function as their docstrings', () => {
  const m = mod("'''Module doc.'''\nimport px\ndef f():\n    \"\"\"Fn doc.\"\"\"\n    return 1\n");
  assert.is(m.docstring, 'Module doc.');
  const f = m.body[1] as A.FunctionDef;
  assert.is(f.docstring, 'Fn doc.');
  assert.is(f.body.length, 1);
});

test('parses imports with aliases and from-imports', () => {
  const m = mod('import px, pxviews as v\nfrom px import DataFrame as DF, display\n');
  assert.equal(m.body[0], { kind: 'Import', names: [{ module: 'px', alias: undefined, start: 7, end: 9 }, { module: 'pxviews', alias: 'v', start: 11, end: 23 }], start: 0, end: 23 });
  const f = m.body[1] as A.FromImportStmt;
  assert.equal(f.names.map((n) => [n.name, n.alias]), [['DataFrame', 'DF'], ['display', undefined]]);
});

test('parses a function with annotated and plain parameters and a return', () => {
  const f = mod('def f(a, b: str, c: px.Pod,):\n    return a\n').body[0] as A.FunctionDef;
  assert.equal(f.params.map((p) => [p.name, p.annotation && show(p.annotation)]), [['a', undefined], ['b', 'str'], ['c', 'px.Pod']]);
  assert.equal((f.body[0] as A.ReturnStmt).value && show((f.body[0] as A.ReturnStmt).value!), 'a');
});

test('parses a bare return as a return without value', () => {
  const f = mod('def f():\n    return\n').body[0] as A.FunctionDef;
  assert.is((f.body[0] as A.ReturnStmt).value, undefined);
});

test('parses a one-line function body', () => {
  const f = mod('def f(): return 1\nx = 2').body[0] as A.FunctionDef;
  assert.is(f.body.length, 1);
});

test('follows Python precedence for not, comparisons, and/or and arithmetic', () => {
  assert.is(show(expr('not a == b and c or d')), '(or (and (not (== a b)) c) d)');
  assert.is(show(expr('a + b * -c / d - e % 2')), '(- (+ a (/ (* b (- c)) d)) (% e 2))');
  assert.is(show(expr('-x ** 2')), '(- (** x 2))');
});

test('parses attribute, call and subscript chains', () => {
  assert.is(show(expr("df.groupby(['a', 'b']).agg(n=('x', px.count),)")), '(call (call df.groupby ["a" "b"]).agg n=(tuple "x" px.count))');
  assert.is(show(expr("df.ctx['pod']")), 'df.ctx["pod"]');
});

test('parses a tuple subscript with variables', () => {
  assert.is(show(expr("df['time_', col, 'b']")), 'df[(tuple "time_" col "b")]');
});

test('parses list, tuple, dict and empty literals with trailing commas', () => {
  assert.is(show(expr("[1, 2.5, 'a',]")), '[1 2.5f "a"]');
  assert.is(show(expr("('', '_x')")), '(tuple "" "_x")');
  assert.is(show(expr('(1,)')), '(tuple 1)');
  assert.is(show(expr('()')), '(tuple )');
  assert.is(show(expr("{'a': 1, 'b': x,}")), '{"a": 1, "b": x}');
  assert.is(show(expr('[True, False, None]')), '[true false None]');
});

test('concatenates adjacent string literals', () => {
  const s = mod("x = 'a' \"b\" '''c'''\n").body[0] as A.AssignStmt;
  assert.is(show(s.value), '"abc"');
});

test('accepts a missing comma before a keyword argument on the next line (a.8 quirk)', () => {
  const e = expr("df.merge(r, left_on='a', right_on='stack_trace'\n    suffixes=['', '_x'])");
  assert.is(show(e), '(call df.merge r left_on="a" right_on="stack_trace" suffixes=["" "_x"])');
});

test('still rejects a missing comma on the same line', () => {
  assert.equal(parseError("f(a=1 b=2)"), { code: 'ERR_PXL_SYNTAX', message: "expected ')', found name 'b'", line: 1, column: 7 });
});

test('gives every node its source span', () => {
  const s = mod('  \nfoo(bar.baz)\n').body[0] as A.ExprStmt;
  const call = s.expr as A.CallExpr;
  assert.equal([call.start, call.end], [3, 15]);
  const arg = call.args[0] as A.AttributeExpr;
  assert.equal([arg.start, arg.end, arg.nameStart], [7, 14, 11]);
});

test('parses assignments to names, attributes and items', () => {
  const m = mod("a = 1\ndf.x = 2\ndf['y z'] = 3\n");
  assert.equal(m.body.map((s) => (s as A.AssignStmt).target.kind), ['Name', 'Attribute', 'Subscript']);
});

test('accepts semicolon-separated statements', () => {
  assert.is(mod('a = 1; b = 2;\n').body.length, 2);
});

const rejects: Array<[string, string, { code: string; message: string; line: number; column: number }]> = [
  ['if statements', 'if x:\n    y = 1\n', { code: 'ERR_PXL_UNSUPPORTED', message: "'if' statements are not supported in PxL", line: 1, column: 1 }],
  ['for loops', 'for x in y:\n    pass\n', { code: 'ERR_PXL_UNSUPPORTED', message: "'for' loops are not supported in PxL", line: 1, column: 1 }],
  ['class definitions', 'class A:\n    pass\n', { code: 'ERR_PXL_UNSUPPORTED', message: 'class definitions are not supported in PxL', line: 1, column: 1 }],
  ['augmented assignment', 'x += 1', { code: 'ERR_PXL_UNSUPPORTED', message: "augmented assignment ('+=') is not supported in PxL; write 'x = x + y'", line: 1, column: 3 }],
  ['tuple unpacking', 'a, b = 1, 2', { code: 'ERR_PXL_UNSUPPORTED', message: 'tuple unpacking is not supported in PxL; assign one name at a time', line: 1, column: 1 }],
  ['chained assignment', 'a = b = 1', { code: 'ERR_PXL_UNSUPPORTED', message: 'chained assignment is not supported in PxL', line: 1, column: 7 }],
  ['assignment to a call', 'f() = 1', { code: 'ERR_PXL_SYNTAX', message: 'cannot assign to this expression', line: 1, column: 1 }],
  ['default parameter values', 'def f(a, b=1):\n    return a\n', { code: 'ERR_PXL_UNSUPPORTED', message: 'default values not supported', line: 1, column: 11 }],
  ['star parameters', 'def f(*a):\n    return a\n', { code: 'ERR_PXL_UNSUPPORTED', message: "'*' parameters are not supported in PxL", line: 1, column: 7 }],
  ['duplicate parameters', 'def f(a, a):\n    return a\n', { code: 'ERR_PXL_SYNTAX', message: "duplicate parameter 'a'", line: 1, column: 10 }],
  ['return outside a function', 'return 1', { code: 'ERR_PXL_SYNTAX', message: "'return' outside function", line: 1, column: 1 }],
  ['a string statement after the first', "x = 1\n'not a docstring'\n", { code: 'ERR_PXL_SYNTAX', message: 'a docstring is only allowed as the first statement of a module or function', line: 2, column: 1 }],
  ['chained comparisons', 'x = a < b < c', { code: 'ERR_PXL_UNSUPPORTED', message: "chained comparisons are not supported in PxL; combine them with 'and'", line: 1, column: 11 }],
  ['and with three operands', 'x = a and b and c', { code: 'ERR_PXL_UNSUPPORTED', message: "'and' with more than two operands is not supported in PxL; add parentheses", line: 1, column: 13 }],
  ['or with three operands', 'x = a or b or c', { code: 'ERR_PXL_UNSUPPORTED', message: "'or' with more than two operands is not supported in PxL; add parentheses", line: 1, column: 12 }],
  ['lambda', 'f = lambda x: x', { code: 'ERR_PXL_UNSUPPORTED', message: 'lambda expressions are not supported in PxL', line: 1, column: 5 }],
  ['conditional expressions', 'x = a if b else c', { code: 'ERR_PXL_UNSUPPORTED', message: 'conditional expressions are not supported in PxL; use px.select(cond, a, b)', line: 1, column: 7 }],
  ['list comprehensions', 'x = [a for a in b]', { code: 'ERR_PXL_UNSUPPORTED', message: 'comprehensions are not supported in PxL', line: 1, column: 8 }],
  ['slices', 'x = a[1:2]', { code: 'ERR_PXL_UNSUPPORTED', message: 'slices are not supported in PxL', line: 1, column: 8 }],
  ['set literals', 'x = {1, 2}', { code: 'ERR_PXL_UNSUPPORTED', message: 'set literals are not supported in PxL', line: 1, column: 6 }],
  ['decorators', '@dec\ndef f():\n    return 1\n', { code: 'ERR_PXL_UNSUPPORTED', message: 'decorators are not supported in PxL', line: 1, column: 1 }],
  ['star arguments', 'f(*a)', { code: 'ERR_PXL_UNSUPPORTED', message: "'*' arguments are not supported in PxL", line: 1, column: 3 }],
  ['a positional argument after a keyword one', 'f(a=1, 2)', { code: 'ERR_PXL_SYNTAX', message: 'positional argument follows keyword argument', line: 1, column: 8 }],
  ['a repeated keyword argument', 'f(a=1, a=2)', { code: 'ERR_PXL_SYNTAX', message: 'keyword argument repeated: a', line: 1, column: 8 }],
  ['an integer beyond 64 bits', 'x = 9223372036854775808', { code: 'ERR_PXL_VALUE', message: 'integer literal 9223372036854775808 does not fit in 64 bits', line: 1, column: 5 }],
  ['an unexpected indent', 'x = 1\n    y = 2\n', { code: 'ERR_PXL_INDENT', message: 'unexpected indent', line: 2, column: 5 }],
  ['a missing indented block', 'def f():\nreturn 1\n', { code: 'ERR_PXL_INDENT', message: 'expected an indented block', line: 2, column: 1 }],
  ['a dangling operator', 'x = 1 +\n', { code: 'ERR_PXL_SYNTAX', message: 'expected an expression, found end of line', line: 1, column: 8 }],
  ['a missing attribute name', 'x = a.\n', { code: 'ERR_PXL_SYNTAX', message: 'expected an attribute name, found end of line', line: 1, column: 7 }],
  ['two expressions on one line', 'x = 1 2', { code: 'ERR_PXL_SYNTAX', message: 'unexpected number 2', line: 1, column: 7 }],
];

for (const [what, src, expected] of rejects) {
  test(`rejects ${what} with code, message, line and column`, () => {
    assert.equal(parseError(src), expected);
  });
}

test('stops at the expression nesting cap', () => {
  const deep = 'x = ' + 'not '.repeat(200) + 'y';
  assert.equal(parseError(deep), { code: 'ERR_PXL_LIMIT', message: 'expressions are nested deeper than the limit of 100', line: 1, column: 405 });
});

test('stops at the nesting cap for unary minus chains', () => {
  const e = parseError('x = ' + '-'.repeat(500) + '1');
  assert.is(e.code, 'ERR_PXL_LIMIT');
});

test.run();
