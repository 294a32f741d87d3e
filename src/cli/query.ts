// `pemdq query`: runs a PxL script against an agent's direct-query endpoint and prints the
// result tables. Exit codes: 0 results printed, 1 the query failed, 2 bad command line.

import { readFile } from 'node:fs/promises';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ConfigError, defineFlags, parseArgs, renderFlagHelp, type Env } from '../config/index.js';
import { mintServiceToken } from '../client/token.js';
import { VizierClient, type TlsMode } from '../client/vizier-client.js';
import { collectResult, ScriptError } from '../client/results.js';
import { renderJsonLines, renderScriptError, renderTables } from './format.js';

export const queryFlags = defineFlags({
  addr: { kind: 'string', default: '127.0.0.1:50305', env: ['PEMDQ_ADDR'], help: 'Agent address, host:port.' },
  e: { kind: 'string', default: '', help: 'The PxL script text.' },
  file: { kind: 'string', default: '', help: 'Read the PxL script from this file.' },
  func: { kind: 'string', default: '', help: 'Run this function of the script (an exec func) instead of its px.display calls.' },
  arg: { kind: 'list', default: [], noSplit: true, help: 'Argument of --func as name=value (repeatable).' },
  ca: { kind: 'string', default: '', env: ['PL_TLS_CA_CERT'], help: 'CA bundle that signed the agent certificate.' },
  client_cert: { kind: 'string', default: '', help: 'Client certificate (when the agent requires one).' },
  client_key: { kind: 'string', default: '', help: 'Client private key (when the agent requires one).' },
  server_name: { kind: 'string', default: '', help: 'Name to verify in the agent certificate (default: the host in --addr).' },
  insecure_skip_verify: { kind: 'bool', default: false, help: 'Use TLS but do not verify the agent certificate (development only).' },
  plaintext: { kind: 'bool', default: false, help: 'No TLS (only for agents started with PL_DISABLE_SSL).' },
  key_file: { kind: 'string', default: '', help: 'File holding the cluster signing key (default: env PL_JWT_SIGNING_KEY).' },
  service_id: { kind: 'string', default: 'pemdq-cli', help: 'ServiceID claim of the minted token.' },
  format: { kind: 'enum', choices: ['table', 'json'] as const, default: 'table', help: 'table (aligned, for people) or json (one object per row).' },
  timeout_ms: { kind: 'int', min: 1, max: 86_400_000, default: 60_000, help: 'Deadline of the call, milliseconds.' },
  help: { kind: 'bool', default: false, help: 'Show this help.' },
});

export interface QueryIo {
  out(text: string): void;
  err(text: string): void;
}

export async function runQuery(argv: readonly string[], env: Env, io: QueryIo): Promise<number> {
  let f;
  try {
    f = parseArgs(queryFlags, argv, env).values;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`pemdq query: ${err.message}\nRun 'pemdq query --help'.\n`);
      return 2;
    }
    throw err;
  }
  if (f.help) {
    io.out(`Usage: pemdq query (-e SCRIPT | --file PATH) [--func NAME --arg k=v ...] [flags]\n${renderFlagHelp(queryFlags)}`);
    return 0;
  }
  const usage = (msg: string) => {
    io.err(`pemdq query: ${msg}\nRun 'pemdq query --help'.\n`);
    return 2;
  };
  if ((f.e === '') === (f.file === '')) return usage('give the script with exactly one of -e SCRIPT or --file PATH');
  if (f.plaintext && f.insecure_skip_verify) return usage('--plaintext and --insecure_skip_verify exclude each other');
  const args: { name: string; value: string }[] = [];
  for (const a of f.arg) {
    const eq = a.indexOf('=');
    if (eq <= 0) return usage(`--arg wants name=value, got ${JSON.stringify(a)}`);
    args.push({ name: a.slice(0, eq), value: a.slice(eq + 1) });
  }
  if (args.length > 0 && f.func === '') return usage('--arg needs --func NAME');

  let script: string;
  let key: string;
  let tls: TlsMode;
  try {
    script = f.e !== '' ? f.e : await readFile(f.file, 'utf8');
    key = f.key_file !== '' ? (await readFile(f.key_file, 'utf8')).replace(/\r?\n$/, '') : (env['PL_JWT_SIGNING_KEY'] ?? '');
    tls = f.plaintext ? { kind: 'plaintext' }
      : f.insecure_skip_verify ? { kind: 'tls-skip-verify' }
      : {
          kind: 'tls',
          ...(f.ca ? { ca: await readFile(f.ca) } : {}),
          ...(f.client_cert ? { clientCert: { cert: await readFile(f.client_cert), key: await readFile(f.client_key) } } : {}),
          ...(f.server_name ? { serverName: f.server_name } : {}),
        };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return usage(`cannot read ${e.path ?? 'a file'}: ${e.code ?? e.message}`);
  }
  if (key === '') return usage('no signing key: pass --key_file PATH or set PL_JWT_SIGNING_KEY');

  const client = new VizierClient({
    address: f.addr,
    tls,
    token: () => mintServiceToken(key, { serviceId: f.service_id }),
    flowControlWindow: 16 * 1024 * 1024,
  });
  try {
    const stream = client.executeScript(
      {
        queryStr: script,
        ...(f.func ? { execFuncs: [{ funcName: f.func, argValues: args, outputTablePrefix: f.func }] } : {}),
      },
      { deadlineMs: f.timeout_ms },
    );
    const result = await collectResult(stream);
    io.out(f.format === 'json' ? renderJsonLines(result.tables) : renderTables(result.tables));
    return 0;
  } catch (err) {
    if (err instanceof ScriptError) {
      io.err(renderScriptError(script, err.message, err.line, err.column));
      return 1;
    }
    const e = err as { code?: number; details?: string; message?: string };
    const what = e.details ?? e.message ?? String(err);
    const status = e.code !== undefined ? ` (${grpcStatus[e.code] ?? 'gRPC status'} ${e.code})` : '';
    const hint = e.code !== undefined ? hintFor(e.code, f.addr, f.timeout_ms) : undefined;
    io.err(`pemdq query: ${what}${status}\n${hint ? `hint: ${hint}\n` : ''}`);
    return 1;
  } finally {
    client.close();
  }
}

/** What to check next, for the statuses a first-time user meets; none for the rest. */
function hintFor(code: number, addr: string, timeoutMs: number): string | undefined {
  switch (code) {
    case grpcStatus.DEADLINE_EXCEEDED:
      return `the call ran past --timeout_ms=${timeoutMs}; narrow the query (start_time, filters, head) or raise --timeout_ms`;
    case grpcStatus.RESOURCE_EXHAUSTED:
      return 'the agent is running its maximum of direct queries (--direct_query_max_concurrent); retry shortly';
    case grpcStatus.UNIMPLEMENTED:
      return 'this agent does not serve that call: mutations and GenerateOTelScript are not supported, and a stripped build has no direct query';
    case grpcStatus.UNAVAILABLE:
      return `no agent answered at ${addr}: is it running with --direct_query_enabled on that address and port, and does its TLS setting match (--plaintext only for an agent with PL_DISABLE_SSL)?`;
    case grpcStatus.UNAUTHENTICATED:
      return "the agent refused the token: use the agent's signing key (--key_file or PL_JWT_SIGNING_KEY) and check that both clocks are right; with --v=1 the agent's log names the reason";
    default:
      return undefined;
  }
}
