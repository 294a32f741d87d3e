// The surface shared by the real direct-query module and its stub (types only, so it is
// erased from both bundles). The agent reaches the feature only through src/agent/feature.ts.

import type { Logger } from '../log/logger.js';
import type { FlagSpecs } from '../config/spec.js';
import type { Env } from '../config/parse.js';
import type { TableStore } from '../store/index.js';
import type { MetadataState } from '../metadata/api.js';

/** What queries read: the table store and the agent metadata. */
export interface DirectQueryEngine {
  readonly store: TableStore;
  readonly metadata: MetadataState;
}

/** What the agent hands the feature at start-up. */
export interface DirectQueryDeps {
  readonly log: Logger;
  readonly env: Env;
  /** Values of all flags (core + feature), keyed by flag name. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** Data-plane health for HealthCheck (default: always healthy until the data plane wires it). */
  readonly isHealthy?: () => boolean;
  /** The data plane queries run on; without it ExecuteScript answers UNAVAILABLE. */
  readonly engine?: DirectQueryEngine;
}

/** A running (or refused) feature instance. */
export interface DirectQueryHandle {
  /** 'ready' when serving, 'off' when disabled at run time, 'absent' in the stripped build, 'failed' when start-up was refused. */
  readonly state: 'ready' | 'off' | 'absent' | 'failed';
  /** The bound port when ready. */
  readonly port?: number;
  /** Stops accepting calls; resolves when in-flight calls ended or the grace period passed. */
  stop(graceMs: number): Promise<void>;
}

export interface DirectQueryFeature {
  /** True when the feature is compiled into this bundle. */
  readonly included: boolean;
  /** The feature's own flags (none in the stripped bundle). */
  readonly flags: FlagSpecs;
  /** Starts the feature per its flags; never throws: failures are logged and reported as 'failed'. */
  start(deps: DirectQueryDeps): Promise<DirectQueryHandle>;
}
