// Table-generating functions (UDTFs): px.GetSchemas(), px.GetAgentStatus(), ... Each has
// literal parameters with defaults and a fixed output relation; the compiler emits a `udtf`
// plan node and the executor produces its rows (src/exec/operators/udtf.ts).

import { DataType as T, SemanticType as S } from '../../types/index.js';
import type { ColumnInfo, DataType, Relation, SemanticType } from '../../types/index.js';
import type { LiteralValue } from '../plan.js';

export interface UdtfParam {
  readonly name: string;
  readonly type: DataType;
  readonly default: LiteralValue;
}

export interface UdtfSpec {
  readonly name: string;
  readonly params: readonly UdtfParam[];
  readonly relation: Relation;
  /** Where Pixie runs it (GetUDTFList's executor column). */
  readonly executor: 'UDTF_ALL_AGENTS' | 'UDTF_ALL_PEM' | 'UDTF_ONE_KELVIN' | 'UDTF_SUBSET_PEM';
}

function c(name: string, type: DataType, semanticType: SemanticType = S.ST_NONE): ColumnInfo {
  return { name, type, semanticType, desc: '' };
}

const funcList: Relation = [c('name', T.STRING), c('return_type', T.STRING), c('args', T.STRING)];

/** The UDTFs the bundled scripts use, by PxL name. */
export const UDTFS: ReadonlyMap<string, UdtfSpec> = new Map<string, UdtfSpec>([
  ['GetAgentStatus', {
    name: 'GetAgentStatus', executor: 'UDTF_ONE_KELVIN',
    params: [{ name: 'include_kelvin', type: T.BOOLEAN, default: true }],
    relation: [
      c('agent_id', T.UINT128, S.ST_AGENT_UID), c('asid', T.INT64, S.ST_ASID), c('hostname', T.STRING),
      c('ip_address', T.STRING, S.ST_IP_ADDRESS), c('agent_state', T.STRING), c('create_time', T.TIME64NS),
      c('last_heartbeat_ns', T.INT64, S.ST_DURATION_NS), c('kernel_headers_installed', T.BOOLEAN),
    ],
  }],
  ['_HeapGrowthStacks', {
    name: '_HeapGrowthStacks', executor: 'UDTF_ALL_AGENTS',
    params: [{ name: 'asid', type: T.INT64, default: -1n }],
    relation: [c('asid', T.INT64, S.ST_ASID), c('heap', T.STRING)],
  }],
  ['GetTracepointStatus', {
    name: 'GetTracepointStatus', executor: 'UDTF_ONE_KELVIN', params: [],
    relation: [c('tracepoint_id', T.UINT128), c('name', T.STRING), c('state', T.STRING), c('status', T.STRING), c('output_tables', T.STRING)],
  }],
  ['GetSchemas', {
    name: 'GetSchemas', executor: 'UDTF_ONE_KELVIN', params: [],
    relation: [c('table_name', T.STRING), c('column_name', T.STRING), c('column_type', T.STRING), c('pattern_type', T.STRING), c('column_desc', T.STRING)],
  }],
  ['GetTables', {
    name: 'GetTables', executor: 'UDTF_ONE_KELVIN', params: [],
    relation: [c('table_name', T.STRING), c('table_desc', T.STRING)],
  }],
  ['GetUDFList', { name: 'GetUDFList', executor: 'UDTF_ONE_KELVIN', params: [], relation: funcList }],
  ['GetUDAList', { name: 'GetUDAList', executor: 'UDTF_ONE_KELVIN', params: [], relation: funcList }],
  ['GetUDTFList', {
    name: 'GetUDTFList', executor: 'UDTF_ONE_KELVIN', params: [],
    relation: [c('name', T.STRING), c('executor', T.STRING), c('init_args', T.STRING), c('output_relation', T.STRING)],
  }],
]);
