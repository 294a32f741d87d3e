// VizierService as a plain grpc-js service definition: method paths plus protobuf-es
// (de)serializers. Only grpc-js *types* are imported, so a bundle that imports this file
// does not pull the grpc-js runtime in. Used by the server (addService) and by clients
// (makeGenericClientConstructor).

import type {
  MethodDefinition,
  ServiceDefinition,
  UntypedServiceImplementation,
  handleServerStreamingCall,
  handleUnaryCall,
} from '@grpc/grpc-js';
import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  ExecuteScriptRequestSchema,
  ExecuteScriptResponseSchema,
  GenerateOTelScriptRequestSchema,
  GenerateOTelScriptResponseSchema,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  type ExecuteScriptRequest,
  type ExecuteScriptResponse,
  type GenerateOTelScriptRequest,
  type GenerateOTelScriptResponse,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from './px/api/vizierpb/vizierapi_pb.js';
import { ProtoDecodeError } from './decode-error.js';

export const VIZIER_SERVICE_NAME = 'px.api.vizierpb.VizierService';

/** Handlers a server registers for VizierService (camelCase or the proto's PascalCase names both work in grpc-js). */
export interface VizierServiceHandlers extends UntypedServiceImplementation {
  executeScript: handleServerStreamingCall<ExecuteScriptRequest, ExecuteScriptResponse>;
  healthCheck: handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse>;
  generateOTelScript: handleUnaryCall<GenerateOTelScriptRequest, GenerateOTelScriptResponse>;
}

/** Serializes with protobuf-es; the Buffer shares the encoder's memory (no copy). */
export function serializerFor<D extends DescMessage>(schema: D): (value: MessageShape<D>) => Buffer {
  return (value) => {
    const bytes = toBinary(schema, value);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

/** Deserializes untrusted bytes; any parser failure becomes a ProtoDecodeError (an Error, never a crash). */
export function deserializerFor<D extends DescMessage>(schema: D): (bytes: Buffer) => MessageShape<D> {
  return (bytes) => {
    try {
      return fromBinary(schema, bytes);
    } catch (err) {
      throw new ProtoDecodeError(schema.typeName, err instanceof Error ? err.message : 'invalid wire data');
    }
  };
}

function method<I extends DescMessage, O extends DescMessage>(
  name: string,
  input: I,
  output: O,
  responseStream: boolean,
): MethodDefinition<MessageShape<I>, MessageShape<O>> {
  return {
    path: `/${VIZIER_SERVICE_NAME}/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: serializerFor(input),
    requestDeserialize: deserializerFor(input),
    responseSerialize: serializerFor(output),
    responseDeserialize: deserializerFor(output),
    originalName: name,
  };
}

/** The grpc-js definition of VizierService: `server.addService(vizierServiceDefinition, handlers)`. */
export const vizierServiceDefinition = {
  executeScript: method('ExecuteScript', ExecuteScriptRequestSchema, ExecuteScriptResponseSchema, true),
  healthCheck: method('HealthCheck', HealthCheckRequestSchema, HealthCheckResponseSchema, true),
  generateOTelScript: method('GenerateOTelScript', GenerateOTelScriptRequestSchema, GenerateOTelScriptResponseSchema, false),
} as const satisfies ServiceDefinition<VizierServiceHandlers>;
