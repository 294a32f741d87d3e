// Flags of the direct-query feature. They exist only in the enabled bundle: the stripped
// bundle does not contain this file, so its parser answers "unknown flag" for each.

import { defineFlags } from '../config/spec.js';

export const directQueryFlags = defineFlags({
  direct_query_enabled: {
    kind: 'bool', default: false, env: ['PL_PEM_DIRECT_QUERY_ENABLED'],
    help: 'Serve VizierService on this node for direct, JWT-authenticated queries.', group: 'direct query',
  },
  direct_query_port: {
    kind: 'int', min: 0, max: 65535, default: 50305, env: ['PL_PEM_DIRECT_QUERY_PORT'],
    help: 'TCP port of the direct-query listener (0 picks a free port).', group: 'direct query',
  },
  direct_query_bind_address: {
    kind: 'string', default: '0.0.0.0', env: ['PL_PEM_DIRECT_QUERY_BIND_ADDRESS'],
    help: 'Address the direct-query listener binds to.', group: 'direct query',
  },
  direct_query_jwt_signing_key: {
    kind: 'string', default: '', env: ['PL_PEM_DIRECT_QUERY_JWT_SIGNING_KEY'], secret: true,
    help: 'Key that verifies direct-query service tokens (default: --jwt_signing_key).', group: 'direct query',
  },
});

export type DirectQueryFlags = typeof directQueryFlags;
