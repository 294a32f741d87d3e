import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describe, NONE, Scope, type Value } from '../../../src/pxl/compiler/values.js';

test('looks names up through parent scopes and lists every visible name', () => {
  const globals = new Scope();
  globals.set('a', NONE);
  const local = new Scope(globals);
  local.set('b', NONE);
  assert.equal([local.get('a'), local.get('b'), globals.get('b'), local.names().sort()], [NONE, NONE, undefined, ['a', 'b']]);
});

test('describes every kind of value for messages', () => {
  const values: Value[] = [
    { kind: 'const', type: 2, value: 1n, semantic: 1 },
    { kind: 'const', type: 5, value: 'x', semantic: 1 },
    NONE,
    { kind: 'list', tuple: true, items: [] },
    { kind: 'list', tuple: false, items: [] },
    { kind: 'dict', entries: [] },
    { kind: 'expr', expr: { kind: 'col', name: 'a', at: 0 } },
    { kind: 'dataframe', node: 0, relation: [] },
    { kind: 'groupby', df: { kind: 'dataframe', node: 0, relation: [] }, by: [] },
    { kind: 'ctx', df: { kind: 'dataframe', node: 0, relation: [] } },
    { kind: 'builtin', name: 'px.display', call: () => NONE },
    { kind: 'udf', name: 'mean' },
    { kind: 'type', name: 'px.Pod', dataType: 5, semantic: 400 },
    { kind: 'module', name: 'px', members: new Map() },
  ];
  assert.equal(values.map(describe), [
    'an INT64 constant', 'a STRING constant', 'None', 'a tuple', 'a list', 'a dict', 'a column expression', 'a DataFrame',
    'a grouped DataFrame', 'a metadata context', "function 'px.display'", "function 'px.mean'", "type 'px.Pod'", "module 'px'",
  ]);
});

test.run();
