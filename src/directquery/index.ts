// The direct-query feature (enabled bundle only): its flags and its start-up. Reached only
// through src/agent/feature.ts. The auth gate, engine driver and drain loop land here.

import { ServerCredentials } from '@grpc/grpc-js';
import type { DirectQueryDeps, DirectQueryFeature, DirectQueryHandle } from './api.js';
import { directQueryFlags } from './flags.js';
import { newServer, startListener } from './listener.js';

const off: DirectQueryHandle = { state: 'off', stop: async () => {} };

export const feature: DirectQueryFeature = {
  included: true,
  flags: directQueryFlags,
  start: startDirectQuery,
};

async function startDirectQuery(deps: DirectQueryDeps): Promise<DirectQueryHandle> {
  const f = deps.flags;
  const log = deps.log.child({ component: 'direct-query' });
  if (f['direct_query_enabled'] !== true) {
    log.debug('direct-query: disabled (--direct_query_enabled=false); port not opened');
    return off;
  }
  const steps = ['listen'] as const;
  let step = 0;
  try {
    step = 1;
    log.info(`direct-query: step ${step}/${steps.length} listen`);
    const server = newServer();
    const listener = await startListener(
      server,
      String(f['direct_query_bind_address']),
      Number(f['direct_query_port']),
      ServerCredentials.createInsecure(),
    );
    log.info(`direct-query: READY on :${listener.port} (plaintext)`, { port: listener.port });
    return { state: 'ready', port: listener.port, stop: (g) => listener.stop(g) };
  } catch (err) {
    log.error(`direct-query: step ${step}/${steps.length} ${steps[step - 1]} failed; the rest of the agent keeps running`, {
      error: errorText(err),
    });
    return { state: 'failed', stop: async () => {} };
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
