// batchFrames with a size hint: skipping the estimate never lets a frame exceed the limit,
// even when rows suddenly grow, and every row is sent once, in order.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromBinary } from '@bufbuild/protobuf';
import { ExecuteScriptResponseSchema } from '../../../src/proto/index.js';
import { batchFrames } from '../../../src/directquery/driver/frames.js';
import { DataType, type Column } from '../../../src/types/index.js';

const LIMIT = 16 * 1024;

function strings(n: number, width: number, tag: string): Column {
  return { type: DataType.STRING, data: Array.from({ length: n }, (_, i) => `${tag}${i}`.padEnd(width, 'x')) };
}

function rowsOf(frames: ReturnType<typeof batchFrames>): string[] {
  const out: string[] = [];
  for (const f of frames) {
    const m = fromBinary(ExecuteScriptResponseSchema, f.bytes);
    if (m.result.case !== 'data' || m.result.value.batch === undefined) throw new Error('not a batch');
    const col = m.result.value.batch.cols[0]!.colData;
    if (col.case !== 'stringData') throw new Error('not strings');
    out.push(...col.value.data.map((b) => Buffer.from(b).toString()));
  }
  return out;
}

test('with a hint from small rows, a batch of much larger rows is still split under the limit', () => {
  const hint = { bytesPerRow: 0 };
  const small = strings(100, 10, 's');
  const first = batchFrames('q', 't', 'tbl', [small], 100, false, LIMIT, hint);
  assert.ok(hint.bytesPerRow > 10 && hint.bytesPerRow < 20, `hint ${hint.bytesPerRow}`);
  // 100 rows of 2 KiB: the hint (from 12-byte rows) says "fits"; the real size does not.
  const big = strings(100, 2048, 'b');
  const second = batchFrames('q', 't', 'tbl', [big], 100, true, LIMIT, hint);
  for (const f of [...first, ...second]) assert.ok(f.bytes.length <= LIMIT, `frame of ${f.bytes.length} bytes`);
  assert.ok(second.length > 1);
  assert.equal(rowsOf(second), big.type === DataType.STRING ? [...big.data] : []);
  assert.equal(rowsOf(first), small.type === DataType.STRING ? [...small.data] : []);
  assert.ok(hint.bytesPerRow > 2000, `hint after big rows ${hint.bytesPerRow}`);
});

test('frames are the same with and without a hint (one frame, and several)', () => {
  for (const n of [200, 500]) {
    const cols = [strings(n, 40, 'r')];
    const plain = batchFrames('q', 't', 'tbl', cols, n, true, LIMIT);
    const hinted = batchFrames('q', 't', 'tbl', cols, n, true, LIMIT, { bytesPerRow: 45 });
    assert.equal(hinted.map((f) => f.rows), plain.map((f) => f.rows));
    assert.ok(hinted.every((f, i) => f.bytes.equals(plain[i]!.bytes)), `n=${n}`);
  }
});

test('a batch many times the limit is cut on the hinted rate, every piece under the limit, rows in order', () => {
  const n = 5000;
  const cols = [strings(n, 40, 'r')];
  const hint = { bytesPerRow: 45 };
  const frames = batchFrames('q', 't', 'tbl', cols, n, true, LIMIT, hint);
  for (const f of frames) assert.ok(f.bytes.length <= LIMIT, `frame of ${f.bytes.length} bytes`);
  assert.equal(rowsOf(frames), cols[0]!.type === DataType.STRING ? [...cols[0]!.data] : []);
  // Pieces aim at 70 % of the limit on the hinted rate, and none needed a second cut.
  assert.is(frames.length, Math.ceil((n * 45) / (0.7 * LIMIT)));
  // A hint far too low still ends with every frame under the limit.
  const low = batchFrames('q', 't', 'tbl', cols, n, true, LIMIT, { bytesPerRow: 4 });
  for (const f of low) assert.ok(f.bytes.length <= LIMIT, `frame of ${f.bytes.length} bytes`);
  assert.equal(rowsOf(low), rowsOf(frames));
});

test.run();
