// The data plane: table store → metadata → sources, built from the flags in that order.
// A failing step (bad schema file, bad --sources entry, a source that cannot start) is
// logged and skipped; the rest keeps running. Periodic lines show the tables filling.

import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { coreFlags, type CoreFlags } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { TableStore, parseTableDeclaration, type TableStats } from '../store/index.js';
import {
  AgentMetadataState, FileMetadataSource, HostMetadataSource, hostIdentity, type MetadataSource,
} from '../metadata/index.js';
import type { DataSource, SourceHealth } from '../sources/api.js';
import { parseSourceSpecs, type SourceSpec } from '../sources/spec.js';
import { DemoSource } from '../sources/demo/source.js';
import { ProcfsSource } from '../sources/procfs.js';
import { JsonlSource } from '../sources/jsonl/source.js';

export interface DataPlaneOptions {
  readonly flags: Readonly<Record<string, unknown>>;
  readonly log: Logger;
  /** First "tables filling" line after this many ms (default 5 s). */
  readonly firstReportMs?: number;
  /** Then a per-table summary every this many ms (default 30 s). */
  readonly reportEveryMs?: number;
}

export interface ComponentHealth extends SourceHealth {
  readonly name: string;
}

export interface DataPlaneHealth {
  /** degraded when any source or metadata source is. */
  readonly status: 'ok' | 'degraded';
  readonly sources: readonly ComponentHealth[];
  readonly metadata: readonly ComponentHealth[];
}

export interface DataPlane {
  readonly store: TableStore;
  readonly metadata: AgentMetadataState;
  readonly sources: readonly DataSource[];
  health(): DataPlaneHealth;
  stop(): Promise<void>;
}

/** A source that could not be created or started: reported, never retried. */
class FailedSource implements DataSource {
  constructor(readonly name: string, readonly reason: string) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  health(): SourceHealth { return { status: 'degraded', reason: this.reason }; }
  counters(): Record<string, number> { return {}; }
}

// Flag values, or the flag's own default when the caller left it out (tests pass a few).
type Flags = Readonly<Record<string, unknown>>;
type CoreFlagOf<K extends string> = { [N in keyof CoreFlags]: CoreFlags[N]['kind'] extends K ? N : never }[keyof CoreFlags];
const str = (flags: Flags, k: CoreFlagOf<'string'>): string => (typeof flags[k] === 'string' ? (flags[k] as string) : coreFlags[k].default);
const int = (flags: Flags, k: CoreFlagOf<'int'>): number => (typeof flags[k] === 'number' ? (flags[k] as number) : coreFlags[k].default);
const list = (flags: Flags, k: CoreFlagOf<'list'>): readonly string[] => (Array.isArray(flags[k]) ? (flags[k] as string[]) : coreFlags[k].default);

export async function startDataPlane(opts: DataPlaneOptions): Promise<DataPlane> {
  const { flags } = opts;
  const log = opts.log.child({ component: 'dataplane' });
  const baselineRss = process.memoryUsage.rss();

  // 1. Store.
  const store = new TableStore({
    dataLimitMiB: int(flags, 'table_store_data_limit'),
    httpEventsPercent: int(flags, 'table_store_http_events_percent'),
  });
  for (const path of list(flags, 'table_schema')) {
    try {
      const decl = parseTableDeclaration(JSON.parse(await readFile(path, 'utf8')), path);
      store.declareTable(decl);
      log.info('user table declared', { table: decl.name, columns: decl.relation.length, path });
    } catch (e) {
      log.error('table schema file skipped', { path, error: e instanceof SyntaxError ? `${path}: ${e.message}` : (e as Error).message });
    }
  }
  log.info('step 1/3: table store ready', {
    tables: store.tableNames().length, limit_mib: int(flags, 'table_store_data_limit'),
    http_events_percent: int(flags, 'table_store_http_events_percent'),
  });

  // 2. Metadata.
  const asid = int(flags, 'asid');
  const identity = hostIdentity(str(flags, 'node_name'), asid);
  const metadata = new AgentMetadataState(identity);
  const badSpecs: DataSource[] = [];
  const specs = parseSourceSpecs(list(flags, 'sources'), (entry, e) => {
    log.error('source entry skipped', { entry, error: e.message });
    badSpecs.push(new FailedSource(entry, e.message));
  });
  const metaSources: MetadataSource[] = [];
  const metaFile = str(flags, 'metadata_file');
  if (metaFile !== '') {
    metaSources.push(new FileMetadataSource({
      path: metaFile, defaultNode: identity.nodeName, asid,
      onLoad: (u) => log.info('metadata file loaded', { path: metaFile, pods: u.pods?.length ?? 0, services: u.services?.length ?? 0, processes: u.processes?.length ?? 0 }),
      onError: (err) => log.error('metadata file rejected; keeping the previous metadata', { code: err.code, error: err.message }),
    }));
  }
  if (specs.some((s) => s.kind === 'procfs')) {
    metaSources.push(new HostMetadataSource({ identity, intervalMs: int(flags, 'procfs_interval_ms') }));
  }
  for (const m of metaSources) {
    try {
      await m.start((u) => metadata.apply(m.name, u));
    } catch (e) {
      log.error('metadata source failed to start', { source: m.name, error: (e as Error).message });
    }
  }
  log.info('step 2/3: metadata ready', { node: identity.nodeName, asid, sources: metaSources.map((m) => m.name) });

  // 3. Sources, each on its own: one failing never stops the others.
  const sourceLog = log.child({ component: 'sources' });
  const sources: DataSource[] = [...badSpecs];
  for (const spec of specs) {
    let src: DataSource;
    try {
      src = createSource(spec, { store, metadata, log: sourceLog, flags, nodeName: identity.nodeName, asid });
    } catch (e) {
      const name = spec.kind === 'jsonl' ? `jsonl:${spec.table}` : spec.kind;
      log.error('source not created', { source: name, error: (e as Error).message });
      sources.push(new FailedSource(name, (e as Error).message));
      continue;
    }
    try {
      await src.start();
      sources.push(src);
    } catch (e) {
      log.error('source failed to start', { source: src.name, error: (e as Error).message });
      await src.stop().catch(() => {});
      sources.push(new FailedSource(src.name, `failed to start: ${(e as Error).message}`));
    }
  }
  log.info('step 3/3: sources started', { sources: sources.map((s) => `${s.name}:${s.health().status}`) });

  const health = (): DataPlaneHealth => {
    const s = sources.map((x) => ({ name: x.name, ...x.health() }));
    const m = metaSources.map((x) => ({ name: x.name, ...x.health() }));
    return { status: [...s, ...m].every((h) => h.status === 'ok') ? 'ok' : 'degraded', sources: s, metadata: m };
  };

  const governor = flags['memory_governor'] === false
    ? { collections: 0, stop: () => {} }
    : startMemoryGovernor(store.limitBytes, baselineRss, log);
  const reporter = startReporter(store, sources, health, log, opts.firstReportMs ?? 5000, opts.reportEveryMs ?? 30_000, governor);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      reporter.stop();
      governor.stop();
      for (const s of [...sources].reverse()) {
        try { await s.stop(); } catch (e) { log.warn('source did not stop cleanly', { source: s.name, error: (e as Error).message }); }
      }
      for (const m of [...metaSources].reverse()) {
        try { await m.stop(); } catch (e) { log.warn('metadata source did not stop cleanly', { source: m.name, error: (e as Error).message }); }
      }
      log.info('data plane stopped', { tables: summary(store.stats()) });
    })();
    return stopped;
  };

  return { store, metadata, sources, health, stop };
}

interface SourceDeps {
  readonly store: TableStore;
  readonly metadata: AgentMetadataState;
  readonly log: Logger;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly nodeName: string;
  readonly asid: number;
}

function createSource(spec: SourceSpec, d: SourceDeps): DataSource {
  switch (spec.kind) {
    case 'demo':
      return new DemoSource({
        store: d.store, metadata: d.metadata, log: d.log.child({ source: 'demo' }),
        rate: int(d.flags, 'demo_rate'), seed: int(d.flags, 'demo_seed'),
        nodeName: d.nodeName, asid: d.asid, backfillSec: int(d.flags, 'demo_backfill_s'),
      });
    case 'procfs':
      return new ProcfsSource({ store: d.store, metadata: d.metadata, log: d.log.child({ source: 'procfs' }), intervalMs: int(d.flags, 'procfs_interval_ms'), asid: d.asid });
    case 'jsonl':
      if (!d.store.hasTable(spec.table)) {
        throw new Error(`table ${spec.table} is neither a built-in table nor declared with --table_schema`);
      }
      return new JsonlSource({ table: spec.table, path: spec.path, store: d.store, log: d.log.child({ source: `jsonl:${spec.table}` }) });
  }
}

const MIB = 1024 * 1024;

/** Per-table figures for log lines: only tables holding or having held data. */
export function summary(stats: readonly TableStats[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of stats) {
    if (s.rowsIngested === 0) continue;
    out[s.name] = `${s.rows} rows ${(s.bytes / MIB).toFixed(1)}/${(s.budgetBytes / MIB).toFixed(0)} MiB` + (s.rowsEvicted > 0 ? ` (${s.rowsEvicted} evicted)` : '');
  }
  return out;
}

interface Governor {
  readonly collections: number;
  stop(): void;
}

/**
 * Memory the engine keeps between queries outside the store, at most: per-row upid ids
 * (src/pxl/functions/upid-id-cache.ts, 32 MiB), column dictionaries
 * (src/exec/key-dict-cache.ts, 32 MiB) and released result buffers
 * (src/exec/result-buffers.ts, 64 MiB, let go after 30 s without queries). Part of the
 * envelope, so that a full store plus full caches does not read as garbage to collect
 * (test/agent/dataplane.test.ts checks the sum; importing the caches here would put engine
 * code in the data plane's bundle).
 */
export const ENGINE_CACHE_BYTES = 128 << 20;

const GOVERNOR_CHECK_MS = 200;
const GOVERNOR_MIN_GAP_MS = 500;

/**
 * Keeps RSS near the store's envelope. V8 sizes its heap for throughput and, under heavy
 * ingest, lets evicted strings pile up to several times the live data between full GCs
 * (measured: 500 MiB RSS for 110 MiB held at a 256 MiB limit). When RSS passes the idle
 * RSS plus the store limit (plus the engine's bounded caches), this asks V8 for a full
 * collection, at most twice a second.
 * The price is a stop-the-world pause per collection (hundreds of ms with a full store
 * under extreme churn); --nomemory_governor leaves sizing to V8's incremental GC.
 */
function startMemoryGovernor(limitBytes: number, baselineRss: number, log: Logger): Governor {
  let gc: (() => void) | undefined;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch (e) {
    log.info('memory governor unavailable; V8 alone sizes the heap', { error: (e as Error).message });
  }
  const envelope = baselineRss + limitBytes + ENGINE_CACHE_BYTES;
  let collections = 0;
  let last = 0;
  let warned = false;
  const timer = setInterval(() => {
    if (gc === undefined || process.memoryUsage.rss() <= envelope) return;
    const now = Date.now();
    if (now - last < GOVERNOR_MIN_GAP_MS) return;
    last = now;
    const t0 = performance.now();
    gc();
    collections++;
    const after = process.memoryUsage.rss();
    log.debug('memory governor collected', { ms: Math.round(performance.now() - t0), rss_mib: Math.round(after / MIB) }, 1);
    if (after > envelope * 1.3 && !warned) {
      warned = true;
      log.warn('RSS stays above the store envelope after a full GC', { rss_mib: Math.round(after / MIB), envelope_mib: Math.round(envelope / MIB) });
    }
  }, GOVERNOR_CHECK_MS);
  timer.unref();
  return { get collections() { return collections; }, stop: () => clearInterval(timer) };
}

function startReporter(
  store: TableStore, sources: readonly DataSource[], health: () => DataPlaneHealth, log: Logger, firstMs: number, everyMs: number,
  governor: Governor,
): { stop(): void } {
  let lastHealth = JSON.stringify(health());
  // Rates count from here, so the start-up backfill does not inflate the first figure.
  let lastRows = store.stats().reduce((a, s) => a + s.rowsIngested, 0);
  let lastAt = Date.now();
  const report = (first: boolean): void => {
    const stats = store.stats();
    const rows = stats.reduce((a, s) => a + s.rowsIngested, 0);
    const now = Date.now();
    const rate = Math.round(((rows - lastRows) * 1000) / Math.max(1, now - lastAt));
    lastRows = rows;
    lastAt = now;
    const bytes = stats.reduce((a, s) => a + s.bytes, 0);
    log.info(first ? 'tables filling' : 'table store', {
      rows_per_s: rate, held_mib: Number((bytes / MIB).toFixed(1)), limit_mib: Math.round(store.limitBytes / MIB),
      rss_mib: Math.round(process.memoryUsage.rss() / MIB), governor_gcs: governor.collections, tables: summary(stats),
    });
    const h = health();
    const hs = JSON.stringify(h);
    if (hs !== lastHealth) {
      lastHealth = hs;
      (h.status === 'ok' ? log.info.bind(log) : log.warn.bind(log))('data plane health changed', {
        status: h.status,
        degraded: [...h.sources, ...h.metadata].filter((x) => x.status !== 'ok').map((x) => `${x.name}: ${x.reason ?? ''}`),
      });
    }
    log.debug('source counters', Object.fromEntries(sources.map((s) => [s.name, s.counters()])));
  };
  const first = setTimeout(() => report(true), firstMs);
  const every = setInterval(() => report(false), everyMs);
  first.unref();
  every.unref();
  return { stop: () => { clearTimeout(first); clearInterval(every); } };
}
