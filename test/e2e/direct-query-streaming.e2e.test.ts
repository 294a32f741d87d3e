// Direct query's streaming guarantees end to end, on an agent holding ~300k http_events rows
// (--demo_rate=1000 over the default 300 s backfill, ~4 s to start): a client cancel stops execution (the
// audit line's counters show how far it got), 500 cancels leave the agent's memory flat,
// and a client that never reads costs bounded memory until the consumer-idle timeout ends
// its call with DEADLINE_EXCEEDED. Memory is the agent's VmRSS from /proc.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { ExecuteScriptResponse } from '../../src/proto/index.js';
import { CONSUMER_IDLE_MESSAGE } from '../../src/directquery/service/status.js';
import { certDir, makeClusterTls, tlsEnv, type ClusterTls } from './helpers/certs.js';
import { startAgent, type RunningAgent } from './helpers/agent.js';
import { bearer, mintServiceToken } from './helpers/tokens.js';
import { vizierClient, type VizierClient } from './helpers/vizier-client.js';
import { auditLines, auditOf, openQuery, rssBytes, runQuery, tablesOf, type RequestInit } from './helpers/query.js';
import { waitFor } from './helpers/wait.js';

const KEY = 'e2e-streaming-key-Hy7Uj3Ik9Ol1Pz5Xc8Vb2Nm';
const MIB = 1024 * 1024;
// A small send budget and 64 KiB messages: a cancelled query has produced little when it
// stops, which keeps 500 cancels quick (~9 s), and a stalled call holds little.
const IN_FLIGHT = 256 * 1024;
const MESSAGE = 64 * 1024;
const dir = certDir('pemdq-e2e-stream-');
let tls: ClusterTls;
let agent: RunningAgent;
let client: VizierClient;
let endNs: bigint;
/** http_events rows up to endNs. */
let tableRows: number;

const auth = () => [bearer(mintServiceToken(KEY))];
const req = (queryStr: string): RequestInit => ({ queryStr, configs: { pluginConfig: { startTimeNs: 0n, endTimeNs: endNs } } });
/** Every http_events row, every column. */
const FULL_TABLE = "#px:set max_output_rows_per_table=1000000\nimport px\npx.display(px.DataFrame(table='http_events'), 'all')";

test.before(async () => {
  tls = makeClusterTls(dir.dir);
  endNs = BigInt(Date.now()) * 1_000_000n;
  agent = await startAgent({
    args: ['--demo_rate=1000', '--direct_query_max_rows_per_table=1000000', '--direct_query_consumer_idle_timeout_s=2', `--direct_query_max_bytes_in_flight=${IN_FLIGHT}`, `--direct_query_max_message_bytes=${MESSAGE}`],
    env: { PL_JWT_SIGNING_KEY: KEY, ...tlsEnv(tls) },
  });
  client = vizierClient(agent.port!, { ca: tls.ca.cert }, { 'grpc.max_receive_message_length': 64 * MIB });
  const count = await runQuery(client, auth(), req("import px\npx.display(px.DataFrame(table='http_events').agg(n=('latency', px.count)))"));
  tableRows = Number((await tablesOf(count.messages)).tables[0]!.rows[0]![0]);
});

test.after(async () => {
  client.close();
  const exit = await agent.stop();
  dir.cleanup();
  assert.is(exit.code, 0);
});

/** Opens the full-table query, cancels it on its first batch; resolves with its query id and final code. */
function cancelAfterFirstBatch(c: VizierClient): Promise<{ queryId: string; code: number }> {
  return new Promise((resolve) => {
    const call = openQuery(c, auth(), req(FULL_TABLE));
    let queryId = '';
    call.on('data', (m: ExecuteScriptResponse) => {
      queryId = m.queryId;
      if (m.result.case === 'data' && m.result.value.batch) call.cancel();
    });
    call.on('error', (e: ServiceError) => resolve({ queryId, code: e.code }));
    call.on('end', () => resolve({ queryId, code: status.OK }));
  });
}

test('the demo table is large enough for the streaming checks', () => {
  assert.ok(tableRows > 200_000, `http_events holds ${tableRows} rows`);
});

test('a client cancel mid-stream stops execution: the audit says CANCELLED and few records were read', async () => {
  const { queryId, code } = await cancelAfterFirstBatch(client);
  assert.is(code, status.CANCELLED);
  await waitFor('the audit line', () => auditOf(agent.stderr(), queryId) !== undefined);
  const audit = auditOf(agent.stderr(), queryId)!;
  assert.is(audit.status, 'CANCELLED');
  assert.ok(audit.recordsProcessed > 0);
  assert.ok(audit.recordsProcessed < tableRows / 4, `read ${audit.recordsProcessed} of ${tableRows} rows`);
  assert.ok(audit.rowsSent < tableRows / 4, `sent ${audit.rowsSent} of ${tableRows} rows`);
});

test('500 cancels leave the agent memory flat (VmRSS within +64 MiB)', async () => {
  const lanes = 4;
  const run = async (total: number) => {
    const codes: number[] = [];
    let started = 0;
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (started < total) {
        started++;
        codes.push((await cancelAfterFirstBatch(client)).code);
      }
    }));
    return codes;
  };
  await run(40); // warm-up: code paths compiled, buffers and pools at their working size
  const before = rssBytes(agent.child.pid!);
  const codes = await run(500);
  const after = rssBytes(agent.child.pid!);
  assert.is(codes.length, 500);
  assert.equal(new Set(codes), new Set([status.CANCELLED]));
  assert.ok(after - before < 64 * MIB, `VmRSS ${(before / MIB).toFixed(0)} -> ${(after / MIB).toFixed(0)} MiB`);
  // Every cancelled query released its slot: the agent logged each as CANCELLED and still answers.
  await waitFor('541 cancelled audit lines', () => auditLines(agent.stderr()).filter((a) => a.status === 'CANCELLED').length >= 541);
  const after500 = await runQuery(client, auth(), req("import px\npx.display(px.DataFrame(table='http_events').head(1))"));
  assert.is(after500.code, status.OK);
});

test('a client that stops reading costs bounded memory, then the idle timeout ends its call with DEADLINE_EXCEEDED', async () => {
  // A 16 KiB stream window: the client's transport takes little before the agent must wait.
  const stalled = vizierClient(agent.port!, { ca: tls.ca.cert }, { 'grpc-node.flow_control_window': 16 * 1024, 'grpc.max_receive_message_length': 64 * MIB });
  try {
    const before = rssBytes(agent.child.pid!);
    const call = openQuery(stalled, auth(), req(FULL_TABLE), 60_000);
    let ended: { code: number; details: string } | undefined;
    let queryId = '';
    let rows = 0;
    call.on('data', (m: ExecuteScriptResponse) => {
      queryId = m.queryId;
      if (m.result.case === 'data' && m.result.value.batch) rows += Number(m.result.value.batch.numRows);
    });
    // One message, then the client stops reading. (A grpc-js stream that is never read at
    // all buffers everything in the client instead: its http2 stream is only paused once a
    // read was asked for.)
    call.once('data', () => call.pause());
    // grpc-js emits 'error' for a failed call and may still emit 'end' after it: the first wins.
    call.on('error', (e: ServiceError) => (ended ??= { code: e.code, details: e.details }));
    call.on('end', () => (ended ??= { code: status.OK, details: '' }));
    let peak = 0;
    await waitFor('the agent to give up on the client', () => {
      peak = Math.max(peak, rssBytes(agent.child.pid!));
      return queryId !== '' && auditOf(agent.stderr(), queryId) !== undefined;
    }, 20_000, 50);
    const audit = auditOf(agent.stderr(), queryId)!;
    assert.is(audit.status, 'DEADLINE_EXCEEDED');
    assert.ok(peak - before < 64 * MIB, `VmRSS ${(before / MIB).toFixed(0)} -> peak ${(peak / MIB).toFixed(0)} MiB while stalled`);
    assert.ok(audit.rowsSent < tableRows / 2, `sent ${audit.rowsSent} of ${tableRows} rows before giving up`);
    assert.is(ended, undefined, 'the client has not seen the end yet: it is not reading');

    // Reading again drains what was queued, then the status the agent sent.
    call.resume();
    await waitFor('the call to end', () => ended !== undefined, 10_000);
    assert.equal(ended, { code: status.DEADLINE_EXCEEDED, details: CONSUMER_IDLE_MESSAGE });
    assert.ok(rows > 0 && rows <= audit.rowsSent, `read ${rows} of the ${audit.rowsSent} rows sent`);
  } finally {
    stalled.close();
  }
});

test.run();
