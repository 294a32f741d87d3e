// The generated descriptors, read back field by field, must match the reference table of
// the Vizier wire contract (shared/reference/vizierpb-wire.md), typed out again here by
// hand: a slip in the .proto (a number, a type, a missing field) fails this test.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { nestedTypes } from '@bufbuild/protobuf/reflect';
import { file_px_api_vizierpb_vizierapi as file, VizierService } from '../../src/proto/index.js';

const PKG = 'px.api.vizierpb.';

const expectedMessages: Record<string, string[]> = {
  UInt128: ['1 uint64 low', '2 uint64 high'],
  BooleanColumn: ['1 repeated bool data'],
  Int64Column: ['1 repeated int64 data'],
  UInt128Column: ['1 repeated UInt128 data'],
  Float64Column: ['1 repeated double data'],
  Time64NSColumn: ['1 repeated int64 data'],
  StringColumn: ['1 repeated bytes data'],
  Column: [
    '1 oneof col_data BooleanColumn boolean_data',
    '2 oneof col_data Int64Column int64_data',
    '3 oneof col_data UInt128Column uint128_data',
    '4 oneof col_data Time64NSColumn time64ns_data',
    '5 oneof col_data Float64Column float64_data',
    '6 oneof col_data StringColumn string_data',
  ],
  RowBatchData: ['5 string table_id', '1 repeated Column cols', '2 int64 num_rows', '3 bool eow', '4 bool eos'],
  Relation: ['1 repeated Relation.ColumnInfo columns'],
  'Relation.ColumnInfo': ['1 string column_name', '2 DataType column_type', '3 string column_desc', '4 SemanticType column_semantic_type'],
  CompilerError: ['1 uint64 line', '2 uint64 column', '3 string message'],
  ErrorDetails: ['1 oneof error CompilerError compiler_error'],
  Status: ['1 int32 code', '2 string message', '4 repeated ErrorDetails error_details'],
  ScalarValue: [
    '1 DataType data_type',
    '2 oneof value bool bool_value',
    '3 oneof value int64 int64_value',
    '4 oneof value double float64_value',
    '5 oneof value string string_value',
    '6 oneof value int64 time64_ns_value',
    '7 oneof value UInt128 uint128_value',
  ],
  ExecuteScriptRequest: [
    '1 string query_str',
    '3 string cluster_id',
    '4 repeated ExecuteScriptRequest.FuncToExecute exec_funcs',
    '5 bool mutation',
    '6 ExecuteScriptRequest.EncryptionOptions encryption_options',
    '7 string query_id',
    '9 Configs configs',
    '10 string query_name',
  ],
  'ExecuteScriptRequest.FuncToExecute': [
    '1 string func_name',
    '2 repeated ExecuteScriptRequest.FuncToExecute.ArgValue arg_values',
    '3 string output_table_prefix',
  ],
  'ExecuteScriptRequest.FuncToExecute.ArgValue': ['1 string name', '2 string value'],
  'ExecuteScriptRequest.EncryptionOptions': ['1 string jwk_key', '2 string key_alg', '3 string content_alg', '4 string compression_alg'],
  Configs: ['1 Configs.OTelEndpointConfig otel_endpoint_config', '2 Configs.PluginConfig plugin_config'],
  'Configs.OTelEndpointConfig': ['1 string url', '2 map<string,string> headers', '3 bool insecure', '4 int64 timeout'],
  'Configs.PluginConfig': ['1 int64 start_time_ns', '2 int64 end_time_ns'],
  QueryTimingInfo: ['1 int64 execution_time_ns', '2 int64 compilation_time_ns'],
  QueryExecutionStats: ['1 QueryTimingInfo timing', '2 int64 bytes_processed', '3 int64 records_processed'],
  QueryMetadata: ['1 Relation relation', '2 string name', '3 string id'],
  QueryData: ['1 RowBatchData batch', '3 bytes encrypted_batch', '2 QueryExecutionStats execution_stats'],
  ExecuteScriptResponse: [
    '1 Status status',
    '2 string query_id',
    '3 oneof result QueryData data',
    '4 oneof result QueryMetadata meta_data',
    '5 MutationInfo mutation_info',
  ],
  MutationInfo: ['1 Status status', '2 repeated MutationInfo.MutationState states'],
  'MutationInfo.MutationState': ['1 string id', '2 LifeCycleState state', '3 string name'],
  HealthCheckRequest: ['1 string cluster_id'],
  HealthCheckResponse: ['1 Status status'],
  GenerateOTelScriptRequest: ['1 string cluster_id', '2 string pxl_script'],
  GenerateOTelScriptResponse: ['1 Status status', '2 string otel_script'],
};

const expectedEnums: Record<string, string[]> = {
  DataType: ['DATA_TYPE_UNKNOWN=0', 'BOOLEAN=1', 'INT64=2', 'UINT128=3', 'FLOAT64=4', 'STRING=5', 'TIME64NS=6'],
  SemanticType: [
    'ST_UNSPECIFIED=0', 'ST_NONE=1', 'ST_TIME_NS=2', 'ST_AGENT_UID=100', 'ST_ASID=101', 'ST_UPID=200',
    'ST_SERVICE_NAME=300', 'ST_POD_NAME=400', 'ST_POD_PHASE=401', 'ST_POD_STATUS=402', 'ST_NODE_NAME=500',
    'ST_CONTAINER_NAME=600', 'ST_CONTAINER_STATE=601', 'ST_CONTAINER_STATUS=602', 'ST_NAMESPACE_NAME=700',
    'ST_BYTES=800', 'ST_PERCENT=900', 'ST_DURATION_NS=901', 'ST_THROUGHPUT_PER_NS=902',
    'ST_THROUGHPUT_BYTES_PER_NS=903', 'ST_QUANTILES=1000', 'ST_DURATION_NS_QUANTILES=1001',
    'ST_IP_ADDRESS=1100', 'ST_PORT=1200', 'ST_HTTP_REQ_METHOD=1300', 'ST_HTTP_RESP_STATUS=1400',
    'ST_HTTP_RESP_MESSAGE=1500', 'ST_SCRIPT_REFERENCE=3000',
  ],
  LifeCycleState: ['UNKNOWN_STATE=0', 'PENDING_STATE=1', 'RUNNING_STATE=2', 'FAILED_STATE=3', 'TERMINATED_STATE=4'],
};

const local = (typeName: string): string => typeName.slice(PKG.length);
const scalar = (t: ScalarType): string => ScalarType[t].toLowerCase();

function typeOf(f: DescField): string {
  switch (f.fieldKind) {
    case 'scalar':
      return scalar(f.scalar);
    case 'enum':
      return local(f.enum.typeName);
    case 'message':
      return local(f.message.typeName);
    case 'list':
      if (f.listKind === 'scalar') return `repeated ${scalar(f.scalar)}`;
      return `repeated ${local(f.listKind === 'enum' ? f.enum.typeName : f.message.typeName)}`;
    case 'map':
      return `map<${scalar(f.mapKey)},${f.mapKind === 'scalar' ? scalar(f.scalar) : '?'}>`;
  }
}

function row(f: DescField): string {
  const oneof = f.oneof ? `oneof ${f.oneof.name} ` : '';
  return `${f.number} ${oneof}${typeOf(f)} ${f.name}`;
}

const messages = [...nestedTypes(file)].filter((t): t is DescMessage => t.kind === 'message');

test('the file is proto3 in package px.api.vizierpb', () => {
  assert.is(file.proto.package, 'px.api.vizierpb');
  assert.is(file.proto.syntax, 'proto3');
  assert.is(file.proto.dependency.length, 0);
});

test('every message has exactly the fields of the reference table, in declaration order', () => {
  const actual = Object.fromEntries(messages.map((m) => [local(m.typeName), m.fields.map(row)]));
  assert.equal(actual, expectedMessages);
});

test('repeated scalar fields are packed', () => {
  const unpacked = messages.flatMap((m) =>
    m.fields.filter((f) => f.fieldKind === 'list' && f.listKind !== 'message' && f.scalar !== ScalarType.BYTES && !f.packed).map(row),
  );
  assert.equal(unpacked, []);
});

test('Status reserves field 3 and ExecuteScriptRequest reserves field 2', () => {
  const reserved = (name: string) =>
    messages.find((m) => m.typeName === PKG + name)!.proto.reservedRange.map((r) => [r.start, r.end]);
  assert.equal(reserved('Status'), [[3, 4]]);
  assert.equal(reserved('ExecuteScriptRequest'), [[2, 3]]);
});

test('every enum has exactly the values of the reference table', () => {
  const actual = Object.fromEntries(file.enums.map((e) => [e.name, e.values.map((v) => `${v.name}=${v.number}`)]));
  assert.equal(actual, expectedEnums);
});

test('VizierService has ExecuteScript and HealthCheck streaming and GenerateOTelScript unary', () => {
  assert.is(VizierService.typeName, 'px.api.vizierpb.VizierService');
  assert.equal(
    VizierService.methods.map((m) => `${m.name} ${m.methodKind} ${local(m.input.typeName)} -> ${local(m.output.typeName)}`),
    [
      'ExecuteScript server_streaming ExecuteScriptRequest -> ExecuteScriptResponse',
      'HealthCheck server_streaming HealthCheckRequest -> HealthCheckResponse',
      'GenerateOTelScript unary GenerateOTelScriptRequest -> GenerateOTelScriptResponse',
    ],
  );
});

test.run();
