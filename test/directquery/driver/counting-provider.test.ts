// What the counting provider reports as bytes processed: exact for small string columns,
// a close estimate for large ones, exact for fixed-width types.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { approxBytes } from '../../../src/directquery/driver/counting-provider.js';
import { DataType, type Column } from '../../../src/types/index.js';
import { mulberry32 } from '../../helpers/rng.js';

const strings = (data: string[]): Column => ({ type: DataType.STRING, data });
const exact = (data: string[]) => data.reduce((a, s) => a + s.length, 0);

test('fixed-width columns count their width times the rows', () => {
  assert.is(approxBytes(DataType.INT64, 10, { type: DataType.INT64, data: new BigInt64Array(10) }), 80);
  assert.is(approxBytes(DataType.BOOLEAN, 10, { type: DataType.BOOLEAN, data: new Uint8Array(10) }), 10);
  assert.is(approxBytes(DataType.UINT128, 3, { type: DataType.UINT128, high: new BigUint64Array(3), low: new BigUint64Array(3) }), 48);
});

test('string columns of up to 256 values are summed exactly, only over the batch rows', () => {
  const data = Array.from({ length: 300 }, (_, i) => 'x'.repeat(i % 17));
  assert.is(approxBytes(DataType.STRING, 256, strings(data)), exact(data.slice(0, 256)));
  assert.is(approxBytes(DataType.STRING, 5, strings(data)), exact(data.slice(0, 5)));
});

test('large string columns are estimated within 5 % of the exact sum', () => {
  const r = mulberry32(7);
  for (const n of [257, 1000, 16_384]) {
    const data = Array.from({ length: n }, () => 'y'.repeat(Math.floor(r() * 200)));
    const got = approxBytes(DataType.STRING, n, strings(data));
    const want = exact(data);
    assert.ok(Math.abs(got - want) / want < 0.05, `n=${n}: ${got} vs ${want}`);
  }
  const uniform = Array.from({ length: 5000 }, () => '/api/v1/items');
  assert.is(approxBytes(DataType.STRING, 5000, strings(uniform)), exact(uniform));
});

test.run();
