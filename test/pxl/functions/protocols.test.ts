import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataType as T } from '../../../src/types/index.js';
import { c, col, k } from '../../exec/fixtures.js';
import { run } from './helpers.js';

test('names Kafka API keys, and unknown keys by number', () => {
  assert.equal(run('kafka_api_key_name', [T.INT64], [c(col.int([0n, 1n, 11n, 14n, 18n, 999n, -1n]))], 7),
    ['Produce', 'Fetch', 'JoinGroup', 'SyncGroup', 'ApiVersions', '999', '-1']);
});

test('names CQL opcodes', () => {
  assert.equal(run('cql_opcode_name', [T.INT64], [c(col.int([0n, 7n, 10n, 16n, 4n]))], 5), ['Error', 'Query', 'Execute', 'AuthSuccess', '4']);
});

test('names AMQP frame types and methods', () => {
  assert.equal(run('amqp_frame_type_name', [T.INT64], [c(col.int([1n, 2n, 3n, 8n, 9n]))], 5),
    ['Frame method', 'Content Header', 'Content Body', 'Heartbeat', '9']);
  assert.equal(run('amqp_method_name', [T.INT64, T.INT64], [c(col.int([60n, 60n, 10n, 60n, 7n])), c(col.int([40n, 60n, 10n, 999n, 10n]))], 5),
    ['BasicPublish', 'BasicDeliver', 'ConnectionStart', '', '']);
});

test('names Mux message types', () => {
  assert.equal(run('mux_frame_type_name', [T.INT64], [c(col.int([1n, -1n, 2n, -128n, 65n, 5n]))], 6), ['Treq', 'Rreq', 'Tdispatch', 'Rerr', 'Tping', '']);
  assert.equal(run('mux_frame_type_name', [T.INT64], [k(T.INT64, 68n)], 1), ['Tinit']);
});

test.run();
