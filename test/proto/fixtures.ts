// Populated instances of every message of the Vizier contract, keyed by type name. Some
// types have several instances so that, taken together, every field and every member of
// every oneof is set at least once (the round-trip test checks this).

import { create, type Message } from '@bufbuild/protobuf';
import * as pb from '../../src/proto/index.js';

const P = 'px.api.vizierpb.';

const uint128 = create(pb.UInt128Schema, { low: 0xffff_ffff_ffff_ffffn, high: 1n << 63n });
const status = create(pb.StatusSchema, {
  code: 3,
  message: 'Compilation failed',
  errorDetails: [
    { error: { case: 'compilerError', value: { line: 2n, column: 7n, message: "unknown column 'lat'" } } },
  ],
});
const relation = create(pb.RelationSchema, {
  columns: [
    { columnName: 'time_', columnType: pb.DataType.TIME64NS, columnDesc: 'event time', columnSemanticType: pb.SemanticType.ST_TIME_NS },
    { columnName: 'upid', columnType: pb.DataType.UINT128, columnDesc: '', columnSemanticType: pb.SemanticType.ST_UPID },
  ],
});
const columns = {
  boolean: create(pb.BooleanColumnSchema, { data: [true, false, true] }),
  int64: create(pb.Int64ColumnSchema, { data: [0n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n] }),
  uint128: create(pb.UInt128ColumnSchema, { data: [uint128, { low: 1n, high: 0n }] }),
  float64: create(pb.Float64ColumnSchema, { data: [0.5, -0, Number.MAX_VALUE, Number.NEGATIVE_INFINITY] }),
  time64ns: create(pb.Time64NSColumnSchema, { data: [1_700_000_000_123_456_789n] }),
  string: create(pb.StringColumnSchema, { data: [new Uint8Array([0xff, 0xfe]), new TextEncoder().encode('GET /healthz'), new Uint8Array()] }),
};
const rowBatch = create(pb.RowBatchDataSchema, {
  tableId: 'table-1',
  cols: [
    { colData: { case: 'time64nsData', value: columns.time64ns } },
    { colData: { case: 'stringData', value: { data: [new Uint8Array([0x61])] } } },
  ],
  numRows: 1n,
  eow: true,
  eos: true,
});
const stats = create(pb.QueryExecutionStatsSchema, {
  timing: { executionTimeNs: 1_234_567n, compilationTimeNs: 89_000n },
  bytesProcessed: 4096n,
  recordsProcessed: 12n,
});
const argValue = create(pb.ExecuteScriptRequest_FuncToExecute_ArgValueSchema, { name: 'start_time', value: '-5m' });
const funcToExecute = create(pb.ExecuteScriptRequest_FuncToExecuteSchema, {
  funcName: 'http_data',
  argValues: [argValue],
  outputTablePrefix: 'out',
});
const encryption = create(pb.ExecuteScriptRequest_EncryptionOptionsSchema, {
  jwkKey: '{"kty":"RSA"}',
  keyAlg: 'RSA-OAEP-256',
  contentAlg: 'A256GCM',
  compressionAlg: 'DEF',
});
const otel = create(pb.Configs_OTelEndpointConfigSchema, {
  url: 'otel-collector:4317',
  headers: { 'x-tenant': 'a', 'x-empty': '' },
  insecure: true,
  timeout: 5n,
});
const plugin = create(pb.Configs_PluginConfigSchema, { startTimeNs: 1n, endTimeNs: 2n });
const metadata = create(pb.QueryMetadataSchema, { relation, name: 'output', id: 'table-1' });
const queryData = create(pb.QueryDataSchema, { batch: rowBatch, encryptedBatch: new Uint8Array([1, 2, 3]), executionStats: stats });
const mutationState = create(pb.MutationInfo_MutationStateSchema, { id: 'tp-1', state: pb.LifeCycleState.FAILED_STATE, name: 'probe' });

export const fixtures: ReadonlyMap<string, readonly Message[]> = new Map<string, Message[]>([
  [P + 'UInt128', [uint128]],
  [P + 'BooleanColumn', [columns.boolean]],
  [P + 'Int64Column', [columns.int64]],
  [P + 'UInt128Column', [columns.uint128]],
  [P + 'Float64Column', [columns.float64]],
  [P + 'Time64NSColumn', [columns.time64ns]],
  [P + 'StringColumn', [columns.string]],
  [
    P + 'Column',
    [
      create(pb.ColumnSchema, { colData: { case: 'booleanData', value: columns.boolean } }),
      create(pb.ColumnSchema, { colData: { case: 'int64Data', value: columns.int64 } }),
      create(pb.ColumnSchema, { colData: { case: 'uint128Data', value: columns.uint128 } }),
      create(pb.ColumnSchema, { colData: { case: 'time64nsData', value: columns.time64ns } }),
      create(pb.ColumnSchema, { colData: { case: 'float64Data', value: columns.float64 } }),
      create(pb.ColumnSchema, { colData: { case: 'stringData', value: columns.string } }),
    ],
  ],
  [P + 'RowBatchData', [rowBatch]],
  [P + 'Relation', [relation]],
  [P + 'Relation.ColumnInfo', [relation.columns[0]!]],
  [P + 'CompilerError', [create(pb.CompilerErrorSchema, { line: 1n, column: 18_446_744_073_709_551_615n, message: 'x' })]],
  [P + 'ErrorDetails', [status.errorDetails[0]!]],
  [P + 'Status', [status]],
  [
    P + 'ScalarValue',
    [
      create(pb.ScalarValueSchema, { dataType: pb.DataType.BOOLEAN, value: { case: 'boolValue', value: true } }),
      create(pb.ScalarValueSchema, { dataType: pb.DataType.INT64, value: { case: 'int64Value', value: -42n } }),
      create(pb.ScalarValueSchema, { dataType: pb.DataType.FLOAT64, value: { case: 'float64Value', value: 2.5 } }),
      create(pb.ScalarValueSchema, { dataType: pb.DataType.STRING, value: { case: 'stringValue', value: 'héllo' } }),
      create(pb.ScalarValueSchema, { dataType: pb.DataType.TIME64NS, value: { case: 'time64NsValue', value: 1_700_000_000_000_000_001n } }),
      create(pb.ScalarValueSchema, { dataType: pb.DataType.UINT128, value: { case: 'uint128Value', value: uint128 } }),
    ],
  ],
  [
    P + 'ExecuteScriptRequest',
    [
      create(pb.ExecuteScriptRequestSchema, {
        queryStr: "import px\npx.display(px.DataFrame('http_events'))",
        clusterId: 'c-1',
        execFuncs: [funcToExecute],
        mutation: true,
        encryptionOptions: encryption,
        queryId: 'q-1',
        configs: { otelEndpointConfig: otel, pluginConfig: plugin },
        queryName: 'px/http_data',
      }),
    ],
  ],
  [P + 'ExecuteScriptRequest.FuncToExecute', [funcToExecute]],
  [P + 'ExecuteScriptRequest.FuncToExecute.ArgValue', [argValue]],
  [P + 'ExecuteScriptRequest.EncryptionOptions', [encryption]],
  [P + 'Configs', [create(pb.ConfigsSchema, { otelEndpointConfig: otel, pluginConfig: plugin })]],
  [P + 'Configs.OTelEndpointConfig', [otel]],
  [P + 'Configs.PluginConfig', [plugin]],
  [P + 'QueryTimingInfo', [stats.timing!]],
  [P + 'QueryExecutionStats', [stats]],
  [P + 'QueryMetadata', [metadata]],
  [P + 'QueryData', [queryData]],
  [
    P + 'ExecuteScriptResponse',
    [
      create(pb.ExecuteScriptResponseSchema, { status, queryId: 'q-1', result: { case: 'metaData', value: metadata } }),
      create(pb.ExecuteScriptResponseSchema, {
        queryId: 'q-1',
        result: { case: 'data', value: queryData },
        mutationInfo: { status, states: [mutationState] },
      }),
    ],
  ],
  [P + 'MutationInfo', [create(pb.MutationInfoSchema, { status, states: [mutationState] })]],
  [P + 'MutationInfo.MutationState', [mutationState]],
  [P + 'HealthCheckRequest', [create(pb.HealthCheckRequestSchema, { clusterId: 'c-1' })]],
  [P + 'HealthCheckResponse', [create(pb.HealthCheckResponseSchema, { status })]],
  [P + 'GenerateOTelScriptRequest', [create(pb.GenerateOTelScriptRequestSchema, { clusterId: 'c-1', pxlScript: 'import px' })]],
  [P + 'GenerateOTelScriptResponse', [create(pb.GenerateOTelScriptResponseSchema, { status, otelScript: 'import px.otel' })]],
]);
