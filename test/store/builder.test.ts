import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchBuilder, tableSchema } from '../../src/store/index.js';
import { DataType, type Column } from '../../src/types/index.js';

function values(c: Column): unknown[] {
  if (c.type === DataType.UINT128) return Array.from(c.low, (l, i) => `${c.high[i]}:${l}`);
  return Array.from(c.data as ArrayLike<unknown>);
}

test('builds columns of every type from rows and starts empty again after finish', () => {
  const rel = [
    { name: 'b', type: DataType.BOOLEAN, semanticType: 1, desc: '' },
    { name: 'i', type: DataType.INT64, semanticType: 1, desc: '' },
    { name: 't', type: DataType.TIME64NS, semanticType: 1, desc: '' },
    { name: 'f', type: DataType.FLOAT64, semanticType: 1, desc: '' },
    { name: 's', type: DataType.STRING, semanticType: 1, desc: '' },
    { name: 'u', type: DataType.UINT128, semanticType: 1, desc: '' },
  ] as const;
  const b = new BatchBuilder(rel, 4);
  b.push([true, 2n ** 63n - 1n, 5, 1.5, 'x', { high: 2n ** 64n - 1n, low: 3n }]);
  b.push([false, -7, -(2n ** 63n), 0, 'yz', { high: 0n, low: 0n }]);
  assert.is(b.full, false);
  const batch = b.finish();
  assert.is(batch.numRows, 2);
  assert.equal(batch.columns.map(values), [
    [1, 0], [2n ** 63n - 1n, -7n], [5n, -(2n ** 63n)], [1.5, 0], ['x', 'yz'], ['18446744073709551615:3', '0:0'],
  ]);
  assert.is(b.numRows, 0);
  assert.is(b.finish().numRows, 0);
});

test('set and commit write a row cell by cell; an uncommitted row is overwritten', () => {
  const b = new BatchBuilder(tableSchema('proc_exit_events')!, 2);
  b.set(4, 0, 'discarded');
  b.set(0, 0, 1n); b.set(1, 0, { high: 1n, low: 2n }); b.set(2, 0, 0n); b.set(3, 0, 9n); b.set(4, 0, 'kept');
  b.commit();
  b.push([2n, { high: 1n, low: 2n }, 1n, 0n, 'second']);
  assert.is(b.full, true);
  assert.equal(values(b.finish().columns[4]!), ['kept', 'second']);
});

test.run();
