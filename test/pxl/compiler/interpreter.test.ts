import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ok, columns, chain, errorOf, sinkInput } from '../fixtures.js';

const P = "import px\n";

test('calls a helper defined after its caller (functions are evaluated lazily)', () => {
  const r = ok(P + "def main(start: str):\n    df = px.DataFrame('network_stats', start_time=start)\n    return add_total(df)\ndef add_total(df):\n    df.total = df.rx_bytes + df.tx_bytes\n    return df\npx.display(main('-1m'))");
  assert.equal(columns(r.sinks[0]!.relation).slice(-1), ['total:INT64:BYTES']);
});

test('never checks a helper that is never called', () => {
  const r = ok(P + "def dead():\n    return px.no_such_function(undefined_name)\npx.display(px.DataFrame('network_stats'))");
  assert.is(r.sinks.length, 1);
});

test('sees module globals at call time, not at definition time', () => {
  const r = ok(P + "def f():\n    return px.DataFrame(table_name)\ntable_name = 'network_stats'\npx.display(f())");
  assert.is(chain(r.plan, r.sinks[0]!.node), 'source(network_stats) > sink(output)');
});

test('rebinding a parameter inside a call does not change the caller (a.2)', () => {
  const r = ok(P + "def add_col(df, name: str):\n    df[name] = 1\n    return df\nbase = px.DataFrame('network_stats', select=['pod_id'])\na = add_col(base, 'a')\nb = add_col(base, 'b')\npx.display(a, 'a')\npx.display(b, 'b')\npx.display(base, 'base')");
  assert.equal(r.sinks.map((s) => columns(s.relation)), [['pod_id:STRING', 'a:INT64'], ['pod_id:STRING', 'b:INT64'], ['pod_id:STRING']]);
});

test('passes arguments positionally and by keyword in any mix', () => {
  const r = ok(P + "def f(table: str, n: int, keep: bool):\n    df = px.DataFrame(table)\n    df = df[df.rx_bytes > 0 or not keep]\n    return df.head(n)\npx.display(f('network_stats', keep=True, n=3))");
  assert.is(chain(r.plan, r.sinks[0]!.node), 'source(network_stats) > filter > head(3) > sink(output)');
});

test('returns None from a function without return and from a bare return', () => {
  assert.equal(errorOf(P + "def f():\n    x = 1\npx.display(f())"), {
    code: 'ERR_PXL_TYPE', message: 'px.display() needs a DataFrame, got None', line: 4, column: 12,
  });
  assert.equal(errorOf(P + "def f():\n    return\npx.display(f())"), {
    code: 'ERR_PXL_TYPE', message: 'px.display() needs a DataFrame, got None', line: 4, column: 12,
  });
});

test('checks scalar and DataFrame annotations at the call', () => {
  assert.equal(errorOf(P + "def f(n: int):\n    return n\nx = f('3')"), {
    code: 'ERR_PXL_TYPE', message: "argument 'n' of f() must be int, got a STRING constant", line: 4, column: 7,
  });
  assert.equal(errorOf(P + "def f(df: px.DataFrame):\n    return df\nx = f(1)"), {
    code: 'ERR_PXL_TYPE', message: "argument 'df' of f() must be a DataFrame, got an INT64 constant", line: 4, column: 7,
  });
});

test('accepts any string for a semantic annotation such as px.Pod', () => {
  const r = ok(P + "def f(pod: px.Pod, ns: px.Namespace):\n    df = px.DataFrame('network_stats')\n    return df[df.pod_id == pod + ns]\npx.display(f('a/b', 'c'))");
  assert.is(r.sinks.length, 1);
});

test('reports arity problems of user functions', () => {
  assert.equal(errorOf(P + "def f(a, b):\n    return a\nx = f(1)"), { code: 'ERR_PXL_ARITY', message: "f() missing required argument 'b'", line: 4, column: 5 });
  assert.equal(errorOf(P + "def f(a):\n    return a\nx = f(1, 2)"), { code: 'ERR_PXL_ARITY', message: 'f() takes 1 argument but 2 were given', line: 4, column: 10 });
  assert.equal(errorOf(P + "def f(start):\n    return start\nx = f(strat=1)"), {
    code: 'ERR_PXL_ARITY', message: "f() got an unexpected keyword argument 'strat'. Did you mean 'start'?", line: 4, column: 7,
  });
  assert.equal(errorOf(P + "def f(a):\n    return a\nx = f(1, a=2)"), { code: 'ERR_PXL_ARITY', message: "f() got multiple values for argument 'a'", line: 4, column: 10 });
});

test('reports an undefined name with a suggestion, and a missing import of px', () => {
  assert.equal(errorOf(P + "window_ns = 10\nx = windw_ns * 2"), { code: 'ERR_PXL_NAME', message: "name 'windw_ns' is not defined. Did you mean 'window_ns'?", line: 3, column: 5 });
  assert.equal(errorOf("df = px.DataFrame('network_stats')"), { code: 'ERR_PXL_NAME', message: "name 'px' is not defined. Did you forget 'import px'?", line: 1, column: 6 });
});

test('lets a script replace a px member (px.Pod = str)', () => {
  const r = ok(P + "px.Pod = str\ndef f(p: px.Pod):\n    return px.DataFrame('network_stats')\npx.display(f('x'))");
  assert.is(r.sinks.length, 1);
});

test('accepts import aliases and from-imports', () => {
  const r = ok("import px as p\nfrom px import DataFrame, display as show\nshow(DataFrame('network_stats'))\np.display(p.DataFrame('conn_stats'), 'c')");
  assert.equal(r.sinks.map((s) => s.name), ['output', 'c']);
});

test('rejects unknown and unsupported modules', () => {
  assert.equal(errorOf('import pz'), { code: 'ERR_PXL_UNKNOWN_MODULE', message: "no module named 'pz'. Did you mean 'px'?", line: 1, column: 8 });
  assert.equal(errorOf('import pxtrace'), { code: 'ERR_PXL_UNSUPPORTED', message: "module 'pxtrace' is not supported by this engine", line: 1, column: 8 });
});

test('indexes lists, tuples and dicts with constants', () => {
  const r = ok(P + "tables = ['conn_stats', 'network_stats']\nd = {'t': tables[-1]}\npx.display(px.DataFrame(d['t']))");
  assert.is(chain(r.plan, r.sinks[0]!.node), 'source(network_stats) > sink(output)');
  assert.equal(errorOf(P + "x = [1][3]"), { code: 'ERR_PXL_VALUE', message: 'index 3 is out of range', line: 2, column: 9 });
});

test('rejects attribute assignment through a non-name base', () => {
  assert.equal(errorOf(P + "a = px.DataFrame('network_stats')\nb = [a]\nb[0].x = 1"), {
    code: 'ERR_PXL_UNSUPPORTED', message: 'the left-hand side of an attribute or item assignment must be a plain name', line: 4, column: 1,
  });
});

test('rejects calling a non-function and unsupported operators', () => {
  assert.equal(errorOf(P + "x = 1\ny = x(2)"), { code: 'ERR_PXL_TYPE', message: 'an INT64 constant is not callable', line: 3, column: 5 });
  assert.equal(errorOf(P + "df = px.DataFrame('network_stats')\ndf = df[(df.rx_bytes > 1) & (df.tx_bytes > 1)]"), {
    code: 'ERR_PXL_UNSUPPORTED', message: "operator '&' is not supported in PxL; combine predicates with 'and'/'or'", line: 3, column: 27,
  });
  assert.equal(errorOf(P + "x = 'a' in 'abc'"), { code: 'ERR_PXL_UNSUPPORTED', message: "operator 'in' is not supported in PxL", line: 2, column: 9 });
});

test('reads a function docstring through __doc__', () => {
  const r = ok(P + "def f():\n    '''network_stats'''\n    return 1\npx.display(px.DataFrame(f.__doc__))");
  assert.is(sinkInput(r).kind, 'source');
});

test('stops runaway recursion at the call depth limit', () => {
  assert.equal(errorOf(P + "def f(x):\n    return f(x)\ny = f(1)"), {
    code: 'ERR_PXL_LIMIT', message: 'function calls are nested deeper than the limit of 64', line: 3, column: 12,
  });
});

test('stops exponential call trees at the evaluation step limit', () => {
  const src = P + 'def f0():\n    return 1\n' + Array.from({ length: 30 }, (_, i) => `def f${i + 1}():\n    return f${i}() + f${i}()\n`).join('') + 'x = f30()';
  const e = errorOf(src);
  assert.equal([e.code, e.message], ['ERR_PXL_LIMIT', 'script needs more than the limit of 1000000 evaluation steps']);
});

test.run();
