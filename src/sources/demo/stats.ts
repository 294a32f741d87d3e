// Periodic stats rows of the demo (every 10 s of simulated time): process, network and
// connection counters that accumulate from the generated traffic, so deltas in PxL
// (max - min per upid or pod) show the same load the http_events rows do.

import { tableSchema } from '../../store/index.js';
import type { RowBatch } from '../../types/index.js';
import type { Rng } from './rng.js';
import { ColumnWriter } from './columns.js';
import type { DemoPod } from './workload.js';

export interface PodCounters {
  cpuU: number; cpuK: number; minflt: number; majflt: number; rchar: number; wchar: number; rd: number; wr: number;
  rx: number; tx: number; rxp: number; txp: number; rxErr: number; txDrop: number; reqs: number;
}

export interface ConnCounters { upidHigh: bigint; upidLow: bigint; remote: string; port: number; role: number; open: number; close: number; sent: number; recv: number }

const types = (table: string) => tableSchema(table)!.map((c) => c.type);

/** One process_stats row per demo pod: cumulative counters, fed by the traffic accounted so far. */
export function processStatsBatch(pods: readonly DemoPod[], counters: PodCounters[], rng: Rng, t: bigint): RowBatch {
  const w = new ColumnWriter(types('process_stats'), pods.length);
  for (const p of pods) {
    const c = counters[p.index]!;
    // Idle work between requests, and an occasional major fault.
    c.cpuU += 2_000_000 + rng.int(3_000_000);
    c.cpuK += 1_000_000;
    c.minflt += 20 + rng.int(30);
    if (rng.next() < 0.05) c.majflt++;
    c.rd += rng.next() < 0.2 ? 4096 * (1 + rng.int(16)) : 0;
    c.wr += 4096 * rng.int(4);
    const rss = p.rssBase + Math.min(c.reqs, 200_000) * 96 + rng.int(2 * 1024 * 1024);
    const r = w.row();
    w.i64(0, r, t);
    w.u128(1, r, p.upidHigh, p.startTicks);
    w.num(2, r, c.majflt); w.num(3, r, c.minflt);
    w.num(4, r, c.cpuU); w.num(5, r, c.cpuK);
    w.num(6, r, 8 + (p.index % 5) * 4);
    w.num(7, r, p.rssBase * 3 + 512 * 1024 * 1024);
    w.num(8, r, Math.floor(rss / 4096) * 4096);
    w.num(9, r, c.rchar + c.rd); w.num(10, r, c.wchar + c.wr);
    w.num(11, r, c.rd); w.num(12, r, c.wr);
  }
  return w.finish();
}

/** One network_stats row per demo pod (cumulative bytes, packets, errors, drops). */
export function networkStatsBatch(pods: readonly DemoPod[], counters: PodCounters[], rng: Rng, t: bigint): RowBatch {
  const w = new ColumnWriter(types('network_stats'), pods.length);
  for (const p of pods) {
    const c = counters[p.index]!;
    if (rng.next() < 0.02) c.rxErr++;
    if (rng.next() < 0.03) c.txDrop++;
    const r = w.row();
    w.i64(0, r, t);
    w.str(1, r, p.uid);
    w.num(2, r, c.rx); w.num(3, r, c.rxp); w.num(4, r, c.rxErr); w.num(5, r, 0);
    w.num(6, r, c.tx); w.num(7, r, c.txp); w.num(8, r, 0); w.num(9, r, c.txDrop);
  }
  return w.finish();
}

/** One conn_stats row per connection key seen so far (cumulative). */
export function connStatsBatch(conns: ReadonlyMap<number, ConnCounters>, t: bigint): RowBatch {
  const w = new ColumnWriter(types('conn_stats'), conns.size);
  for (const c of conns.values()) {
    const r = w.row();
    w.i64(0, r, t);
    w.u128(1, r, c.upidHigh, c.upidLow);
    w.str(2, r, c.remote);
    w.num(3, r, c.role === 1 ? c.port : 0);
    w.num(4, r, c.role);
    w.num(5, r, 2); // AF_INET
    w.num(6, r, 1); // HTTP/1.x
    w.bool(7, r, false);
    w.num(8, r, c.open); w.num(9, r, c.close); w.num(10, r, c.open - c.close);
    w.num(11, r, c.sent); w.num(12, r, c.recv);
  }
  return w.finish();
}
