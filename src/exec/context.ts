// What every operator of one query execution shares.

import type { FunctionContext, FunctionRegistry } from '../pxl/functions/registry.js';
import type { TableProvider } from './provider.js';
import type { Scheduler } from './scheduler.js';
import type { ResultLease } from './result-buffers.js';

export interface ExecContext {
  readonly registry: FunctionRegistry;
  readonly fn: FunctionContext;
  readonly provider: TableProvider;
  readonly scheduler: Scheduler;
  /** The query's start time (ns since the epoch); relative time bounds resolve against it. */
  readonly nowNs: bigint;
  /** Largest batch an operator emits. */
  readonly batchRows: number;
  /**
   * This execution's identity: an empty object of its own. Caches that count sightings per
   * query (column-cache.ts) remember it for as long as a stored column lives, so it must
   * hold nothing (remembering the context would keep the query's provider and snapshot).
   */
  readonly query: object;
  /** Where result columns may take their memory (the caller releases it after the query). */
  readonly results?: ResultLease;
}
