// Protocol enum-name UDFs: kafka_api_key_name, cql_opcode_name, amqp_frame_type_name,
// amqp_method_name, mux_frame_type_name. Names are the protocols' public enum names (Kafka
// API keys, CQL v4 opcodes, AMQP 0-9-1 class/method ids, Finagle Mux message types).

import { DataType as T } from '../../types/index.js';
import type { ScalarOverload } from './registry.js';
import { bigintArg, defineScalar, mapStrings, none } from './kernel.js';

const KAFKA_API_KEYS = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'LeaderAndIsr', 'StopReplica', 'UpdateMetadata',
  'ControlledShutdown', 'OffsetCommit', 'OffsetFetch', 'FindCoordinator', 'JoinGroup', 'Heartbeat',
  'LeaveGroup', 'SyncGroup', 'DescribeGroups', 'ListGroups', 'SaslHandshake', 'ApiVersions',
  'CreateTopics', 'DeleteTopics', 'DeleteRecords', 'InitProducerId', 'OffsetForLeaderEpoch',
  'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'WriteTxnMarkers', 'TxnOffsetCommit',
  'DescribeAcls', 'CreateAcls', 'DeleteAcls', 'DescribeConfigs', 'AlterConfigs',
  'AlterReplicaLogDirs', 'DescribeLogDirs', 'SaslAuthenticate', 'CreatePartitions',
  'CreateDelegationToken', 'RenewDelegationToken', 'ExpireDelegationToken',
  'DescribeDelegationToken', 'DeleteGroups', 'ElectLeaders', 'IncrementalAlterConfigs',
  'AlterPartitionReassignments', 'ListPartitionReassignments', 'OffsetDelete',
];

const CQL_OPCODES = new Map<number, string>([
  [0x00, 'Error'], [0x01, 'Startup'], [0x02, 'Ready'], [0x03, 'Authenticate'], [0x05, 'Options'],
  [0x06, 'Supported'], [0x07, 'Query'], [0x08, 'Result'], [0x09, 'Prepare'], [0x0a, 'Execute'],
  [0x0b, 'Register'], [0x0c, 'Event'], [0x0d, 'Batch'], [0x0e, 'AuthChallenge'],
  [0x0f, 'AuthResponse'], [0x10, 'AuthSuccess'],
]);

const AMQP_FRAME_TYPES = new Map<number, string>([[1, 'Frame method'], [2, 'Content Header'], [3, 'Content Body'], [8, 'Heartbeat']]);

/** AMQP 0-9-1: class id → [class name, method id → method name]. */
const AMQP_METHODS = new Map<number, [string, Map<number, string>]>([
  [10, ['Connection', new Map([[10, 'Start'], [11, 'StartOk'], [20, 'Secure'], [21, 'SecureOk'], [30, 'Tune'], [31, 'TuneOk'], [40, 'Open'], [41, 'OpenOk'], [50, 'Close'], [51, 'CloseOk']])]],
  [20, ['Channel', new Map([[10, 'Open'], [11, 'OpenOk'], [20, 'Flow'], [21, 'FlowOk'], [40, 'Close'], [41, 'CloseOk']])]],
  [40, ['Exchange', new Map([[10, 'Declare'], [11, 'DeclareOk'], [20, 'Delete'], [21, 'DeleteOk']])]],
  [50, ['Queue', new Map([[10, 'Declare'], [11, 'DeclareOk'], [20, 'Bind'], [21, 'BindOk'], [30, 'Purge'], [31, 'PurgeOk'], [40, 'Delete'], [41, 'DeleteOk'], [50, 'Unbind'], [51, 'UnbindOk']])]],
  [60, ['Basic', new Map([[10, 'Qos'], [11, 'QosOk'], [20, 'Consume'], [21, 'ConsumeOk'], [30, 'Cancel'], [31, 'CancelOk'], [40, 'Publish'], [50, 'Return'], [60, 'Deliver'], [70, 'Get'], [71, 'GetOk'], [72, 'GetEmpty'], [80, 'Ack'], [90, 'Reject'], [100, 'RecoverAsync'], [110, 'Recover'], [111, 'RecoverOk'], [120, 'Nack']])]],
  [85, ['Confirm', new Map([[10, 'Select'], [11, 'SelectOk']])]],
  [90, ['Tx', new Map([[10, 'Select'], [11, 'SelectOk'], [20, 'Commit'], [21, 'CommitOk'], [30, 'Rollback'], [31, 'RollbackOk']])]],
]);

const MUX_TYPES = new Map<number, string>([
  [1, 'Treq'], [-1, 'Rreq'], [2, 'Tdispatch'], [-2, 'Rdispatch'], [64, 'Tdrain'], [-64, 'Rdrain'],
  [65, 'Tping'], [-65, 'Rping'], [66, 'Tdiscarded'], [-66, 'Rdiscarded'], [67, 'Tlease'],
  [68, 'Tinit'], [-68, 'Rinit'], [-128, 'Rerr'], [127, 'RerrOld'], [-62, 'TdiscardedOld'],
]);

/** Kafka API name for an API key; unknown keys come back as their number. */
export function kafkaApiKeyName(k: bigint): string {
  return (k >= 0n && k < BigInt(KAFKA_API_KEYS.length) ? KAFKA_API_KEYS[Number(k)] : undefined) ?? String(k);
}

/** CQL opcode name; unknown opcodes come back as their number. */
export function cqlOpcodeName(k: bigint): string {
  return CQL_OPCODES.get(Number(k)) ?? String(k);
}

/** AMQP frame type name; others come back as their number. */
export function amqpFrameTypeName(k: bigint): string {
  return AMQP_FRAME_TYPES.get(Number(k)) ?? String(k);
}

/** AMQP method name as class + method ("BasicPublish"); "" when unknown. */
export function amqpMethodName(classId: bigint, methodId: bigint): string {
  const c = AMQP_METHODS.get(Number(classId));
  const m = c?.[1].get(Number(methodId));
  return c === undefined || m === undefined ? '' : `${c[0]}${m}`;
}

/** Mux message type name; "" when unknown. */
export function muxFrameTypeName(k: bigint): string {
  return MUX_TYPES.get(Number(k)) ?? '';
}

function intToString(name: string, f: (k: bigint) => string): ScalarOverload {
  return defineScalar(name, [T.INT64], T.STRING, none, (args, n) => {
    const k = bigintArg(args[0]!);
    return mapStrings(n, (i) => f(k(i)));
  });
}

/** The protocol name UDFs. */
export function protocolFunctions(): ScalarOverload[] {
  return [
    intToString('kafka_api_key_name', kafkaApiKeyName),
    intToString('cql_opcode_name', cqlOpcodeName),
    intToString('amqp_frame_type_name', amqpFrameTypeName),
    intToString('mux_frame_type_name', muxFrameTypeName),
    defineScalar('amqp_method_name', [T.INT64, T.INT64], T.STRING, none, (args, n) => {
      const c = bigintArg(args[0]!), m = bigintArg(args[1]!);
      return mapStrings(n, (i) => amqpMethodName(c(i), m(i)));
    }),
  ];
}
