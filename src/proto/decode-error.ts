// Decode failures of untrusted wire bytes. grpc-js turns a throwing deserializer into an
// INTERNAL status (server) or a cancelled call (client); the message names the message
// type and the parser's reason, never the bytes themselves.

export const ERR_PROTO_DECODE = 'ERR_PROTO_DECODE';

export class ProtoDecodeError extends Error {
  readonly code = ERR_PROTO_DECODE;
  /** Fully qualified protobuf message name that failed to decode. */
  readonly typeName: string;

  constructor(typeName: string, reason: string) {
    super(`cannot decode ${typeName}: ${reason}`);
    this.name = 'ProtoDecodeError';
    this.typeName = typeName;
  }
}
