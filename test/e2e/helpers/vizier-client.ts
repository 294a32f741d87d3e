// A grpc-js VizierService client built from the proto service definition, with helpers that
// run one call to completion and return every message plus the final status.

import { create } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { credentials, makeGenericClientConstructor, Metadata, type Client, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import {
  ExecuteScriptRequestSchema,
  GenerateOTelScriptRequestSchema,
  HealthCheckRequestSchema,
  vizierServiceDefinition,
  type ExecuteScriptRequest,
  type ExecuteScriptResponse,
  type GenerateOTelScriptResponse,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '../../../src/proto/index.js';

export interface ClientTls {
  /** CA file that the server certificate must chain to. */
  readonly ca: string;
  /** Client certificate pair for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
}

export interface VizierClient extends Client {
  executeScript(req: ExecuteScriptRequest, md: Metadata): ClientReadableStream<ExecuteScriptResponse>;
  healthCheck(req: HealthCheckRequest, md: Metadata): ClientReadableStream<HealthCheckResponse>;
  generateOTelScript(req: unknown, md: Metadata, cb: (err: ServiceError | null, res?: GenerateOTelScriptResponse) => void): unknown;
}

const VizierServiceClient = makeGenericClientConstructor(vizierServiceDefinition, 'VizierService');

/** A client for 127.0.0.1:`port`; TLS when `tls` is given, plaintext otherwise. */
export function vizierClient(port: number, tls?: ClientTls, options: Record<string, string | number> = {}): VizierClient {
  const creds = tls
    ? credentials.createSsl(
        readFileSync(tls.ca),
        tls.key ? readFileSync(tls.key) : null,
        tls.cert ? readFileSync(tls.cert) : null,
      )
    : credentials.createInsecure();
  return new VizierServiceClient(`127.0.0.1:${port}`, creds, { 'grpc.ssl_target_name_override': 'localhost', ...options }) as unknown as VizierClient;
}

/** `authorization` values → call metadata (none when empty). */
export function authMetadata(authorization: readonly string[]): Metadata {
  const md = new Metadata();
  for (const v of authorization) md.add('authorization', v);
  return md;
}

export interface CallOutcome<T> {
  readonly messages: T[];
  readonly code: number;
  readonly details: string;
}

/** Runs a server-streaming call to its end (or until `limit` messages, then cancels). */
export function drain<T>(stream: ClientReadableStream<T>, limit = Infinity): Promise<CallOutcome<T>> {
  const messages: T[] = [];
  return new Promise((resolve) => {
    stream.on('data', (m: T) => {
      messages.push(m);
      if (messages.length >= limit) stream.cancel();
    });
    stream.on('error', (e: ServiceError) => resolve({ messages, code: e.code, details: e.details }));
    stream.on('end', () => resolve({ messages, code: 0, details: '' }));
  });
}

/** A cheap query that succeeds on any agent with a data plane (one row at most). */
export const TRIVIAL_QUERY = "import px\npx.display(px.DataFrame(table='http_events').head(1), 'one')";

export function executeScript(
  client: VizierClient,
  authorization: readonly string[],
  req: Partial<Pick<ExecuteScriptRequest, 'queryStr' | 'mutation'>> = {},
  deadlineMs = 10_000,
): Promise<CallOutcome<ExecuteScriptResponse>> {
  const md = authMetadata(authorization);
  const call = (client as unknown as { executeScript(r: unknown, m: Metadata, o: object): ClientReadableStream<ExecuteScriptResponse> }).executeScript(
    create(ExecuteScriptRequestSchema, { queryStr: TRIVIAL_QUERY, ...req }),
    md,
    { deadline: Date.now() + deadlineMs },
  );
  return drain(call);
}

/** Opens a HealthCheck stream and leaves it to the caller (for calls kept in flight). */
export function openHealthCheck(client: VizierClient, authorization: readonly string[]): ClientReadableStream<HealthCheckResponse> {
  return client.healthCheck(create(HealthCheckRequestSchema, {}), authMetadata(authorization));
}

/** Opens HealthCheck; resolves after `count` messages (then cancels) or when the call ends. */
export function healthCheck(client: VizierClient, authorization: readonly string[], count = 1): Promise<CallOutcome<HealthCheckResponse>> {
  return drain(openHealthCheck(client, authorization), count);
}

export function generateOTelScript(client: VizierClient, authorization: readonly string[]): Promise<CallOutcome<GenerateOTelScriptResponse>> {
  return new Promise((resolve) => {
    client.generateOTelScript(create(GenerateOTelScriptRequestSchema, {}), authMetadata(authorization), (err, res) =>
      resolve(err ? { messages: [], code: err.code, details: err.details } : { messages: res ? [res] : [], code: 0, details: '' }),
    );
  });
}
