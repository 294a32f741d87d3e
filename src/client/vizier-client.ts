// A small VizierService client: TLS (CA file, or an explicit skip-verify), a bearer service
// token per call, ExecuteScript as an async iterable that stops the call on abort.

import { credentials, makeGenericClientConstructor, Metadata, type ChannelCredentials, type ClientReadableStream } from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  ExecuteScriptRequestSchema,
  HealthCheckRequestSchema,
  vizierServiceDefinition,
  type ExecuteScriptRequest,
  type ExecuteScriptResponse,
  type HealthCheckResponse,
} from '../proto/index.js';
import type { MessageInitShape } from '@bufbuild/protobuf';

export type TlsMode =
  | { kind: 'plaintext' }
  | { kind: 'tls'; ca?: Buffer; clientCert?: { cert: Buffer; key: Buffer }; serverName?: string }
  | { kind: 'tls-skip-verify' };

export interface VizierClientOptions {
  /** host:port */
  address: string;
  tls: TlsMode;
  /** Returns a fresh bearer token for each call. */
  token: () => Promise<string>;
  /** Receive window; large windows matter for bulk results. */
  flowControlWindow?: number;
  maxReceiveBytes?: number;
}

type RawClient = {
  executeScript(req: ExecuteScriptRequest, md: Metadata, opts?: object): ClientReadableStream<ExecuteScriptResponse>;
  healthCheck(req: unknown, md: Metadata, opts?: object): ClientReadableStream<HealthCheckResponse>;
  close(): void;
};

const Ctor = makeGenericClientConstructor(vizierServiceDefinition, 'VizierService');

export class VizierClient {
  readonly #raw: RawClient;
  readonly #token: () => Promise<string>;

  constructor(opts: VizierClientOptions) {
    const channelOptions: Record<string, number | string> = {
      'grpc.max_receive_message_length': opts.maxReceiveBytes ?? 64 * 1024 * 1024,
    };
    if (opts.flowControlWindow) channelOptions['grpc-node.flow_control_window'] = opts.flowControlWindow;
    if (opts.tls.kind === 'tls' && opts.tls.serverName) channelOptions['grpc.ssl_target_name_override'] = opts.tls.serverName;
    this.#raw = new Ctor(opts.address, channelCredentials(opts.tls), channelOptions) as unknown as RawClient;
    this.#token = opts.token;
  }

  async #metadata(): Promise<Metadata> {
    const md = new Metadata();
    md.set('authorization', `bearer ${await this.#token()}`);
    return md;
  }

  /** Streams ExecuteScript responses; aborting `signal` cancels the call. */
  async *executeScript(
    req: MessageInitShape<typeof ExecuteScriptRequestSchema>,
    opts: { signal?: AbortSignal; deadlineMs?: number } = {},
  ): AsyncGenerator<ExecuteScriptResponse> {
    const md = await this.#metadata();
    const callOpts = opts.deadlineMs ? { deadline: Date.now() + opts.deadlineMs } : {};
    const call = this.#raw.executeScript(create(ExecuteScriptRequestSchema, req), md, callOpts);
    const onAbort = () => call.cancel();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const msg of call as AsyncIterable<ExecuteScriptResponse>) yield msg;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  /** The first HealthCheck answer (status code), then the call is closed. */
  async healthCheck(): Promise<HealthCheckResponse> {
    const call = this.#raw.healthCheck(create(HealthCheckRequestSchema, {}), await this.#metadata());
    try {
      for await (const msg of call as AsyncIterable<HealthCheckResponse>) return msg;
      throw new Error('HealthCheck ended without an answer');
    } finally {
      call.cancel();
    }
  }

  close(): void {
    this.#raw.close();
  }
}

function channelCredentials(tls: TlsMode): ChannelCredentials {
  switch (tls.kind) {
    case 'plaintext':
      return credentials.createInsecure();
    case 'tls':
      return credentials.createSsl(tls.ca ?? null, tls.clientCert?.key ?? null, tls.clientCert?.cert ?? null);
    case 'tls-skip-verify':
      return credentials.createSsl(null, null, null, { rejectUnauthorized: false, checkServerIdentity: () => undefined });
  }
}
