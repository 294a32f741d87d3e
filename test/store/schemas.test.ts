import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tableSchema, tableNames, builtinTable, parseTableDeclaration, StoreError } from '../../src/store/index.js';
import { DataType, SemanticType } from '../../src/types/index.js';

test('lists the 19 PEM tables in reference order', () => {
  assert.equal(tableNames(), [
    'http_events', 'dns_events', 'conn_stats', 'network_stats', 'process_stats', 'mysql_events', 'pgsql_events',
    'redis_events', 'cql_events', 'kafka_events.beta', 'nats_events.beta', 'amqp_events', 'mongodb_events',
    'mux_events', 'jvm_stats', 'stack_traces.beta', 'proc_exit_events', 'stirling_error', 'probe_status',
  ]);
});

test('gives http_events its 22 columns without the debug-only trailing ones', () => {
  const rel = tableSchema('http_events')!;
  assert.is(rel.length, 22);
  assert.equal(rel.map((c) => c.name).slice(0, 3), ['time_', 'upid', 'remote_addr']);
  assert.equal(rel[21], { name: 'latency', type: DataType.INT64, semanticType: SemanticType.ST_DURATION_NS, desc: 'Request-to-response duration in nanoseconds.' });
  assert.is(builtinTable('http_events')!.patternTypes.length, 22);
});

test('answers undefined for a table that is not built in', () => {
  assert.is(tableSchema('nope'), undefined);
});

test('accepts a user table declaration with defaults for semantic type and desc', () => {
  const t = parseTableDeclaration({ name: 'my_events', columns: [{ name: 'time_', type: 'TIME64NS' }, { name: 'v', type: 'FLOAT64', semantic_type: 'ST_PERCENT', desc: 'load' }] }, 'x.json');
  assert.equal(t.relation, [
    { name: 'time_', type: DataType.TIME64NS, semanticType: SemanticType.ST_NONE, desc: '' },
    { name: 'v', type: DataType.FLOAT64, semanticType: SemanticType.ST_PERCENT, desc: 'load' },
  ]);
});

function declErr(v: unknown): { code: string; message: string } {
  try {
    parseTableDeclaration(v, 's.json');
  } catch (e) {
    assert.instance(e, StoreError);
    return { code: (e as StoreError).code, message: (e as StoreError).message };
  }
  throw new Error('expected an error');
}

test('rejects declarations with a bad type, a duplicate column or a non-time time_', () => {
  assert.equal(declErr({ name: 't', columns: [{ name: 'a', type: 'INT32' }] }),
    { code: 'ERR_STORE_BAD_SCHEMA', message: 's.json: columns[0].type must be one of BOOLEAN, INT64, UINT128, FLOAT64, STRING, TIME64NS' });
  assert.equal(declErr({ name: 't', columns: [{ name: 'a', type: 'INT64' }, { name: 'a', type: 'INT64' }] }),
    { code: 'ERR_STORE_BAD_SCHEMA', message: 's.json: columns[1]: duplicate column "a"' });
  assert.equal(declErr({ name: 't', columns: [{ name: 'time_', type: 'INT64' }] }),
    { code: 'ERR_STORE_BAD_SCHEMA', message: 's.json: column "time_" must have type TIME64NS' });
  assert.equal(declErr([]), { code: 'ERR_STORE_BAD_SCHEMA', message: 's.json: expected a JSON object {name, columns}' });
  assert.equal(declErr({ name: '1bad', columns: [] }).message, 's.json: "name" must be a table name (letters, digits, _ and .)');
  assert.equal(declErr({ name: 't', columns: [] }).message, 's.json: "columns" must be a non-empty array');
  assert.equal(declErr({ name: 't', columns: [{ name: 'a', type: 'INT64', semantic_type: 'ST_X' }] }).message, 's.json: columns[0].semantic_type is not a known semantic type');
});

test.run();
