// Public surface of the wire contract: generated message schemas and types, and the
// grpc-js definition of VizierService.

export * from './px/api/vizierpb/vizierapi_pb.js';
export { ERR_PROTO_DECODE, ProtoDecodeError } from './decode-error.js';
export {
  VIZIER_SERVICE_NAME,
  deserializerFor,
  serializerFor,
  vizierServiceDefinition,
  type VizierServiceHandlers,
} from './vizier-service.js';
