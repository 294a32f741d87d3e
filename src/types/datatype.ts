// Value types and semantic types as they appear on the Vizier wire (vizierpb DataType /
// SemanticType). The numeric values are the wire enum numbers, so no mapping is needed
// between the engine, the store and the protobuf layer.

export const DataType = {
  DATA_TYPE_UNKNOWN: 0,
  BOOLEAN: 1,
  INT64: 2,
  UINT128: 3,
  FLOAT64: 4,
  STRING: 5,
  TIME64NS: 6,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

const dataTypeNames = new Map<number, string>(Object.entries(DataType).map(([k, v]) => [v, k]));

/** The wire name of a data type, e.g. `INT64`. */
export function dataTypeName(t: number): string {
  return dataTypeNames.get(t) ?? `DataType(${t})`;
}

/** Parses a wire name (`"INT64"`) into a DataType, or undefined when unknown. */
export function parseDataType(name: string): DataType | undefined {
  const v = (DataType as Record<string, DataType>)[name];
  return v === undefined || v === DataType.DATA_TYPE_UNKNOWN ? undefined : v;
}

export const SemanticType = {
  ST_UNSPECIFIED: 0,
  ST_NONE: 1,
  ST_TIME_NS: 2,
  ST_AGENT_UID: 100,
  ST_ASID: 101,
  ST_UPID: 200,
  ST_SERVICE_NAME: 300,
  ST_POD_NAME: 400,
  ST_POD_PHASE: 401,
  ST_POD_STATUS: 402,
  ST_NODE_NAME: 500,
  ST_CONTAINER_NAME: 600,
  ST_CONTAINER_STATE: 601,
  ST_CONTAINER_STATUS: 602,
  ST_NAMESPACE_NAME: 700,
  ST_BYTES: 800,
  ST_PERCENT: 900,
  ST_DURATION_NS: 901,
  ST_THROUGHPUT_PER_NS: 902,
  ST_THROUGHPUT_BYTES_PER_NS: 903,
  ST_QUANTILES: 1000,
  ST_DURATION_NS_QUANTILES: 1001,
  ST_IP_ADDRESS: 1100,
  ST_PORT: 1200,
  ST_HTTP_REQ_METHOD: 1300,
  ST_HTTP_RESP_STATUS: 1400,
  ST_HTTP_RESP_MESSAGE: 1500,
  ST_SCRIPT_REFERENCE: 3000,
} as const;
export type SemanticType = (typeof SemanticType)[keyof typeof SemanticType];

const semanticTypeNames = new Map<number, string>(Object.entries(SemanticType).map(([k, v]) => [v, k]));

/** The wire name of a semantic type, e.g. `ST_DURATION_NS`. */
export function semanticTypeName(t: number): string {
  return semanticTypeNames.get(t) ?? `SemanticType(${t})`;
}

/** Parses a wire name (`"ST_BYTES"`) into a SemanticType, or undefined when unknown. */
export function parseSemanticType(name: string): SemanticType | undefined {
  return (SemanticType as Record<string, SemanticType>)[name];
}
