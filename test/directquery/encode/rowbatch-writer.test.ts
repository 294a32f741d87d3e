// The dedicated RowBatchData writer against @bufbuild's encoder and decoder: identical bytes
// on randomized batches of every column type, exact 64-bit extremes, slices and sizes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { RowBatchDataSchema, type Column as PbColumn } from '../../../src/proto/index.js';
import { encodeRowBatch, estimateRowBatchSize, rowBatchSize, type RowBatchSlice } from '../../../src/directquery/encode/rowbatch-writer.js';
import { DataType, type Column } from '../../../src/types/index.js';
import { mulberry32 as rng } from '../../helpers/rng.js';
import { dictionaryColumn } from '../../../src/pxl/functions/kernel.js';

const EDGE_I64 = [0n, 1n, -1n, 127n, 128n, 16383n, 16384n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n,
  1_700_000_000_123_456_789n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 53n)];
const EDGE_U64 = [0n, 1n, 127n, 128n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 56n, 2n ** 63n, 2n ** 64n - 1n];

function randU64(r: () => number): bigint {
  if (r() < 0.3) return EDGE_U64[Math.floor(r() * EDGE_U64.length)]!;
  const bits = BigInt(Math.floor(r() * 64) + 1);
  return (BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(r() * 2 ** 32))) % (2n ** bits);
}
function randI64(r: () => number): bigint {
  if (r() < 0.3) return EDGE_I64[Math.floor(r() * EDGE_I64.length)]!;
  return BigInt.asIntN(64, randU64(r));
}
const ASCII = ['a', 'Z', ' ', '/', '\u0000', '"', '\n', '\u007f'];
const MIXED = ['a', 'Z', ' ', '/', 'é', '日', '😀', '\u0000', '"', '\n'];

// Half the string columns are ASCII only (the writer's framed path), half mixed.
function randString(r: () => number, alphabet: readonly string[] = MIXED): string {
  const len = r() < 0.1 ? 0 : Math.floor(r() * (r() < 0.05 ? 400 : 20));
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function randColumn(type: DataType, n: number, r: () => number): Column {
  switch (type) {
    case DataType.BOOLEAN: return { type, data: Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)) };
    case DataType.INT64: return { type, data: BigInt64Array.from({ length: n }, () => randI64(r)) };
    case DataType.TIME64NS: return { type, data: BigInt64Array.from({ length: n }, () => randI64(r)) };
    case DataType.FLOAT64: return { type, data: Float64Array.from({ length: n }, () => (r() < 0.1 ? [0, -0, Infinity, NaN, 1e308][Math.floor(r() * 5)]! : (r() - 0.5) * 1e9)) };
    case DataType.STRING: {
      const alphabet = r() < 0.5 ? ASCII : MIXED;
      return { type, data: Array.from({ length: n }, () => randString(r, alphabet)) };
    }
    case DataType.UINT128: return { type, high: BigUint64Array.from({ length: n }, () => randU64(r)), low: BigUint64Array.from({ length: n }, () => randU64(r)) };
    default: throw new Error('unreachable');
  }
}

function toPb(c: Column, start: number, end: number): PbColumn {
  const range = <T>(f: (i: number) => T): T[] => Array.from({ length: end - start }, (_, k) => f(start + k));
  switch (c.type) {
    case DataType.BOOLEAN: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'booleanData', value: { $typeName: 'px.api.vizierpb.BooleanColumn', data: range((i) => c.data[i] === 1) } } };
    case DataType.INT64: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'int64Data', value: { $typeName: 'px.api.vizierpb.Int64Column', data: range((i) => c.data[i]!) } } };
    case DataType.TIME64NS: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'time64nsData', value: { $typeName: 'px.api.vizierpb.Time64NSColumn', data: range((i) => c.data[i]!) } } };
    case DataType.FLOAT64: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'float64Data', value: { $typeName: 'px.api.vizierpb.Float64Column', data: range((i) => c.data[i]!) } } };
    case DataType.STRING: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'stringData', value: { $typeName: 'px.api.vizierpb.StringColumn', data: range((i) => new TextEncoder().encode(c.data[i]!)) } } };
    case DataType.UINT128: return { $typeName: 'px.api.vizierpb.Column', colData: { case: 'uint128Data', value: { $typeName: 'px.api.vizierpb.UInt128Column', data: range((i) => ({ $typeName: 'px.api.vizierpb.UInt128' as const, low: c.low[i]!, high: c.high[i]! })) } } };
  }
}

function reference(s: RowBatchSlice): Uint8Array {
  return toBinary(RowBatchDataSchema, create(RowBatchDataSchema, {
    tableId: s.tableId,
    cols: s.columns.map((c) => toPb(c, s.start, s.end)),
    numRows: BigInt(s.end - s.start),
    eow: s.eow,
    eos: s.eos,
  }));
}

const ALL_TYPES = [DataType.BOOLEAN, DataType.INT64, DataType.UINT128, DataType.FLOAT64, DataType.STRING, DataType.TIME64NS] as DataType[];

test('writes the same bytes as @bufbuild on 300 randomized batches of every column type', () => {
  const r = rng(20261203);
  for (let round = 0; round < 300; round++) {
    const n = round % 10 === 0 ? 0 : Math.floor(r() * 200) + 1;
    const types = Array.from({ length: 1 + Math.floor(r() * 7) }, () => ALL_TYPES[Math.floor(r() * ALL_TYPES.length)]!);
    const columns = types.map((t) => randColumn(t, n, r));
    const start = n === 0 ? 0 : Math.floor(r() * n);
    const end = n === 0 ? 0 : start + Math.floor(r() * (n - start + 1));
    const s: RowBatchSlice = { tableId: round % 7 === 0 ? '' : `table-${round}-ü`, columns, start, end, eow: r() < 0.5, eos: r() < 0.5 };
    const ours = encodeRowBatch(s);
    const ref = reference(s);
    assert.ok(Buffer.from(ours).equals(Buffer.from(ref)), `round ${round}: bytes differ (types ${types.join(',')}, rows ${start}..${end})`);
    assert.is(rowBatchSize(s), ours.length);
    // The estimate is exact unless a string is not ASCII, and never above the real size.
    const ascii = columns.every((c) => c.type !== DataType.STRING || c.data.slice(start, end).every((v) => /^[\x00-\x7f]*$/.test(v)));
    const estimate = estimateRowBatchSize(s);
    if (ascii) assert.is(estimate, ours.length, `round ${round}: estimate`);
    else assert.ok(estimate <= ours.length, `round ${round}: estimate ${estimate} > ${ours.length}`);
  }
});

test('string columns: ASCII with long values, and one non-ASCII or Latin-1 value among ASCII, match @bufbuild', () => {
  const long = (k: number) => 'p'.repeat(k);
  const cases: string[][] = [
    ['/a', long(127), long(128), long(300), long(16_383), ''],
    [long(16_384), '/b'],
    ['/a', '/b', 'caf\u00e9', '/c'],
    ['/a', '\u00ff', '/c'],
    ['/a', '\u{1F600}', long(200)],
    ['\ud800', '/lone-surrogate'],
  ];
  for (const data of cases) {
    const s: RowBatchSlice = { tableId: 't', columns: [{ type: DataType.STRING, data }], start: 0, end: data.length, eow: false, eos: true };
    assert.ok(Buffer.from(encodeRowBatch(s)).equals(Buffer.from(reference(s))), data.map((d) => d.length).join(','));
    assert.is(rowBatchSize(s), encodeRowBatch(s).length);
  }
});

test('round-trips 64-bit extremes exactly through @bufbuild\'s decoder', () => {
  const data = BigInt64Array.from(EDGE_I64);
  const high = BigUint64Array.from(EDGE_U64);
  const low = BigUint64Array.from([...EDGE_U64].reverse());
  const bytes = encodeRowBatch({
    tableId: 't', start: 0, end: EDGE_U64.length, eow: false, eos: true,
    columns: [
      { type: DataType.TIME64NS, data: data.subarray(0, EDGE_U64.length) },
      { type: DataType.UINT128, high, low },
    ],
  });
  const msg = fromBinary(RowBatchDataSchema, bytes);
  assert.is(msg.numRows, BigInt(EDGE_U64.length));
  assert.is(msg.eos, true);
  const t = msg.cols[0]!.colData;
  assert.is(t.case, 'time64nsData');
  assert.equal(t.case === 'time64nsData' ? t.value.data : [], [...data.subarray(0, EDGE_U64.length)]);
  const u = msg.cols[1]!.colData;
  assert.equal(u.case === 'uint128Data' ? u.value.data.map((x) => [x.high, x.low]) : [], EDGE_U64.map((h, i) => [h, low[i]!]));
});

test('writes an empty slice as typed empty columns with no row count', () => {
  const bytes = encodeRowBatch({ tableId: '', start: 0, end: 0, eow: false, eos: true, columns: [{ type: DataType.INT64, data: new BigInt64Array(0) }] });
  // cols { int64_data {} }, eos: true
  assert.equal([...bytes], [0x0a, 0x02, 0x12, 0x00, 0x20, 0x01]);
});

test('works on columns that are views into a larger buffer', () => {
  const backing = BigInt64Array.from([5n, -5n, 1n << 40n, 7n]);
  const view = backing.subarray(1, 3);
  const s: RowBatchSlice = { tableId: 'v', start: 0, end: 2, eow: false, eos: false, columns: [{ type: DataType.INT64, data: view }, { type: DataType.FLOAT64, data: new Float64Array([1, 2, 3]).subarray(1) }] };
  assert.ok(Buffer.from(encodeRowBatch(s)).equals(Buffer.from(reference(s))));
});

test('refuses a reversed row range', () => {
  assert.throws(() => encodeRowBatch({ tableId: '', start: 2, end: 1, eow: false, eos: false, columns: [] }), /bad row range \[2, 1\)/);
});


test('dictionary string columns (filter copies, metadata names) write the same bytes without building their strings', () => {
  const r = rng(20261204);
  const long = 'q'.repeat(200);
  const values = ['', '/a', 'caf\u00e9', '\u{1F600}x', long, '\ud800', 'p'.repeat(130)];
  for (let round = 0; round < 60; round++) {
    const n = 30 + Math.floor(r() * 300);
    const codes = Int32Array.from({ length: n }, () => Math.floor(r() * values.length));
    // Half with a second level (row code -> map -> value), as metadata functions make.
    const map = round % 2 === 1 ? Int32Array.from(values, (_, k) => values.length - 1 - k) : undefined;
    const strings = Array.from(codes, (c) => values[map === undefined ? c : map[c]!]!);
    let built = false;
    const dict = { codes, values, ...(map ? { map } : {}) };
    const col = dictionaryColumn(dict);
    // Watch the lazy string array: the writer must not build it.
    const inner = Object.getOwnPropertyDescriptor(col, 'data')!.get!;
    Object.defineProperty(col, 'data', { get: () => { built = true; return inner.call(col); } });
    const start = Math.floor(r() * 10), end = n - Math.floor(r() * 10);
    const slice = (c: Column): RowBatchSlice => ({ tableId: 't', columns: [c], start, end, eow: false, eos: true });
    const plain: Column = { type: DataType.STRING, data: strings };
    const ours = encodeRowBatch(slice(col));
    assert.ok(Buffer.from(ours).equals(Buffer.from(encodeRowBatch(slice(plain)))), `round ${round}`);
    assert.ok(Buffer.from(ours).equals(Buffer.from(reference(slice(plain)))), `round ${round}: @bufbuild`);
    assert.is(estimateRowBatchSize(slice(col)), estimateRowBatchSize(slice(plain)));
    assert.not.ok(built, 'the string array was built');
  }
  // A dictionary about as wide as its column goes through its strings: the same bytes.
  const wide = Array.from({ length: 40 }, (_, k) => `/w/${k}\u00e9`);
  const col = dictionaryColumn({ codes: Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 40), values: wide });
  const plain: Column = { type: DataType.STRING, data: col.type === DataType.STRING ? col.data.slice() : [] };
  const slice = (c: Column): RowBatchSlice => ({ tableId: 't', columns: [c], start: 3, end: 47, eow: true, eos: false });
  assert.ok(Buffer.from(encodeRowBatch(slice(col))).equals(Buffer.from(reference(slice(plain)))));
});

test.run();
