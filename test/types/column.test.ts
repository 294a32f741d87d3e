import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType, allocColumn, allocColumnToFill, columnLength, sliceColumn } from '../../src/types/index.js';

test('slices typed columns as views and strings as copies, the whole string array as itself', () => {
  const t = { type: DataType.TIME64NS, data: BigInt64Array.from([1n, 2n, 3n, 2n ** 62n]) } as const;
  const s = sliceColumn(t, 1, 4);
  assert.equal([...(s as typeof t).data], [2n, 3n, 2n ** 62n]);
  assert.is((s as typeof t).data.buffer, t.data.buffer, 'a view, not a copy');
  const str = { type: DataType.STRING, data: ['a', 'b', 'c'] } as const;
  assert.equal((sliceColumn(str, 0, 2) as typeof str).data, ['a', 'b']);
  assert.is((sliceColumn(str, 0, 3) as typeof str).data, str.data);
  const u = { type: DataType.UINT128, high: BigUint64Array.from([1n, 2n]), low: BigUint64Array.from([3n, 4n]) } as const;
  const us = sliceColumn(u, 1, 2) as typeof u;
  assert.equal([[...us.high], [...us.low]], [[2n], [4n]]);
});

test('every data type slices to the asked length', () => {
  for (const type of [DataType.BOOLEAN, DataType.INT64, DataType.UINT128, DataType.FLOAT64, DataType.STRING, DataType.TIME64NS]) {
    assert.is(columnLength(sliceColumn(allocColumn(type, 10), 2, 7)), 5, `type ${type}`);
  }
});

test('allocColumnToFill leaves string slots unfilled and allocates other types as allocColumn does', () => {
  const s = allocColumnToFill(DataType.STRING, 3) as { data: readonly string[] };
  assert.is(s.data.length, 3);
  assert.not.ok(0 in s.data, 'no prefill pass over the slots');
  for (const type of [DataType.BOOLEAN, DataType.INT64, DataType.UINT128, DataType.FLOAT64, DataType.TIME64NS]) {
    assert.equal(allocColumnToFill(type, 4), allocColumn(type, 4), `type ${type}`);
  }
});

test.run();
