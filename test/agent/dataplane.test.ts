import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../../src/log/logger.js';
import { ENGINE_CACHE_BYTES, startDataPlane, summary } from '../../src/agent/dataplane.js';
import { UPID_ID_CACHE_BYTES } from '../../src/pxl/functions/upid-id-cache.js';
import { KEY_DICT_CACHE_BYTES } from '../../src/exec/key-dict-cache.js';
import { RESULT_BUFFER_BYTES } from '../../src/exec/result-buffers.js';

function recorder() {
  const lines: Record<string, unknown>[] = [];
  const log = new Logger({ format: 'json', verbosity: 0, write: (l) => { lines.push(JSON.parse(l) as Record<string, unknown>); } });
  return { log, lines };
}

test('builds store, metadata and sources from the flags; bad entries are reported, the rest runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pemdq-dp-'));
  const schema = join(dir, 'mine.json');
  const data = join(dir, 'mine.jsonl');
  const meta = join(dir, 'meta.yaml');
  writeFileSync(schema, JSON.stringify({ name: 'mine', columns: [{ name: 'time_', type: 'TIME64NS' }, { name: 'v', type: 'INT64' }] }));
  writeFileSync(data, '{"time_":"1","v":"9007199254740993"}\n');
  writeFileSync(meta, 'pods:\n  - {uid: p1, name: extra, namespace: other}\n');
  writeFileSync(join(dir, 'bad.json'), '{"name":');
  const { log, lines } = recorder();
  const startedMs = Date.now();
  const dp = await startDataPlane({
    log,
    flags: {
      table_store_data_limit: 64, table_store_http_events_percent: 40,
      sources: ['demo', `jsonl:mine=${data}`, 'bogus', `jsonl:nope=${data}`],
      table_schema: [schema, join(dir, 'bad.json')],
      demo_rate: 50, demo_seed: 3, demo_backfill_s: 10, metadata_file: meta, node_name: 'node-x', asid: 2,
    },
  });
  try {
    assert.equal(dp.sources.map((s) => s.name), ['bogus', 'demo', 'jsonl:mine', 'jsonl:nope']);
    const h = dp.health();
    assert.is(h.status, 'degraded');
    assert.equal(h.sources.map((s) => [s.name, s.status]), [['bogus', 'degraded'], ['demo', 'ok'], ['jsonl:mine', 'ok'], ['jsonl:nope', 'degraded']]);
    assert.is(h.sources[3]!.reason, 'table nope is neither a built-in table nor declared with --table_schema');
    assert.equal(h.metadata, [{ name: 'metadata_file', status: 'ok' }]);
    // 10 s of backfill at 50 requests/s, plus the 5 rows of each 100 ms demo tick that has
    // come due since start-up (on a loaded machine one may fire before this line).
    const httpRows = dp.store.snapshot('http_events').numRows;
    const ticks = Math.ceil((Date.now() - startedMs) / 100) + 1;
    assert.ok(httpRows >= 500 && httpRows <= 500 + 5 * ticks, `http_events rows: ${httpRows} (at most ${ticks} ticks after the backfill)`);
    assert.is(dp.store.snapshot('mine').numRows, 1);
    assert.is(dp.metadata.nodeName(), 'node-x');
    assert.is(dp.metadata.podNameToPodId('other/extra'), 'p1');
    assert.is(dp.metadata.snapshot.pods.length, 31);
    const msgs = lines.map((l) => l['msg']);
    assert.ok(msgs.includes('step 1/3: table store ready'));
    assert.ok(msgs.includes('step 3/3: sources started'));
    const schemaErr = lines.find((l) => l['msg'] === 'table schema file skipped')!;
    assert.match(String(schemaErr['error']), new RegExp(`^${join(dir, 'bad.json')}: `));
    assert.equal(lines.find((l) => l['msg'] === 'source entry skipped')!['error'], 'unknown --sources entry "bogus": expected demo, procfs or jsonl:TABLE=PATH');
  } finally {
    await dp.stop();
    await dp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(lines.some((l) => l['msg'] === 'data plane stopped'));
});

test('logs a first "tables filling" line and then periodic summaries', async () => {
  const { log, lines } = recorder();
  const dp = await startDataPlane({ log, flags: { sources: ['demo'], demo_rate: 20, demo_backfill_s: 20, memory_governor: false }, firstReportMs: 5, reportEveryMs: 20 });
  try {
    await new Promise((r) => setTimeout(r, 80));
  } finally {
    await dp.stop();
  }
  const filling = lines.find((l) => l['msg'] === 'tables filling')!;
  assert.ok(filling !== undefined);
  assert.match(String((filling['tables'] as Record<string, string>)['http_events']), /^400 rows \d+\.\d\/512 MiB$/);
  assert.ok(lines.some((l) => l['msg'] === 'table store'));
  assert.is(filling['governor_gcs'], 0);
  assert.is(filling['limit_mib'], 1280);
});

test('with procfs, the host processes and this process show up in metadata and process_stats', async () => {
  const { log } = recorder();
  const dp = await startDataPlane({ log, flags: { sources: ['procfs'], procfs_interval_ms: 60_000, node_name: 'n1', asid: 5 } });
  try {
    assert.equal(dp.health(), { status: 'ok', sources: [{ name: 'procfs', status: 'ok' }], metadata: [{ name: 'host', status: 'ok' }] });
    const me = dp.metadata.snapshot.processes.find((p) => p.upid.pid === process.pid)!;
    assert.equal([me.upid.asid, dp.metadata.upidToNodeName((5n << 32n) | BigInt(process.pid), me.upid.startTicks)], [5, 'n1']);
    assert.ok(dp.store.snapshot('process_stats').numRows > 0);
    assert.is(dp.store.snapshot('http_events').numRows, 0);
  } finally {
    await dp.stop();
  }
});

test('a one-line summary per table shows rows, held and budget MiB, and evictions', () => {
  assert.equal(summary([
    { name: 'a', budgetBytes: 2 * 1048576, rows: 10, bytes: 1048576, batches: 1, rowsIngested: 15, bytesIngested: 0, rowsEvicted: 5, bytesEvicted: 0, batchesEvicted: 1 },
    { name: 'b', budgetBytes: 1048576, rows: 0, bytes: 0, batches: 0, rowsIngested: 0, bytesIngested: 0, rowsEvicted: 0, bytesEvicted: 0, batchesEvicted: 0 },
  ]), { a: '10 rows 1.0/2 MiB (5 evicted)' });
});

test("the memory governor's envelope counts the engine's caches and result pool at their limits", () => {
  assert.is(ENGINE_CACHE_BYTES, UPID_ID_CACHE_BYTES + KEY_DICT_CACHE_BYTES + RESULT_BUFFER_BYTES);
});

test.run();
