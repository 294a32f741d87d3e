// Exact byte encodings, worked out by hand from the protobuf wire format, so that a change
// of field number, type or packing shows up as a byte difference rather than a silent
// incompatibility with Pixie's own clients.
//
// Reminders: a tag is varint((field_number << 3) | wire_type); wire type 0 = varint,
// 1 = 64-bit, 2 = length-delimited. A varint stores 7 bits per byte, least significant
// group first, high bit set on every byte but the last.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  BooleanColumnSchema,
  ColumnSchema,
  CompilerErrorSchema,
  Configs_OTelEndpointConfigSchema,
  DataType,
  ExecuteScriptRequestSchema,
  ExecuteScriptResponseSchema,
  Float64ColumnSchema,
  Int64ColumnSchema,
  Relation_ColumnInfoSchema,
  RowBatchDataSchema,
  ScalarValueSchema,
  SemanticType,
  StatusSchema,
  StringColumnSchema,
  Time64NSColumnSchema,
  UInt128ColumnSchema,
  UInt128Schema,
} from '../../src/proto/index.js';
import { hex, unhex } from './hex.js';

test('a Time64NS value above 2^53 encodes as a 9-byte packed varint', () => {
  const ns = 1_700_000_000_123_456_789n;
  // ns split into 7-bit groups, least significant first:
  //   21, 26, 23, 108, 99, 31, 103, 75, 23
  // Check the split: sum(group_i * 128^i) must give ns back.
  const groups = [21n, 26n, 23n, 108n, 99n, 31n, 103n, 75n, 23n];
  assert.is(groups.reduce((acc, g, i) => acc + g * 128n ** BigInt(i), 0n), ns);
  // Each group but the last gets the continuation bit (+0x80):
  //   21→95, 26→9a, 23→97, 108→ec, 99→e3, 31→9f, 103→e7, 75→cb, 23→17 (last, no bit).
  // Field 1, packed → tag 0x0a (1<<3 | 2), then the payload length 9.
  const expected = '0a 09 95 9a 97 ec e3 9f e7 cb 17';
  const bytes = toBinary(Time64NSColumnSchema, create(Time64NSColumnSchema, { data: [ns] }));
  assert.is(hex(bytes), expected);
  assert.equal(fromBinary(Time64NSColumnSchema, unhex(expected)).data, [ns]);
});

test('a negative int64 encodes as a 10-byte varint (two\'s complement, no zigzag)', () => {
  // -1 as 64 bits is 2^64-1: nine groups of 0x7f (63 bits) and a final 1 → ff×9 01.
  // -2 only differs in the lowest group: 0x7e → fe.
  const bytes = toBinary(Int64ColumnSchema, create(Int64ColumnSchema, { data: [-1n, -2n] }));
  assert.is(hex(bytes), '0a 14 ff ff ff ff ff ff ff ff ff 01 fe ff ff ff ff ff ff ff ff 01');
  assert.equal(fromBinary(Int64ColumnSchema, bytes).data, [-1n, -2n]);
});

test('a negative ScalarValue.int64_value sits at field 3 after data_type at field 1', () => {
  // data_type INT64 (2): 08 02. int64_value -1: tag 3<<3|0 = 0x18, then ff×9 01.
  const v = create(ScalarValueSchema, { dataType: DataType.INT64, value: { case: 'int64Value', value: -1n } });
  assert.is(hex(toBinary(ScalarValueSchema, v)), '08 02 18 ff ff ff ff ff ff ff ff ff 01');
});

test('a UInt128 puts low at field 1 and high at field 2, both uint64 varints', () => {
  // low 1 → 08 01. high 2^63 → tag 0x10, then 63 zero bits (nine 0x80 bytes) and a final 01.
  const v = create(UInt128Schema, { low: 1n, high: 1n << 63n });
  const expected = '08 01 10 80 80 80 80 80 80 80 80 80 01';
  assert.is(hex(toBinary(UInt128Schema, v)), expected);
  const back = fromBinary(UInt128Schema, unhex(expected));
  assert.is(back.low, 1n);
  assert.is(back.high, 9_223_372_036_854_775_808n);
});

test('a UInt128Column repeats length-delimited UInt128 messages (messages are never packed)', () => {
  // Element {low: 2^64-1}: 08 ff×9 01 = 11 bytes; element {high: 1}: 10 01 = 2 bytes.
  const col = create(UInt128ColumnSchema, { data: [{ low: 0xffff_ffff_ffff_ffffn, high: 0n }, { low: 0n, high: 1n }] });
  assert.is(hex(toBinary(UInt128ColumnSchema, col)), '0a 0b 08 ff ff ff ff ff ff ff ff ff 01 0a 02 10 01');
});

test('a StringColumn carries bytes that are not UTF-8 unchanged', () => {
  // repeated bytes is never packed: one 0x0a tag per value, the empty value included.
  const col = create(StringColumnSchema, { data: [new Uint8Array([0xff, 0xfe]), new Uint8Array()] });
  const bytes = toBinary(StringColumnSchema, col);
  assert.is(hex(bytes), '0a 02 ff fe 0a 00');
  assert.equal(
    fromBinary(StringColumnSchema, bytes).data.map((d) => hex(d)),
    ['ff fe', ''],
  );
});

test('booleans and doubles are packed in one length-delimited run', () => {
  assert.is(hex(toBinary(BooleanColumnSchema, create(BooleanColumnSchema, { data: [true, false, true] }))), '0a 03 01 00 01');
  // 1.5 = 0x3ff8000000000000, written little-endian as a fixed 64-bit value.
  assert.is(hex(toBinary(Float64ColumnSchema, create(Float64ColumnSchema, { data: [1.5] }))), '0a 08 00 00 00 00 00 00 f8 3f');
});

test('Column.int64_data is field 2 and Column.string_data is field 6', () => {
  // int64_data: tag 2<<3|2 = 0x12 around Int64Column{data:[1]} = 0a 01 01.
  const int64 = create(ColumnSchema, { colData: { case: 'int64Data', value: { data: [1n] } } });
  assert.is(hex(toBinary(ColumnSchema, int64)), '12 03 0a 01 01');
  // string_data: tag 6<<3|2 = 0x32 around StringColumn{data:["a"]} = 0a 01 61.
  const str = create(ColumnSchema, { colData: { case: 'stringData', value: { data: [new Uint8Array([0x61])] } } });
  assert.is(hex(toBinary(ColumnSchema, str)), '32 03 0a 01 61');
});

test('when a oneof member appears twice on the wire the last one wins', () => {
  const col = fromBinary(ColumnSchema, unhex('12 03 0a 01 01 32 03 0a 01 61'));
  assert.is(col.colData.case, 'stringData');
});

test('ExecuteScriptResponse.meta_data is field 4 and data is field 3', () => {
  // meta_data {id:"t"}: QueryMetadata.id is field 3 → 1a 01 74; wrapped in tag 4<<3|2 = 0x22.
  const meta = create(ExecuteScriptResponseSchema, { result: { case: 'metaData', value: { id: 't' } } });
  assert.is(hex(toBinary(ExecuteScriptResponseSchema, meta)), '22 03 1a 01 74');
  // data {execution_stats {bytes_processed: 5}}: 10 05 inside QueryData field 2 (12 02 ..),
  // inside tag 3<<3|2 = 0x1a.
  const data = create(ExecuteScriptResponseSchema, {
    result: { case: 'data', value: { executionStats: { bytesProcessed: 5n } } },
  });
  assert.is(hex(toBinary(ExecuteScriptResponseSchema, data)), '1a 04 12 02 10 05');
  const back = fromBinary(ExecuteScriptResponseSchema, unhex('1a 04 12 02 10 05'));
  assert.is(back.result.case, 'data');
  assert.is(back.result.case === 'data' ? back.result.value.executionStats?.bytesProcessed : undefined, 5n);
});

test('RowBatchData.table_id is field 5 and its flags are fields 2-4', () => {
  assert.is(hex(toBinary(RowBatchDataSchema, create(RowBatchDataSchema, { tableId: 'x' }))), '2a 01 78');
  const back = fromBinary(RowBatchDataSchema, unhex('10 02 18 01 20 01'));
  assert.equal([back.numRows, back.eow, back.eos], [2n, true, true]);
});

test('ExecuteScriptRequest keeps mutation at 5, query_id at 7, query_name at 10', () => {
  const req = create(ExecuteScriptRequestSchema, { mutation: true, queryId: 'q1', queryName: 'n' });
  assert.is(hex(toBinary(ExecuteScriptRequestSchema, req)), '28 01 3a 02 71 31 52 01 6e');
});

test('a semantic type of 3000 encodes as a two-byte varint at field 4 of ColumnInfo', () => {
  // 3000 = 23*128 + 56 → b8 (56 + 0x80), 17 (23).
  const info = create(Relation_ColumnInfoSchema, { columnSemanticType: SemanticType.ST_SCRIPT_REFERENCE });
  assert.is(hex(toBinary(Relation_ColumnInfoSchema, info)), '20 b8 17');
});

test('OTel headers encode as map entries with key at 1 and value at 2', () => {
  const cfg = create(Configs_OTelEndpointConfigSchema, { headers: { k: 'v' } });
  assert.is(hex(toBinary(Configs_OTelEndpointConfigSchema, cfg)), '12 06 0a 01 6b 12 01 76');
});

test('a CompilerError line can hold the largest uint64', () => {
  const err = create(CompilerErrorSchema, { line: 18_446_744_073_709_551_615n });
  assert.is(hex(toBinary(CompilerErrorSchema, err)), '08 ff ff ff ff ff ff ff ff ff 01');
});

test('a Status carrying the reserved field 3 still decodes, keeping code and message', () => {
  // code 5: 08 05; reserved field 3 as a string "x": 1a 01 78; message "m": 12 01 6d.
  const st = fromBinary(StatusSchema, unhex('08 05 1a 01 78 12 01 6d'));
  assert.is(st.code, 5);
  assert.is(st.message, 'm');
});

test.run();
