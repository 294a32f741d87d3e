// Direct query end to end: the built enabled bundle runs as a real process on the demo data,
// serving TLS with certificates made for this test; a grpc-js client over our generated
// messages runs PxL scripts and checks the stream against docs/DIRECT_QUERY.md — message
// order, per-pod filters, several tables, exec funcs, compile errors, 32 different queries
// at once, HealthCheck, and a SIGTERM while a query streams.
// Every scan is bounded by end_time_ns = the moment before the agent started, so results
// only cover the backfilled rows and the same query always returns the same rows.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { status } from '@grpc/grpc-js';
import type { ExecuteScriptResponse } from '../../src/proto/index.js';
import { DataType } from '../../src/types/index.js';
import { buildWorkload } from '../../src/sources/demo/workload.js';
import { certDir, makeClusterTls, tlsEnv, type ClusterTls } from './helpers/certs.js';
import { startAgent, type RunningAgent } from './helpers/agent.js';
import { bearer, mintServiceToken } from './helpers/tokens.js';
import { drain, healthCheck, openHealthCheck, vizierClient, type CallOutcome, type VizierClient } from './helpers/vizier-client.js';
import { assertSameRows, auditOf, openQuery, runQuery, tablesOf, type RequestFields, type RequestInit } from './helpers/query.js';
import { waitFor } from './helpers/wait.js';

const KEY = 'e2e-direct-query-key-Qm4Rt8Yx2Wp6Zs0Lk3Nv';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dir = certDir('pemdq-e2e-dq-');
let tls: ClusterTls;
let agent: RunningAgent;
let client: VizierClient;
/** Nanoseconds just before the agent started: every row up to here was backfilled before READY. */
let endNs: bigint;

const auth = () => [bearer(mintServiceToken(KEY))];
/** A request whose scans stop at endNs (so repeated runs see the same rows). */
const req = (queryStr: string, extra: Omit<RequestFields, 'queryStr'> = {}): RequestInit => ({
  queryStr,
  configs: { pluginConfig: { startTimeNs: 0n, endTimeNs: endNs } },
  ...extra,
});
const query = (queryStr: string, extra: Omit<RequestFields, 'queryStr'> = {}) => runQuery(client, auth(), req(queryStr, extra));

// Demo pod names come from the seed (default 42), not from the clock or the node name.
const demoPods = buildWorkload(42, 'any-node', 0, 0n).pods.map((p) => `${p.namespace}/${p.name}`);

const kinds = (o: CallOutcome<ExecuteScriptResponse>) =>
  o.messages.map((m) =>
    m.status ? 'status' : m.result.case === 'metaData' ? 'meta' : m.result.value?.batch ? 'batch' : m.result.value?.executionStats ? 'stats' : 'other',
  );

test.before(async () => {
  tls = makeClusterTls(dir.dir);
  endNs = BigInt(Date.now()) * 1_000_000n;
  agent = await startAgent({
    args: ['--direct_query_max_concurrent=32'],
    env: { PL_JWT_SIGNING_KEY: KEY, ...tlsEnv(tls) },
  });
  client = vizierClient(agent.port!, { ca: tls.ca.cert }, { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
});

test.after(async () => {
  client.close();
  await agent.stop();
  dir.cleanup();
});

test('the agent serves over TLS on the port its READY line names', () => {
  assert.is(agent.mode, 'tls');
  assert.ok(agent.port! > 0);
});

test('a trivial query streams meta_data, batches of its table ending in eos, then execution_stats, all with one query_id', async () => {
  const o = await query("import px\ndf = px.DataFrame(table='http_events')[['time_', 'req_path', 'resp_status']]\npx.display(df.head(20), 'recent')");
  assert.is(o.code, status.OK);
  const k = kinds(o);
  assert.is(k[0], 'meta');
  assert.is(k[k.length - 1], 'stats');
  assert.equal(new Set(k.slice(1, -1)), new Set(['batch']));

  const queryId = o.messages[0]!.queryId;
  assert.match(queryId, UUID);
  assert.equal(o.messages.map((m) => m.queryId), o.messages.map(() => queryId));

  const meta = o.messages[0]!.result.value as { id: string; name: string; relation: { columns: { columnName: string; columnType: number }[] } };
  assert.match(meta.id, UUID);
  assert.is(meta.name, 'recent');
  assert.equal(meta.relation.columns.map((c) => [c.columnName, c.columnType]), [
    ['time_', DataType.TIME64NS], ['req_path', DataType.STRING], ['resp_status', DataType.INT64],
  ]);

  const batches = o.messages.slice(1, -1).map((m) => (m.result.value as { batch: { tableId: string; eos: boolean; numRows: bigint } }).batch);
  assert.equal(batches.map((b) => b.tableId), batches.map(() => meta.id));
  assert.equal(batches.map((b) => b.eos), batches.map((_, i) => i === batches.length - 1));
  assert.is(batches.reduce((a, b) => a + Number(b.numRows), 0), 20);

  const stats = (o.messages.at(-1)!.result.value as { executionStats: { recordsProcessed: bigint } }).executionStats;
  assert.ok(stats.recordsProcessed >= 20n);

  const result = await tablesOf(o.messages);
  assert.is(result.tables[0]!.rows.length, 20);
  assert.ok(result.tables[0]!.complete);

  await waitFor('the audit line', () => auditOf(agent.stderr(), queryId) !== undefined);
  const audit = auditOf(agent.stderr(), queryId)!;
  assert.equal([audit.status, audit.rowsSent, audit.serviceId], ['OK', 20, 'kelvin']);
});

test("a per-pod filter on ctx['pod'] returns exactly that pod's rows", async () => {
  const pod = demoPods.find((p) => p.startsWith('shop/catalog-'))!;
  const counts = await tablesOf(
    (await query("import px\ndf = px.DataFrame(table='http_events')\ndf.pod = df.ctx['pod']\npx.display(df.groupby('pod').agg(n=('latency', px.count)), 'per_pod')")).messages,
  );
  const byPod = new Map(counts.tables[0]!.rows.map(([p, n]) => [p as string, Number(n)]));
  assert.ok(byPod.size > 1, 'the demo spreads traffic over several pods');
  assert.ok((byPod.get(pod) ?? 0) > 0, `${pod} served requests`);

  const o = await query(
    `#px:set max_output_rows_per_table=100000\nimport px\ndf = px.DataFrame(table='http_events')\ndf = df[df.ctx['pod'] == '${pod}']\ndf.pod = df.ctx['pod']\npx.display(df[['time_', 'pod', 'resp_status']], 'one_pod')`,
  );
  assert.is(o.code, status.OK);
  const rows = (await tablesOf(o.messages)).tables[0]!.rows;
  assert.is(rows.length, byPod.get(pod));
  assert.equal(new Set(rows.map((r) => r[1])), new Set([pod]));
});

test('a filter sent again gives the same rows once the agent reads kept dictionaries, bitmaps and released result memory', async () => {
  // The first run reads plain columns, the second keeps dictionaries of resp_status and
  // req_path, the third and later read them (strings leave as codes and are written from
  // them) and write into result memory the earlier runs released.
  const script = "#px:set max_output_rows_per_table=100000\nimport px\ndf = px.DataFrame(table='http_events')\ndf = df[df.resp_status >= 400]\npx.display(df[['time_', 'req_path', 'resp_status', 'latency']], 'errors')";
  const runs: unknown[][][] = [];
  for (let r = 0; r < 4; r++) {
    const o = await query(script);
    assert.is(o.code, status.OK);
    runs.push((await tablesOf(o.messages)).tables[0]!.rows);
  }
  assert.ok(runs[0]!.length > 10, `errors in the demo traffic: ${runs[0]!.length}`);
  assert.ok(runs[0]!.every((r) => Number(r[2]) >= 400 && typeof r[1] === 'string' && (r[1] as string).startsWith('/')));
  for (let r = 1; r < runs.length; r++) assertSameRows(runs[r]!, runs[0]!, `run ${r + 1}`);
  // The same rows as a compare on every row: the one filter through arithmetic has no dictionary path.
  const plain = await query("#px:set max_output_rows_per_table=100000\nimport px\ndf = px.DataFrame(table='http_events')\ndf = df[df.resp_status + 0 >= 400]\npx.display(df[['time_', 'req_path', 'resp_status', 'latency']], 'errors')");
  assertSameRows((await tablesOf(plain.messages)).tables[0]!.rows, runs[0]!, 'a compare on every row');
});

test('several tables from one script arrive in declaration order, each meta_data before any batch and each ending in one eos', async () => {
  const o = await query(
    [
      'import px',
      "px.display(px.DataFrame(table='process_stats').head(2), 'zeta')",
      "px.display(px.DataFrame(table='http_events').agg(n=('latency', px.count)), 'alpha')",
      "px.display(px.DataFrame(table='dns_events').head(3), 'mid')",
    ].join('\n'),
  );
  assert.is(o.code, status.OK);
  const k = kinds(o);
  assert.equal(k.slice(0, 3), ['meta', 'meta', 'meta']);
  assert.is(k.lastIndexOf('meta'), 2);
  const result = await tablesOf(o.messages);
  assert.equal(result.tables.map((t) => [t.name, t.rows.length, t.complete]), [['zeta', 2, true], ['alpha', 1, true], ['mid', 3, true]]);
  const eosPerTable = new Map<string, number>();
  for (const m of o.messages) {
    const b = m.result.case === 'data' ? m.result.value.batch : undefined;
    if (b?.eos) eosPerTable.set(b.tableId, (eosPerTable.get(b.tableId) ?? 0) + 1);
  }
  assert.equal([...eosPerTable.values()], [1, 1, 1]);
});

const EXEC_SCRIPT = `import px

def errors(min_status: int, n: int):
    df = px.DataFrame(table='http_events')
    df = df[df.resp_status >= min_status]
    return df[['time_', 'resp_status']].head(n)

def by_ns(ns: px.Namespace):
    df = px.DataFrame(table='process_stats')
    df.namespace = df.ctx['namespace']
    df = df[df.namespace == ns]
    return [df[['namespace', 'rss_bytes']], df.agg(n=('rss_bytes', px.count))]
`;

test('exec funcs run with their argument values, and their tables are named by output_table_prefix', async () => {
  const o = await query(EXEC_SCRIPT, {
    execFuncs: [
      { funcName: 'errors', outputTablePrefix: 'errs', argValues: [{ name: 'min_status', value: '500' }, { name: 'n', value: '7' }] },
      { funcName: 'by_ns', outputTablePrefix: 'ns', argValues: [{ name: 'ns', value: 'payments' }] },
    ],
  });
  assert.is(o.code, status.OK, o.details);
  const result = await tablesOf(o.messages);
  assert.equal(result.tables.map((t) => t.name), ['errs', 'ns[0]', 'ns[1]']);
  const [errs, nsRows, nsCount] = result.tables;
  assert.is(errs!.rows.length, 7);
  assert.ok(errs!.rows.every((r) => (r[1] as bigint) >= 500n), 'every error row has status >= 500');
  assert.ok(nsRows!.rows.length > 0);
  assert.equal(new Set(nsRows!.rows.map((r) => r[0])), new Set(['payments']));
  assert.equal(nsCount!.rows, [[BigInt(nsRows!.rows.length)]]);

  await waitFor('the audit line', () => auditOf(agent.stderr(), result.queryId) !== undefined);
  assert.equal(auditOf(agent.stderr(), result.queryId)!.execFuncs, ['errors', 'by_ns']);
});

test('a compile error arrives in-stream as status 3 with the line and column, then the call ends INVALID_ARGUMENT', async () => {
  const o = await query("import px\ndf = px.DataFrame(table='http_events')\ndf = df[df.no_such_column > 1]\npx.display(df)");
  assert.is(o.code, status.INVALID_ARGUMENT);
  assert.is(o.messages.length, 1);
  const s = o.messages[0]!.status!;
  assert.is(s.code, 3);
  assert.match(s.message, 'no_such_column');
  assert.match(o.messages[0]!.queryId, UUID);
  const ce = s.errorDetails[0]!.error;
  assert.is(ce.case, 'compilerError');
  const at = ce.value as { line: bigint; column: bigint };
  // Line 3, column 12: the unknown attribute itself in `df = df[df.no_such_column > 1]`.
  assert.equal([at.line, at.column], [3n, 12n]);
  assert.match(o.details, 'no_such_column');
});

/** Query i: rows slower than i ms, tagged with i, the first 10 + i of them. */
const distinctQuery = (i: number) =>
  `import px\ndf = px.DataFrame(table='http_events')\ndf = df[df.latency > ${i * 1_000_000}]\ndf.q = ${i}\npx.display(df[['time_', 'latency', 'q']].head(${10 + i}), 'q${i}')`;

test('32 different queries at once each get exactly their own results (the same as when run alone)', async () => {
  const n = 32;
  // Four connections, eight calls on each.
  const clients = Array.from({ length: 4 }, () => vizierClient(agent.port!, { ca: tls.ca.cert }));
  try {
    const together = await Promise.all(Array.from({ length: n }, (_, i) => runQuery(clients[i % 4]!, auth(), req(distinctQuery(i)))));
    const alone: CallOutcome<ExecuteScriptResponse>[] = [];
    for (let i = 0; i < n; i++) alone.push(await query(distinctQuery(i)));

    const ids = new Set<string>();
    for (let i = 0; i < n; i++) {
      const got = together[i]!;
      assert.is(got.code, status.OK, `query ${i}: ${got.details}`);
      const t = (await tablesOf(got.messages)).tables;
      assert.equal(t.map((x) => x.name), [`q${i}`]);
      const rows = t[0]!.rows;
      assert.is(rows.length, 10 + i, `query ${i} rows`);
      assert.ok(rows.every((r) => (r[1] as bigint) > BigInt(i * 1_000_000) && r[2] === BigInt(i)), `query ${i} rows belong to it`);
      assert.equal(rows, (await tablesOf(alone[i]!.messages)).tables[0]!.rows, `query ${i} equals its run alone`);
      ids.add(got.messages[0]!.queryId);
    }
    assert.is(ids.size, n, 'each query has its own query_id');
  } finally {
    for (const c of clients) c.close();
  }
});

test('HealthCheck answers status 0 at once, and again about 5 s later', async () => {
  const first = await healthCheck(client, auth(), 1);
  assert.equal(first.messages.map((m) => m.status?.code), [0]);
  const two = await drain(openHealthCheck(client, auth()), 2);
  assert.equal(two.messages.map((m) => m.status?.code), [0, 0]);
  assert.is(two.code, status.CANCELLED); // the client left after the second message
});

test('SIGTERM while a query streams: the query finishes within the grace period, then the agent exits 0', async () => {
  const call = openQuery(
    client,
    auth(),
    req("#px:set max_output_rows_per_table=1000000\nimport px\npx.display(px.DataFrame(table='http_events'), 'everything')"),
  );
  const first = new Promise<void>((resolve) => call.once('data', () => resolve()));
  const outcome = drain(call);
  await first;
  const exit = await agent.stop();
  const o = await outcome;
  assert.is(exit.code, 0);
  assert.is(exit.signal, null);
  assert.is(o.code, status.OK, o.details);
  const queryId = o.messages[0]!.queryId;
  const log = exit.stderr;
  const auditAt = log.indexOf(`"queryId":"${queryId}"`);
  assert.is(auditOf(log, queryId)!.status, 'OK');
  assert.ok(log.indexOf('"msg":"pemdq stopping"') < auditAt, 'the stop began while the query ran');
  assert.ok(auditAt < log.indexOf('"msg":"pemdq stopped"'), 'the agent stopped after the query ended');
});

test.run();
