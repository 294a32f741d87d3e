// A small table store with http_events rows for two pods, and the matching metadata: the
// engine deps the driver runs on in tests.

import { TableStore } from '../../../src/store/index.js';
import { metadataBuilder } from '../../../src/metadata/state.js';
import { StoreTableProvider } from '../../../src/exec/index.js';
import type { EngineDeps } from '../../../src/directquery/driver/engine-driver.js';

export const T0 = 1_764_768_000_000_000_000n;
const ASID = 3;

export function upid(pid: number): { high: bigint; low: bigint } {
  return { high: (BigInt(ASID) << 32n) | BigInt(pid), low: 1000n + BigInt(pid) };
}

/** http_events rows: pid 101 in ns1/front, pid 202 in ns1/back; `n` rows alternating. */
export function fixtureEngine(n = 10, sealRows = 4): EngineDeps & { store: TableStore } {
  const store = new TableStore({ dataLimitMiB: 16, httpEventsPercent: 40, sealRows });
  const rows = [];
  for (let i = 0; i < n; i++) {
    const pid = i % 2 === 0 ? 101 : 202;
    rows.push([
      T0 + BigInt(i) * 1_000_000_000n, upid(pid), '10.0.0.9', 40000 + i, '10.0.0.1', 8080, 2, false, 1, 1, 0,
      '{}', i % 3 === 0 ? 'POST' : 'GET', `/item/${i}`, '', 0, '{}', i % 5 === 4 ? 500 : 200, 'OK', 'body', 100 + i, 1_000_000 * (i + 1),
    ]);
  }
  store.appendRows('http_events', rows);
  const metadata = metadataBuilder({ nodeName: 'node-a', asid: ASID })
    .pod({ name: 'front', namespace: 'ns1', containers: [{ id: 'c-front', name: 'front' }] as never })
    .pod({ name: 'back', namespace: 'ns1', containers: [{ id: 'c-back', name: 'back' }] as never })
    .process({ pid: 101, startTicks: 1101n, containerId: 'c-front' })
    .process({ pid: 202, startTicks: 1202n, containerId: 'c-back' })
    .build();
  return { store, catalog: store, provider: new StoreTableProvider(store), metadata };
}
