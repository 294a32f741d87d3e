import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, fromBinary } from '@bufbuild/protobuf';
import { ExecuteScriptRequestSchema, ExecuteScriptResponseSchema, type ExecuteScriptResponse } from '../../../src/proto/index.js';
import { driveQuery, newReport, type QueryLimits } from '../../../src/directquery/driver/engine-driver.js';
import { nullLogger } from '../../../src/log/logger.js';
import { fixtureEngine, T0 } from './fixture.js';
import { resultBufferPool } from '../../../src/exec/index.js';

const limits: QueryLimits = { maxMessageBytes: 1 << 20, maxRowsPerTable: 10_000, maxResultBytes: 64 << 20 };

async function run(script: string, opts: { compileLimits?: { maxScriptChars?: number }; limits?: Partial<QueryLimits>; execFuncs?: { funcName: string; argValues: { name: string; value: string }[]; outputTablePrefix: string }[]; plugin?: { startTimeNs: bigint; endTimeNs: bigint }; rows?: number } = {}) {
  const engine = { ...fixtureEngine(opts.rows ?? 10), ...(opts.compileLimits ? { compileLimits: opts.compileLimits } : {}) };
  const report = newReport('qid-1');
  const req = create(ExecuteScriptRequestSchema, {
    queryStr: script,
    execFuncs: opts.execFuncs ?? [],
    ...(opts.plugin ? { configs: { pluginConfig: opts.plugin } } : {}),
  });
  const out: ExecuteScriptResponse[] = [];
  const sizes: number[] = [];
  for await (const f of driveQuery(req, engine, { ...limits, ...opts.limits }, new AbortController().signal, report, nullLogger())) {
    sizes.push(f.bytes.length);
    out.push(fromBinary(ExecuteScriptResponseSchema, f.bytes));
  }
  return { out, report, sizes };
}

const kinds = (out: ExecuteScriptResponse[]) => out.map((r) => (r.status ? 'status' : r.result.case === 'metaData' ? 'meta' : r.result.value?.batch ? 'batch' : 'stats'));

test('streams meta_data, batches with eos on the last, then execution_stats; query_id on every response', async () => {
  const { out, report } = await run("import px\ndf = px.DataFrame(table='http_events', select=['time_', 'resp_status'])\npx.display(df, 'statuses')");
  assert.equal(kinds(out).filter((k, i, a) => a[i - 1] !== k), ['meta', 'batch', 'stats']);
  assert.ok(out.every((r) => r.queryId === 'qid-1'));
  const meta = out[0]!.result.case === 'metaData' ? out[0]!.result.value : undefined;
  assert.is(meta?.name, 'statuses');
  assert.equal(meta?.relation?.columns.map((c) => [c.columnName, c.columnType, c.columnSemanticType]), [['time_', 6, 1], ['resp_status', 2, 1400]]);
  const batches = out.flatMap((r) => (r.result.case === 'data' && r.result.value.batch ? [r.result.value.batch] : []));
  assert.ok(batches.every((b) => b.tableId === meta?.id));
  assert.equal(batches.map((b) => b.eos), [...batches.slice(1).map(() => false), true]);
  const times = batches.flatMap((b) => (b.cols[0]!.colData.case === 'time64nsData' ? b.cols[0]!.colData.value.data : []));
  assert.equal(times, Array.from({ length: 10 }, (_, i) => T0 + BigInt(i) * 1_000_000_000n));
  const stats = out[out.length - 1]!.result;
  assert.is(stats.case === 'data' ? stats.value.executionStats?.recordsProcessed : undefined, 10n);
  assert.equal({ status: report.status.code, rows: report.rowsSent, tables: report.tables }, { status: 0, rows: 10, tables: 1 });
});

test('several tables come out in declaration order, each ending with eos', async () => {
  const { out } = await run(
    "import px\ndf = px.DataFrame(table='http_events')\nerr = df[df.resp_status >= 500]\npx.display(err[['req_path']], 'errors')\npx.display(df[['resp_status']], 'all')",
  );
  const metas = out.flatMap((r) => (r.result.case === 'metaData' ? [r.result.value] : []));
  assert.equal(metas.map((m) => m.name), ['errors', 'all']);
  const batches = out.flatMap((r) => (r.result.case === 'data' && r.result.value.batch ? [r.result.value.batch] : []));
  const rowsOf = (id: string) => batches.filter((b) => b.tableId === id).reduce((s, b) => s + Number(b.numRows), 0);
  assert.is(rowsOf(metas[0]!.id), 2);
  assert.is(rowsOf(metas[1]!.id), 10);
  for (const m of metas) assert.is(batches.filter((b) => b.tableId === m.id).at(-1)!.eos, true);
});

test('a table with no rows still ends with one empty eos batch', async () => {
  const { out } = await run("import px\ndf = px.DataFrame(table='http_events')\npx.display(df[df.resp_status == 404], 'none')");
  const batches = out.flatMap((r) => (r.result.case === 'data' && r.result.value.batch ? [r.result.value.batch] : []));
  assert.is(batches.length, 1);
  assert.equal({ rows: batches[0]!.numRows, eos: batches[0]!.eos, cols: batches[0]!.cols.length }, { rows: 0n, eos: true, cols: 22 });
});

test('a compile error is one in-stream status with line and column, and nothing else', async () => {
  const { out, report } = await run("import px\ndf = px.DataFrame(table='http_event')\npx.display(df)");
  assert.is(out.length, 1);
  const s = out[0]!.status!;
  assert.is(s.code, 3);
  const ce = s.errorDetails[0]!.error;
  assert.is(ce.case, 'compilerError');
  assert.equal(ce.case === 'compilerError' ? [ce.value.line, ce.value.column] : [], [2n, 19n]);
  assert.match(s.message, /http_event/);
  assert.is(report.status.code, 3);
});

test('a script over the size limit is refused with a compile error naming the limit', async () => {
  const { out } = await run("import px\npx.display(px.DataFrame(table='http_events'))", { compileLimits: { maxScriptChars: 20 } });
  assert.is(out.length, 1);
  assert.is(out[0]!.status?.code, 3);
  assert.match(out[0]!.status!.message, /above the limit of 20/);
});

test('exec funcs with arguments name their tables by the prefix', async () => {
  const script = "import px\ndef errors(min_status: int):\n    df = px.DataFrame(table='http_events')\n    return df[df.resp_status >= min_status][['resp_status']]\n";
  const { out, report } = await run(script, { execFuncs: [{ funcName: 'errors', argValues: [{ name: 'min_status', value: '500' }], outputTablePrefix: 'errs' }] });
  const metas = out.flatMap((r) => (r.result.case === 'metaData' ? [r.result.value] : []));
  assert.is(metas.length, 1);
  assert.match(metas[0]!.name, /^errs/);
  assert.is(report.rowsSent, 2);
  assert.equal(report.execFuncs, ['errors']);
});

test('plugin_config start/end clamp every scan', async () => {
  const { report } = await run("import px\npx.display(px.DataFrame(table='http_events')[['time_']])", {
    plugin: { startTimeNs: T0 + 2_000_000_000n, endTimeNs: T0 + 5_000_000_000n },
  });
  assert.is(report.rowsSent, 3);
  assert.is(report.recordsProcessed, 3);
});

test('batches are split so no response exceeds the message limit', async () => {
  const { out, sizes, report } = await run("import px\npx.display(px.DataFrame(table='http_events'), 'all')", { rows: 400, limits: { maxMessageBytes: 4096 } });
  assert.ok(sizes.every((s) => s <= 4096), `largest ${Math.max(...sizes)}`);
  assert.ok(kinds(out).filter((k) => k === 'batch').length > 5);
  assert.is(report.rowsSent, 400);
});

test('a row larger than the message limit fails the query with RESOURCE_EXHAUSTED', async () => {
  const { out, report } = await run("import px\npx.display(px.DataFrame(table='http_events'), 'all')", { limits: { maxMessageBytes: 100 } });
  const last = out[out.length - 1]!;
  assert.is(last.status?.code, 8);
  assert.match(last.status!.message, /^a single row of table all encodes to \d+ bytes, above the message size limit of 100 bytes/);
  assert.is(report.status.code, 8);
});

test('results above the per-query byte limit stop the query with RESOURCE_EXHAUSTED', async () => {
  const { out } = await run("import px\npx.display(px.DataFrame(table='http_events'), 'all')", { rows: 200, limits: { maxResultBytes: 2000, maxMessageBytes: 1000 } });
  assert.is(out[out.length - 1]!.status?.code, 8);
  assert.match(out[out.length - 1]!.status!.message, /exceed 2000 bytes/);
});

test('an aborted query stops without a status frame and reports CANCELLED', async () => {
  const engine = fixtureEngine(400);
  const report = newReport('q');
  const ac = new AbortController();
  const req = create(ExecuteScriptRequestSchema, { queryStr: "import px\npx.display(px.DataFrame(table='http_events'), 'all')" });
  const frames = [];
  for await (const f of driveQuery(req, engine, limits, ac.signal, report, nullLogger())) {
    frames.push(f);
    if (f.kind === 'batch') ac.abort();
  }
  assert.ok(frames.every((f) => f.kind !== 'status' && f.kind !== 'stats'));
  assert.is(report.status.code, 1);
  assert.ok(report.recordsProcessed < 400, `read ${report.recordsProcessed} of 400 rows`);
});


test('a query\'s result memory goes back to the process pool when it ends, also when the client stops early', async () => {
  const script = "import px\ndf = px.DataFrame(table='http_events', select=['time_', 'resp_status', 'latency'])\ndf = df[df.resp_status >= 400]\npx.display(df, 'errors')";
  const engine = fixtureEngine(400, 100);
  const drive = async (stopAfter = Infinity) => {
    const report = newReport('q');
    const req = create(ExecuteScriptRequestSchema, { queryStr: script });
    const out: ExecuteScriptResponse[] = [];
    for await (const f of driveQuery(req, engine, limits, new AbortController().signal, report, nullLogger())) {
      out.push(fromBinary(ExecuteScriptResponseSchema, f.bytes));
      if (out.length >= stopAfter) break;
    }
    return out;
  };
  const statuses = (out: ExecuteScriptResponse[]) => out.flatMap((r) => (r.result.case === 'data' && r.result.value.batch?.cols[1]?.colData.case === 'int64Data' ? r.result.value.batch.cols[1].colData.value.data : []));
  resultBufferPool.clear();
  const first = await drive();
  assert.equal(statuses(first), Array<bigint>(80).fill(500n));
  assert.ok(resultBufferPool.bytes > 0, 'the filter\'s result buffers came back');
  const reused = resultBufferPool.reused;
  const second = await drive();
  assert.ok(resultBufferPool.reused > reused, 'the next query wrote into them');
  assert.equal(statuses(second), statuses(first));
  resultBufferPool.clear();
  await drive(2); // meta, then the first batch: the client goes away
  assert.ok(resultBufferPool.bytes > 0, 'released on an early stop too');
  resultBufferPool.clear();
});

test.run();
