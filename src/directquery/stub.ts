// The stripped bundle's replacement for direct query: same surface, no listener, no
// verifier, no engine driver. It only tells an operator who set the env that the feature
// is not part of this build.

import type { DirectQueryDeps, DirectQueryFeature, DirectQueryHandle } from './api.js';

const ENABLE_ENV = 'PL_PEM_DIRECT_QUERY_ENABLED';

const absent: DirectQueryHandle = { state: 'absent', stop: async () => {} };

/** gRPC status codes the stub answers with, should anything ever route a call to it. */
export const STUB_STATUS = { UNAUTHENTICATED: 16, UNIMPLEMENTED: 12 } as const;

export const feature: DirectQueryFeature = {
  included: false,
  flags: {},
  async start(deps: DirectQueryDeps): Promise<DirectQueryHandle> {
    const v = deps.env[ENABLE_ENV];
    if (v !== undefined && v !== '') {
      deps.log.warn('direct query is not part of this build; ignoring the setting and running on', { env: ENABLE_ENV, build: 'stripped' });
    }
    return absent;
  },
};

/** Every token is refused: the stripped build has no verifier. */
export function authenticate(): { ok: false; code: typeof STUB_STATUS.UNAUTHENTICATED } {
  return { ok: false, code: STUB_STATUS.UNAUTHENTICATED };
}

/** Every query is refused: the stripped build has no engine driver. */
export function executeScript(): { code: typeof STUB_STATUS.UNIMPLEMENTED; message: string } {
  return { code: STUB_STATUS.UNIMPLEMENTED, message: 'direct query is not part of this build' };
}
