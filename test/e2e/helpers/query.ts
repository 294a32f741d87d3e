// Direct-query specifics for end-to-end tests: full ExecuteScript requests (exec funcs,
// call options), the stream assembled into tables, the agent's audit lines, its resident
// memory, and TCP probes of a port. Builds on vizier-client.ts; adds nothing to the agent.

import { create, type MessageInitShape } from '@bufbuild/protobuf';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createConnection, createServer, type Server } from 'node:net';
import type { ClientReadableStream, Metadata } from '@grpc/grpc-js';
import { ExecuteScriptRequestSchema, type ExecuteScriptResponse } from '../../../src/proto/index.js';
import { collectResult, type QueryResult } from '../../../src/client/results.js';
import { authMetadata, drain, type CallOutcome, type VizierClient } from './vizier-client.js';

export type RequestInit = MessageInitShape<typeof ExecuteScriptRequestSchema>;
/** The plain-object form of a request (no $typeName), for spreading. */
export type RequestFields = Exclude<RequestInit, { $typeName: string }>;

type RawExecute = { executeScript(r: unknown, m: Metadata, o: object): ClientReadableStream<ExecuteScriptResponse> };

/** Opens ExecuteScript with a full request and leaves the stream to the caller. */
export function openQuery(client: VizierClient, authorization: readonly string[], req: RequestInit, deadlineMs = 20_000): ClientReadableStream<ExecuteScriptResponse> {
  return (client as unknown as RawExecute).executeScript(create(ExecuteScriptRequestSchema, req), authMetadata(authorization), {
    deadline: Date.now() + deadlineMs,
  });
}

/** Runs one query to its end: every response and the final gRPC status. */
export function runQuery(client: VizierClient, authorization: readonly string[], req: RequestInit, deadlineMs = 20_000): Promise<CallOutcome<ExecuteScriptResponse>> {
  return drain(openQuery(client, authorization, req, deadlineMs));
}

/** The responses of a finished call as tables (throws ScriptError on an in-stream error status). */
export function tablesOf(messages: readonly ExecuteScriptResponse[]): Promise<QueryResult> {
  return collectResult(
    (async function* () {
      yield* messages;
    })(),
  );
}

/** One `direct-query: audit` line as the agent logs it. */
/**
 * Asserts two result tables' rows are equal, naming the first row that differs. uvu's
 * assert.equal on whole tables of thousands of rows renders a diff that takes minutes when
 * they differ; this hands assert.equal one row at a time, only where a strict comparison
 * (util.isDeepStrictEqual: equal rows are equal for assert.equal too) finds a difference.
 */
export function assertSameRows(actual: readonly unknown[][], expected: readonly unknown[][], label: string): void {
  assert.is(actual.length, expected.length, `${label}: row count`);
  for (let i = 0; i < expected.length; i++) {
    if (!isDeepStrictEqual(actual[i], expected[i])) assert.equal(actual[i], expected[i], `${label}: row ${i} of ${expected.length}`);
  }
}

export interface AuditLine {
  readonly queryId: string;
  readonly serviceId: string;
  readonly sub: string;
  readonly scriptSha256: string;
  readonly execFuncs: string[];
  readonly status: string;
  readonly rowsSent: number;
  readonly bytesSent: number;
  readonly recordsProcessed: number;
  readonly durationMs: number;
}

/** Every audit line in an agent's stderr so far, in order. */
export function auditLines(stderr: string): AuditLine[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes('"msg":"direct-query: audit"'))
    .map((l) => JSON.parse(l) as AuditLine);
}

/** The audit line of one query, once logged. */
export function auditOf(stderr: string, queryId: string): AuditLine | undefined {
  return auditLines(stderr).find((a) => a.queryId === queryId);
}

/** Resident set size of a live process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS line for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** Resolves 'open' when a TCP connect to 127.0.0.1:port succeeds, 'refused' on ECONNREFUSED. */
export function probePort(port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve('open');
    });
    sock.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNREFUSED' ? resolve('refused') : reject(e)));
  });
}

/** A port that was free a moment ago (bound to 0, read, closed). */
export async function freePort(): Promise<number> {
  const srv = await holdPort();
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A plain TCP server holding an ephemeral loopback port (for "port in use"); close it when done. */
export function holdPort(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer((s) => s.destroy());
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}
