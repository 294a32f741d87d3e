import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RowBatch } from '../../../src/types/index.js';
import { StoreTableProvider } from '../../../src/exec/index.js';
import { fixtureEngine, T0 } from './fixture.js';

async function collect(it: AsyncIterable<RowBatch>) {
  const rows: bigint[] = [];
  for await (const b of it) rows.push(...((b.columns[0] as { data: BigInt64Array }).data));
  return rows;
}

test('scans only the requested columns within [start, end), across sealed and growing batches', async () => {
  const { store } = fixtureEngine(10, 4);
  const p = new StoreTableProvider(store);
  const rows = await collect(p.scan('http_events', ['time_', 'resp_status'], { startNs: T0 + 3_000_000_000n, endNs: T0 + 7_000_000_000n }));
  assert.equal(rows, [3n, 4n, 5n, 6n].map((i) => T0 + i * 1_000_000_000n));
  const all = await collect(p.scan('http_events', ['time_'], {}));
  assert.is(all.length, 10);
});

test('knows the relations of the store', async () => {
  const { store } = fixtureEngine(1);
  const p = new StoreTableProvider(store);
  assert.ok(store.tableNames().includes('http_events'));
  assert.is(p.relation('nope'), undefined);
  assert.equal(await collect(p.scan('nope', ['time_'], {})), []);
});

test('an aborted scan throws instead of ending as if the table were complete', async () => {
  const { store } = fixtureEngine(10, 2);
  const p = new StoreTableProvider(store);
  try {
    await collect(p.scan('http_events', ['time_'], {}, AbortSignal.abort()));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'ERR_EXEC_ABORTED');
  }
});

test.run();
