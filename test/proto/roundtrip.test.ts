import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, equals, fromBinary, isFieldSet, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { nestedTypes } from '@bufbuild/protobuf/reflect';
import {
  file_px_api_vizierpb_vizierapi,
  Float64ColumnSchema,
  Int64ColumnSchema,
  Time64NSColumnSchema,
} from '../../src/proto/index.js';
import { fixtures } from './fixtures.js';

const messages: DescMessage[] = [...nestedTypes(file_px_api_vizierpb_vizierapi)].filter(
  (t): t is DescMessage => t.kind === 'message',
);

function fixturesOf(desc: DescMessage): readonly Message[] {
  const list = fixtures.get(desc.typeName);
  if (list === undefined) throw new Error(`no fixture for ${desc.typeName}`);
  return list;
}

test('the contract declares 33 message types and each has a fixture', () => {
  assert.is(messages.length, 33);
  assert.equal(messages.map((m) => m.typeName).sort(), [...fixtures.keys()].sort());
});

test('fixtures of each type set every field and every oneof member at least once', () => {
  for (const desc of messages) {
    const unset = desc.fields
      .filter((f) => !fixturesOf(desc).some((msg) => isFieldSet(msg, f)))
      .map((f) => f.name);
    assert.equal(unset, [], `${desc.typeName} fixtures leave fields unset`);
  }
});

test('every message type survives encode then decode unchanged', () => {
  for (const desc of messages) {
    for (const msg of fixturesOf(desc)) {
      assert.is(msg.$typeName, desc.typeName);
      const decoded = fromBinary(desc, toBinary(desc, msg));
      assert.ok(equals(desc, decoded, msg), `${desc.typeName} changed in a round trip`);
    }
  }
});

test('a decoded message re-encodes to the same bytes', () => {
  for (const desc of messages) {
    for (const msg of fixturesOf(desc)) {
      const bytes = toBinary(desc, msg);
      assert.equal(toBinary(desc, fromBinary(desc, bytes)), bytes, desc.typeName);
    }
  }
});

test('int64 extremes and a nanosecond timestamp above 2^53 come back exactly', () => {
  const int64 = create(Int64ColumnSchema, { data: [0n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n] });
  const time = create(Time64NSColumnSchema, { data: [1_700_000_000_123_456_789n] });
  assert.equal(fromBinary(Int64ColumnSchema, toBinary(Int64ColumnSchema, int64)).data, [
    0n,
    -1n,
    9_223_372_036_854_775_807n,
    -9_223_372_036_854_775_808n,
  ]);
  assert.equal(fromBinary(Time64NSColumnSchema, toBinary(Time64NSColumnSchema, time)).data, [1_700_000_000_123_456_789n]);
});

test('a NaN float64 value stays NaN', () => {
  const col = create(Float64ColumnSchema, { data: [Number.NaN] });
  const back = fromBinary(Float64ColumnSchema, toBinary(Float64ColumnSchema, col)).data;
  assert.is(back.length, 1);
  assert.ok(Number.isNaN(back[0]));
});

test.run();
