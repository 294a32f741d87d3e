// The agent's own flags, present in every bundle. The direct-query feature adds its flags
// from its own module (see src/agent/feature.ts), so a build without it does not know them.

import { defineFlags } from './spec.js';

export const coreFlags = defineFlags({
  log_format: {
    kind: 'enum', choices: ['json', 'text'] as const, default: 'json', env: ['PL_LOG_FORMAT'],
    help: 'Log line format: json (one object per line on stderr) or text (for people).', group: 'logging',
  },
  v: {
    kind: 'int', min: 0, max: 10, default: 0, env: ['PL_V'],
    help: 'Debug verbosity: debug lines of level <= N are written.', group: 'logging',
  },
  jwt_signing_key: {
    kind: 'string', default: '', env: ['PL_JWT_SIGNING_KEY'], secret: true,
    help: "The cluster's service-token signing key (raw bytes of the string).", group: 'cluster',
  },
  node_name: {
    kind: 'string', default: '', env: ['PL_NODE_NAME', 'NODE_NAME'],
    help: 'Kubernetes node name of this agent (default: the host name).', group: 'cluster',
  },
  table_store_data_limit: {
    kind: 'int', min: 1, max: 1024 * 1024, default: 1280, env: ['PL_TABLE_STORE_DATA_LIMIT_MB'],
    help: 'Total byte budget of the table store, in MiB.', group: 'table store',
  },
  table_store_http_events_percent: {
    kind: 'int', min: 1, max: 100, default: 40, env: ['PL_TABLE_STORE_HTTP_EVENTS_PERCENT'],
    help: 'Share of the budget given to http_events, in percent.', group: 'table store',
  },
  sources: {
    kind: 'list', default: ['demo'], env: ['PL_PEM_SOURCES'],
    help: 'Data sources: demo, procfs, jsonl:TABLE=PATH (comma-separated or repeated).', group: 'sources',
  },
  demo_rate: {
    kind: 'int', min: 1, max: 10_000_000, default: 200, env: ['PL_PEM_DEMO_RATE'],
    help: 'Demo source: HTTP events per second.', group: 'sources',
  },
  demo_seed: {
    kind: 'int', min: 0, max: 2 ** 31 - 1, default: 42, env: ['PL_PEM_DEMO_SEED'],
    help: 'Demo source: random seed (same seed, same workload).', group: 'sources',
  },
  procfs_interval_ms: {
    kind: 'int', min: 100, max: 3_600_000, default: 10_000, env: ['PL_PEM_PROCFS_INTERVAL_MS'],
    help: 'procfs source: sampling interval in milliseconds.', group: 'sources',
  },
  metadata_file: {
    kind: 'string', default: '', env: ['PL_PEM_METADATA_FILE'],
    help: 'JSON or YAML file describing pods, services and processes; re-read on change.', group: 'metadata',
  },
  table_schema: {
    kind: 'list', default: [], env: ['PL_PEM_TABLE_SCHEMA'],
    help: 'JSON file declaring a user table for a jsonl source (repeatable).', group: 'sources',
  },
  asid: {
    kind: 'int', min: 0, max: 4_294_967_295, default: 0, env: ['PL_PEM_ASID'],
    help: "This agent's short id: the high 32 bits of every upid it records (procfs, demo).", group: 'sources',
  },
  demo_backfill_s: {
    kind: 'int', min: 0, max: 86_400, default: 300, env: ['PL_PEM_DEMO_BACKFILL_S'],
    help: 'Demo source: seconds of history generated at start (capped at ~1M rows).', group: 'sources',
  },
  memory_governor: {
    kind: 'bool', default: true, env: ['PL_PEM_MEMORY_GOVERNOR'],
    help: 'Force a full GC when RSS passes the idle RSS plus the store limit (bounds RSS; costs GC pauses under heavy ingest).', group: 'table store',
  },
});

export type CoreFlags = typeof coreFlags;
