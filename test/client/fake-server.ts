// A scripted VizierService on 127.0.0.1 for client tests: each ExecuteScript call answers
// with the responses the test provides and records the request and its metadata.

import { Server, ServerCredentials, status, type Metadata, type ServerWritableStream } from '@grpc/grpc-js';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ExecuteScriptResponseSchema,
  HealthCheckResponseSchema,
  vizierServiceDefinition,
  type ExecuteScriptRequest,
  type ExecuteScriptResponse,
} from '../../src/proto/index.js';

export type Script = Array<MessageInitShape<typeof ExecuteScriptResponseSchema> | { end: { code: number; details: string } }>;

export interface FakeServer {
  port: number;
  requests: Array<{ req: ExecuteScriptRequest; md: Metadata }>;
  cancelled: number;
  stop(): Promise<void>;
}

export async function startFakeServer(answer: (req: ExecuteScriptRequest) => Script): Promise<FakeServer> {
  const server = new Server();
  const state: FakeServer = { port: 0, requests: [], cancelled: 0, stop: async () => {} };
  server.addService(vizierServiceDefinition, {
    executeScript(call: ServerWritableStream<ExecuteScriptRequest, ExecuteScriptResponse>) {
      state.requests.push({ req: call.request, md: call.metadata });
      call.on('cancelled', () => state.cancelled++);
      for (const step of answer(call.request)) {
        if ('end' in step) {
          call.emit('error', { code: step.end.code, details: step.end.details });
          return;
        }
        call.write(create(ExecuteScriptResponseSchema, step));
      }
      call.end();
    },
    healthCheck(call: ServerWritableStream<unknown, unknown>) {
      call.write(create(HealthCheckResponseSchema, { status: { code: 0 } }));
    },
    generateOTelScript(_call: unknown, cb: (err: { code: number; details: string }) => void) {
      cb({ code: status.UNIMPLEMENTED, details: 'no' });
    },
  });
  state.port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
  );
  state.stop = () => new Promise((res) => server.tryShutdown(() => res()));
  return state;
}
