// The direct-query feature (enabled bundle only): its flags, and a start that loads the
// server only when --direct_query_enabled is set. Reached only through src/agent/feature.ts.
// With the feature off, nothing of the server side is initialised (no grpc-js, no jose):
// the enabled bundle then costs what the stripped one does, bar the bytes of its file.

import type { DirectQueryDeps, DirectQueryFeature, DirectQueryHandle } from './api.js';
import { directQueryFlags } from './flags.js';

const off: DirectQueryHandle = { state: 'off', stop: async () => {} };

export const feature: DirectQueryFeature = {
  included: true,
  flags: directQueryFlags,
  async start(deps: DirectQueryDeps): Promise<DirectQueryHandle> {
    if (deps.flags['direct_query_enabled'] !== true) {
      deps.log.debug('direct-query: disabled (--direct_query_enabled=false); port not opened', { component: 'direct-query' });
      return off;
    }
    const { startDirectQuery } = await import('./server.js');
    return startDirectQuery(deps);
  },
};
