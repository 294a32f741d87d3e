// What a peer is told. Refusals are fixed texts: the precise reason is logged, never sent.

import { status } from '@grpc/grpc-js';

export const UNAUTHENTICATED_MESSAGE = 'direct query: authentication failed';
export const READ_ONLY_MESSAGE = 'direct query is read-only: mutations are not accepted';
export const NO_DATA_PLANE_MESSAGE = 'direct query: this agent has no data plane to query';
export const OTEL_UNSUPPORTED_MESSAGE = 'direct query does not generate OpenTelemetry scripts';
export const INTERNAL_MESSAGE = 'direct query: internal error';
export const CONSUMER_IDLE_MESSAGE = 'direct query: the client stopped reading the stream';

export interface WireStatus {
  readonly code: status;
  readonly details: string;
}

export const UNAUTHENTICATED: WireStatus = { code: status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE };
export const READ_ONLY: WireStatus = { code: status.UNIMPLEMENTED, details: READ_ONLY_MESSAGE };
export const NO_DATA_PLANE: WireStatus = { code: status.UNAVAILABLE, details: NO_DATA_PLANE_MESSAGE };
export const OTEL_UNSUPPORTED: WireStatus = { code: status.UNIMPLEMENTED, details: OTEL_UNSUPPORTED_MESSAGE };
export const INTERNAL: WireStatus = { code: status.INTERNAL, details: INTERNAL_MESSAGE };
export const CONSUMER_IDLE: WireStatus = { code: status.DEADLINE_EXCEEDED, details: CONSUMER_IDLE_MESSAGE };
