import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import { FunctionRegistry, createDefaultRegistry, defaultRegistry, fixedSemantic, overloadId } from '../../../src/pxl/functions/index.js';
import { SemanticType as S } from '../../../src/types/index.js';

test('resolves overloads by exact argument data types', () => {
  const r = defaultRegistry();
  assert.is(r.resolveScalar('add', [T.INT64, T.FLOAT64])!.id, 'add(INT64,FLOAT64)');
  assert.is(r.resolveScalar('add', [T.INT64, T.FLOAT64])!.returnType, T.FLOAT64);
  assert.is(r.resolveScalar('add', [T.BOOLEAN, T.BOOLEAN]), undefined);
  assert.is(r.resolveAggregate('quantiles', [T.INT64])!.id, 'quantiles(INT64)');
  assert.is(r.resolveAggregate('add', [T.INT64, T.INT64]), undefined);
});

test('looks overloads up by id and rejects a plan that names a missing one', () => {
  const r = defaultRegistry();
  assert.is(r.scalar('contains(STRING,STRING)').name, 'contains');
  assert.is(r.aggregate('count(STRING)').name, 'count');
  assert.is(r.get('nope()'), undefined);
  assert.throws(() => r.scalar('count(STRING)'), /no scalar function overload count\(STRING\)/);
  assert.throws(() => r.aggregate('add(INT64,INT64)'), /no aggregate overload add\(INT64,INT64\)/);
});

test('lists names and overloads for did-you-mean and expected-types messages', () => {
  const r = defaultRegistry();
  assert.ok(r.names().includes('pluck_float64'));
  assert.ok(r.hasScalar('bin') && !r.hasScalar('quantiles'));
  assert.ok(r.hasAggregate('quantiles') && !r.hasAggregate('bin'));
  assert.is(r.scalarOverloads('bin').length, 5);
  assert.is(r.aggregateOverloads('sum').length, 3);
  assert.is(r.scalarOverloads('zzz').length, 0);
  assert.is(r.aggregateOverloads('zzz').length, 0);
});

test('refuses a duplicate overload id', () => {
  const r = new FunctionRegistry();
  const o = { kind: 'scalar' as const, id: overloadId('f', [T.INT64]), name: 'f', argTypes: [T.INT64], returnType: T.INT64, semanticType: fixedSemantic(S.ST_NONE), exec: () => ({ type: T.INT64, data: new BigInt64Array(0) }) };
  r.add(o);
  assert.throws(() => r.add(o), /duplicate function overload f\(INT64\)/);
});

test('builds the default registry fresh or shared', () => {
  assert.is.not(createDefaultRegistry(), defaultRegistry());
  assert.is(defaultRegistry(), defaultRegistry());
});

test.run();
