// Flags of the direct-query feature. They exist only in the enabled bundle: the stripped
// bundle does not contain this file, so its parser answers "unknown flag" for each.
// The TLS material flags keep the original agent's names and env variables: only this
// feature serves TLS, so they live here too.

import { defineFlags } from '../config/spec.js';

const group = 'direct query';
const tls = 'direct query: transport';
const limits = 'direct query: limits';

export const directQueryFlags = defineFlags({
  direct_query_enabled: {
    kind: 'bool', default: false, env: ['PL_PEM_DIRECT_QUERY_ENABLED'],
    help: 'Serve VizierService on this node for direct, JWT-authenticated queries.', group,
  },
  direct_query_port: {
    kind: 'int', min: 0, max: 65535, default: 50305, env: ['PL_PEM_DIRECT_QUERY_PORT'],
    help: 'TCP port of the direct-query listener (0 picks a free port).', group,
  },
  direct_query_bind_address: {
    kind: 'string', default: '0.0.0.0', env: ['PL_PEM_DIRECT_QUERY_BIND_ADDRESS'],
    help: 'Address the direct-query listener binds to.', group,
  },
  direct_query_jwt_signing_key: {
    kind: 'string', default: '', env: ['PL_PEM_DIRECT_QUERY_JWT_SIGNING_KEY'], secret: true,
    help: 'Key that verifies direct-query service tokens (default: --jwt_signing_key).', group,
  },
  direct_query_jwt_previous_signing_key: {
    kind: 'string', default: '', env: ['PL_JWT_SIGNING_KEY_PREV'], secret: true,
    help: 'Key being rotated out: still verifies service tokens, never mints. Unset it once rotation is done.', group,
  },
  direct_query_clock_tolerance_s: {
    kind: 'int', min: 0, max: 300, default: 30, env: ['PL_PEM_DIRECT_QUERY_CLOCK_TOLERANCE_S'],
    help: 'Clock skew allowed for a token\'s nbf and iat, in seconds (exp is strict).', group,
  },
  direct_query_max_token_lifetime_s: {
    kind: 'int', min: 1, max: 86_400, default: 900, env: ['PL_PEM_DIRECT_QUERY_MAX_TOKEN_LIFETIME_S'],
    help: 'Tokens expiring further ahead than this many seconds are refused.', group,
  },
  direct_query_jti_cache_size: {
    kind: 'int', min: 1, max: 10_000_000, default: 100_000, env: ['PL_PEM_DIRECT_QUERY_JTI_CACHE_SIZE'],
    help: 'Replay guard: how many token ids (jti) are remembered until their tokens expire.', group,
  },
  direct_query_verified_token_cache_size: {
    kind: 'int', min: 0, max: 1_000_000, default: 1024, env: ['PL_PEM_DIRECT_QUERY_VERIFIED_TOKEN_CACHE_SIZE'],
    help: 'How many accepted tokens without a jti are remembered so that reusing one skips re-verification (0: off).', group,
  },
  direct_query_max_request_bytes: {
    kind: 'int', min: 1024, max: 64 * 1024 * 1024, default: 1024 * 1024, env: ['PL_PEM_DIRECT_QUERY_MAX_REQUEST_BYTES'],
    help: 'Largest request message accepted, in bytes.', group,
  },
  direct_query_max_concurrent_streams: {
    kind: 'int', min: 1, max: 10_000, default: 64, env: ['PL_PEM_DIRECT_QUERY_MAX_CONCURRENT_STREAMS'],
    help: 'Concurrent calls per client connection (HTTP/2 streams); further calls wait.', group,
  },
  direct_query_consumer_idle_timeout_s: {
    kind: 'int', min: 1, max: 3600, default: 180, env: ['PL_PEM_DIRECT_QUERY_CONSUMER_IDLE_TIMEOUT_S'],
    help: 'A stream whose client reads nothing for this many seconds is ended.', group,
  },
  direct_query_max_connection_age_s: {
    kind: 'int', min: 1, max: 7 * 86_400, default: 1800, env: ['PL_PEM_DIRECT_QUERY_MAX_CONNECTION_AGE_S'],
    help: 'Connections older than this are asked to reconnect (GOAWAY); open calls get a grace period.', group,
  },
  direct_query_max_connection_age_grace_s: {
    kind: 'int', min: 0, max: 86_400, default: 300, env: ['PL_PEM_DIRECT_QUERY_MAX_CONNECTION_AGE_GRACE_S'],
    help: 'Grace period for calls on a connection past its maximum age, in seconds.', group,
  },
  direct_query_require_client_cert: {
    kind: 'bool', default: false, env: ['PL_PEM_DIRECT_QUERY_REQUIRE_CLIENT_CERT'],
    help: 'Require clients to present a certificate issued by --tls_ca_cert (mutual TLS).', group: tls,
  },
  direct_query_tls_reload_interval_ms: {
    kind: 'int', min: 0, max: 3_600_000, default: 10_000, env: ['PL_PEM_DIRECT_QUERY_TLS_RELOAD_INTERVAL_MS'],
    help: 'How often the TLS files are checked for changes (0: never reload).', group: tls,
  },
  tls_ca_cert: {
    kind: 'string', default: 'services/certs/ca.crt', env: ['PL_TLS_CA_CERT'],
    help: 'CA bundle of the cluster (verifies client certificates under mutual TLS).', group: tls,
  },
  client_tls_cert: {
    kind: 'string', default: 'services/certs/client.crt', env: ['PL_CLIENT_TLS_CERT'],
    help: 'Certificate (chain) this agent presents.', group: tls,
  },
  client_tls_key: {
    kind: 'string', default: 'services/certs/client.key', env: ['PL_CLIENT_TLS_KEY'],
    help: 'Private key of --client_tls_cert.', group: tls,
  },
  disable_ssl: {
    kind: 'bool', default: false, env: ['PL_DISABLE_SSL'],
    help: 'Serve direct query in plaintext (development only; logs a warning).', group: tls,
  },
  direct_query_max_concurrent: {
    kind: 'int', min: 1, max: 1024, default: 4, env: ['PL_PEM_DIRECT_QUERY_MAX_CONCURRENT'],
    help: 'Queries that run at once.', group: limits,
  },
  direct_query_max_queued: {
    kind: 'int', min: 0, max: 100_000, default: 16, env: ['PL_PEM_DIRECT_QUERY_MAX_QUEUED'],
    help: 'Queries that wait for a slot; beyond that a query is refused with RESOURCE_EXHAUSTED.', group: limits,
  },
  direct_query_max_message_bytes: {
    kind: 'int', min: 4096, max: 64 * 1024 * 1024, default: 1024 * 1024, env: ['PL_PEM_DIRECT_QUERY_MAX_MESSAGE_BYTES'],
    help: 'Largest response message; result batches are split to fit.', group: limits,
  },
  direct_query_max_bytes_in_flight: {
    kind: 'int', min: 64 * 1024, max: 1024 * 1024 * 1024, default: 8 * 1024 * 1024, env: ['PL_PEM_DIRECT_QUERY_MAX_BYTES_IN_FLIGHT'],
    help: 'Per call, response bytes handed to the transport but not yet sent.', group: limits,
  },
  direct_query_max_rows_per_table: {
    kind: 'int', min: 1, max: 1_000_000_000, default: 1_000_000, env: ['PL_PEM_DIRECT_QUERY_MAX_ROWS_PER_TABLE'],
    help: 'Rows per result table at most, and the highest max_output_rows_per_table a script may set (a script that sets none gets 10000, as in Pixie).', group: limits,
  },
  pxl_max_script_chars: {
    kind: 'int', min: 1, max: 100_000_000, default: 1_000_000, env: ['PL_PEM_PXL_MAX_SCRIPT_CHARS'],
    help: 'Largest PxL script accepted, in characters.', group: limits,
  },
  pxl_max_tokens: {
    kind: 'int', min: 1, max: 100_000_000, default: 200_000, env: ['PL_PEM_PXL_MAX_TOKENS'],
    help: 'Most tokens in one PxL script.', group: limits,
  },
  pxl_max_nesting: {
    kind: 'int', min: 1, max: 10_000, default: 100, env: ['PL_PEM_PXL_MAX_NESTING'],
    help: 'Deepest bracket, block and expression nesting in one PxL script.', group: limits,
  },
  direct_query_max_result_bytes: {
    kind: 'int', min: 1024, max: 64 * 1024 * 1024 * 1024, default: 256 * 1024 * 1024, env: ['PL_PEM_DIRECT_QUERY_MAX_RESULT_BYTES'],
    help: 'Encoded result bytes per query at most.', group: limits,
  },
  direct_query_default_deadline_s: {
    kind: 'int', min: 1, max: 86_400, default: 300, env: ['PL_PEM_DIRECT_QUERY_DEFAULT_DEADLINE_S'],
    help: 'Deadline of calls that set none, seconds.', group: limits,
  },
  direct_query_shutdown_grace_s: {
    kind: 'int', min: 0, max: 3600, default: 10, env: ['PL_PEM_DIRECT_QUERY_SHUTDOWN_GRACE_S'],
    help: 'On SIGTERM/SIGINT, how long running queries may finish before they are cancelled.', group: limits,
  },
});

export type DirectQueryFlags = typeof directQueryFlags;
