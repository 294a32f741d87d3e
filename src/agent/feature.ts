// The one build-time switch. build.mjs defines PX_DIRECT_QUERY_DISABLED per profile; esbuild
// folds the condition and never even reads the modules in the dead branch, so the stripped
// bundle holds neither the real direct-query module, nor the query client, nor anything
// only they import (jose, grpc-js). Nothing else may import src/directquery.
// The enabled profile builds with code splitting: each import() below becomes a chunk of
// its own, read only when called, so with the feature off the process loads the feature's
// flags and nothing of its server (test/bundle checks this on the metafile).
// (From source the constant is undeclared and the real modules are used.)

import type { DirectQueryFeature } from '../directquery/api.js';
import type { Env } from '../config/index.js';

declare const PX_DIRECT_QUERY_DISABLED: boolean;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Feature {
  readonly directQuery: DirectQueryFeature;
  /** `pemdq query`, present only with the feature. */
  readonly queryCommand?: (argv: readonly string[], env: Env, io: CommandIo) => Promise<number>;
}

let loaded: Promise<Feature> | undefined;

/** The feature as built: the real modules, or the stub in the stripped bundle. */
export function loadFeature(): Promise<Feature> {
  loaded ??=
    typeof PX_DIRECT_QUERY_DISABLED !== 'undefined' && PX_DIRECT_QUERY_DISABLED
      ? import('../directquery/stub.js').then((m) => ({ directQuery: m.feature }))
      : import('../directquery/index.js').then((dq) => ({
          directQuery: dq.feature,
          // Loaded on use: a serving agent never initialises the client side.
          queryCommand: (argv, env, io) => import('../cli/query.js').then((q) => q.runQuery(argv, env, io)),
        }));
  return loaded;
}
