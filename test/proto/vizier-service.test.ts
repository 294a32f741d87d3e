import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Server,
  ServerCredentials,
  credentials,
  makeGenericClientConstructor,
  status as grpcStatus,
  type ServiceError,
} from '@grpc/grpc-js';
import { build } from 'esbuild';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  ERR_PROTO_DECODE,
  ExecuteScriptRequestSchema,
  ExecuteScriptResponseSchema,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  ProtoDecodeError,
  vizierServiceDefinition as def,
  type ExecuteScriptRequest,
  type ExecuteScriptResponse,
  type HealthCheckResponse,
  type VizierServiceHandlers,
} from '../../src/proto/index.js';

test('methods carry the px.api.vizierpb.VizierService paths and streaming kinds', () => {
  assert.equal(
    Object.entries(def).map(([k, m]) => [k, m.path, m.originalName, m.requestStream, m.responseStream]),
    [
      ['executeScript', '/px.api.vizierpb.VizierService/ExecuteScript', 'ExecuteScript', false, true],
      ['healthCheck', '/px.api.vizierpb.VizierService/HealthCheck', 'HealthCheck', false, true],
      ['generateOTelScript', '/px.api.vizierpb.VizierService/GenerateOTelScript', 'GenerateOTelScript', false, false],
    ],
  );
});

test('serializers produce the protobuf-es bytes and deserializers read them back', () => {
  const req = create(ExecuteScriptRequestSchema, { queryStr: 'import px', mutation: true });
  const buf = def.executeScript.requestSerialize(req);
  assert.ok(Buffer.isBuffer(buf));
  assert.equal(new Uint8Array(buf), toBinary(ExecuteScriptRequestSchema, req));
  const back = def.executeScript.requestDeserialize(buf);
  assert.is(back.queryStr, 'import px');
  assert.is(back.mutation, true);
  const resp = create(ExecuteScriptResponseSchema, { queryId: 'q' });
  assert.is(def.executeScript.responseDeserialize(def.executeScript.responseSerialize(resp)).queryId, 'q');
});

test('a truncated request throws ProtoDecodeError naming the type, not the bytes', () => {
  // Field 1 (query_str) claims 5 bytes but only 1 follows.
  const garbage = Buffer.from([0x0a, 0x05, 0x41]);
  try {
    def.executeScript.requestDeserialize(garbage);
    assert.unreachable('decoding should have failed');
  } catch (err) {
    assert.instance(err, ProtoDecodeError);
    const e = err as ProtoDecodeError;
    assert.is(e.code, ERR_PROTO_DECODE);
    assert.is(e.typeName, 'px.api.vizierpb.ExecuteScriptRequest');
    assert.match(e.message, /^cannot decode px\.api\.vizierpb\.ExecuteScriptRequest: .+/);
  }
});

test('an invalid wire type in a response throws ProtoDecodeError', () => {
  // Tag 0x0f = field 1, wire type 7, which does not exist.
  assert.throws(() => def.healthCheck.responseDeserialize(Buffer.from([0x0f, 0x00])), (err: unknown) => err instanceof ProtoDecodeError);
});

test('importing the definition pulls in no grpc-js runtime code', async () => {
  const out = await build({
    entryPoints: ['src/proto/index.ts'],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  assert.equal(inputs.filter((p) => p.includes('@grpc/')), []);
  assert.ok(inputs.some((p) => p.includes('@bufbuild/protobuf')));
});

// A real grpc-js server on an ephemeral loopback port, with our definition.
async function withServer(run: (port: number) => Promise<void>): Promise<void> {
  const seen: ExecuteScriptRequest[] = [];
  const handlers: VizierServiceHandlers = {
    executeScript(call) {
      seen.push(call.request);
      call.write(create(ExecuteScriptResponseSchema, { queryId: `echo:${call.request.queryStr}` }));
      call.end();
    },
    healthCheck(call) {
      call.write(create(HealthCheckResponseSchema, { status: { code: 0 } }));
      call.end();
    },
    generateOTelScript(_call, callback) {
      callback({ code: grpcStatus.UNIMPLEMENTED, details: 'not here' });
    },
  };
  const server = new Server();
  server.addService(def, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  try {
    await run(port);
  } finally {
    server.forceShutdown();
  }
}

function collect<T>(stream: NodeJS.ReadableStream): Promise<{ items: T[]; error?: ServiceError }> {
  return new Promise((resolve) => {
    const items: T[] = [];
    stream.on('data', (d: T) => items.push(d));
    stream.on('error', (error: ServiceError) => resolve({ items, error }));
    stream.on('end', () => resolve({ items }));
  });
}

const Client = makeGenericClientConstructor(def, 'VizierService');

test('a generic client and a grpc-js server talk through the definition', async () => {
  await withServer(async (port) => {
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      const exec = await collect<ExecuteScriptResponse>(
        client['executeScript']!(create(ExecuteScriptRequestSchema, { queryStr: 'px' })),
      );
      assert.is(exec.error, undefined);
      assert.equal(exec.items.map((r) => r.queryId), ['echo:px']);
      // The PascalCase alias exists too, as generated clients expose both.
      const health = await collect<HealthCheckResponse>(
        client['HealthCheck']!(create(HealthCheckRequestSchema, { clusterId: 'c' })),
      );
      assert.equal(health.items.map((r) => r.status?.code), [0]);
      const unary = await new Promise<ServiceError | null>((resolve) =>
        client['generateOTelScript']!({ $typeName: 'px.api.vizierpb.GenerateOTelScriptRequest', clusterId: '', pxlScript: '' }, (err: ServiceError | null) => resolve(err)),
      );
      assert.is(unary?.code, grpcStatus.UNIMPLEMENTED);
      assert.is(unary?.details, 'not here');
    } finally {
      client.close();
    }
  });
});

test('a garbage request gets INTERNAL and the server keeps serving', async () => {
  // A client that sends raw bytes on the ExecuteScript path, bypassing our serializer.
  const rawDef = {
    executeScript: { ...def.executeScript, requestSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
  };
  const Raw = makeGenericClientConstructor(rawDef, 'VizierService');
  await withServer(async (port) => {
    const raw = new Raw(`127.0.0.1:${port}`, credentials.createInsecure());
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      const bad = await collect<Buffer>(raw['executeScript']!(Buffer.from([0x0a, 0x05, 0x41])));
      assert.equal(bad.items, []);
      assert.is(bad.error?.code, grpcStatus.INTERNAL);
      // grpc-js keeps the decoder's message to itself unless GRPC_NODE_DEBUG_SEND_ERROR_DETAILS is set.
      assert.is(bad.error?.details, 'Error deserializing request');
      const good = await collect<ExecuteScriptResponse>(
        client['executeScript']!(create(ExecuteScriptRequestSchema, { queryStr: 'still here' })),
      );
      assert.is(good.error, undefined);
      assert.equal(good.items.map((r) => r.queryId), ['echo:still here']);
    } finally {
      raw.close();
      client.close();
    }
  });
});

test('a client that receives garbage gets an error status, not a crash', async () => {
  const rawServerDef = {
    executeScript: { ...def.executeScript, responseSerialize: (b: Buffer) => b },
  };
  const server = new Server();
  server.addService(rawServerDef, {
    executeScript(call: { write(b: Buffer): void; end(): void }) {
      call.write(Buffer.from([0x0f, 0x00]));
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const res = await collect<ExecuteScriptResponse>(client['executeScript']!(create(ExecuteScriptRequestSchema, {})));
    assert.equal(res.items, []);
    assert.is(res.error?.code, grpcStatus.INTERNAL);
    assert.match(res.error?.details ?? '', 'cannot decode px.api.vizierpb.ExecuteScriptResponse');
  } finally {
    client.close();
    server.forceShutdown();
  }
});

test.run();
