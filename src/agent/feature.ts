// The one build-time switch. build.mjs defines PX_DIRECT_QUERY_DISABLED per profile; esbuild
// folds the condition and never even reads the module in the dead branch, so the stripped
// bundle holds neither the real direct-query module nor anything only it imports.
// Nothing else may import src/directquery. (From source the constant is undeclared and the
// real module is used.)

import type { DirectQueryFeature } from '../directquery/api.js';

declare const PX_DIRECT_QUERY_DISABLED: boolean;

let loaded: Promise<DirectQueryFeature> | undefined;

/** The direct-query feature of this build: the real module, or the stub in the stripped bundle. */
export function loadDirectQuery(): Promise<DirectQueryFeature> {
  loaded ??=
    typeof PX_DIRECT_QUERY_DISABLED !== 'undefined' && PX_DIRECT_QUERY_DISABLED
      ? import('../directquery/stub.js').then((m) => m.feature)
      : import('../directquery/index.js').then((m) => m.feature);
  return loaded;
}
