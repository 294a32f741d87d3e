import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TableStore } from '../../src/store/index.js';
import { StoreTableProvider } from '../../src/exec/store-provider.js';
import { runPlan } from '../../src/exec/executor.js';
import { DataType as T } from '../../src/types/index.js';
import type { PlanNode } from '../../src/pxl/plan.js';
import { metadataBuilder } from '../../src/metadata/state.js';
import { rows } from './fixtures.js';

const T0 = 1_700_000_000_000_000_000n;

function store(): TableStore {
  const s = new TableStore({ dataLimitMiB: 16, httpEventsPercent: 40, sealRows: 4 });
  s.declareTable({ name: 'events', desc: '', patternTypes: ['GENERAL', 'GENERAL', 'GENERAL'], relation: [
    { name: 'time_', type: T.TIME64NS, semanticType: 1, desc: '' },
    { name: 'v', type: T.INT64, semanticType: 1, desc: '' },
    { name: 's', type: T.STRING, semanticType: 1, desc: '' },
  ] });
  s.appendRows('events', Array.from({ length: 10 }, (_, i) => [T0 + BigInt(i), BigInt(i * 10), `r${i}`]));
  return s;
}

async function scan(range: { startNs?: bigint; endNs?: bigint }, columns = ['v', 's']): Promise<unknown[][]> {
  const p = new StoreTableProvider(store());
  const out: unknown[][] = [];
  for await (const b of p.scan('events', columns, range)) out.push(...rows([b]));
  return out;
}

test('scans the requested columns of every stored batch in arrival order', async () => {
  const got = await scan({});
  assert.is(got.length, 10);
  assert.equal(got[9], [90n, 'r9']);
});

test('keeps exactly the rows in [start, end), across partially covered batches', async () => {
  assert.equal(await scan({ startNs: T0 + 3n, endNs: T0 + 6n }, ['time_']), [[T0 + 3n], [T0 + 4n], [T0 + 5n]]);
  assert.equal(await scan({ startNs: T0 + 100n }), []);
});

test('answers relations and nothing for unknown tables', async () => {
  const p = new StoreTableProvider(store());
  assert.equal(p.relation('events')!.map((c) => c.name), ['time_', 'v', 's']);
  assert.is(p.relation('nope'), undefined);
  const seen: unknown[] = [];
  for await (const b of p.scan('nope', ['x'], {})) seen.push(b);
  assert.equal(seen, []);
});

test('the executor runs plans over the store through the adapter', async () => {
  const rel = store().relation('events')!;
  const nodes: PlanNode[] = [
    { id: 1, kind: 'source', inputs: [], table: 'events', columns: ['time_', 'v', 's'], relation: rel, startTime: { kind: 'relative', offsetNs: -3n } },
    { id: 2, kind: 'sink', inputs: [1], relation: rel, tableName: 'out' },
  ];
  const res = await runPlan({ nodes, sinks: [2] }, { provider: new StoreTableProvider(store()), metadata: metadataBuilder().build(), nowNs: T0 + 10n });
  assert.equal(rows(res[0]!.batches).map((r) => r[2]), ['r7', 'r8', 'r9']);
});

test.run();
