// The proof that the stripped bundle holds no direct-query code. One list, extended by each
// issue that adds feature code: every marker is a string or identifier that only the real
// src/directquery module (or a library only it uses) contains. The enabled bundle must
// contain every marker; the stripped bundle none.

export const FEATURE_MARKERS: readonly string[] = [
  // config surface (src/directquery/flags.ts)
  'direct_query_enabled',
  'direct_query_port',
  'direct_query_bind_address',
  'direct_query_jwt_signing_key',
  // listener lifecycle (src/directquery/index.ts, listener.ts)
  'direct-query: READY on',
  'startDirectQuery',
  'startListener',
  'tryShutdown',
  // auth gate (src/directquery/auth) and transport security (src/directquery/tls)
  'ERR_AUTH_NO_CREDENTIALS',
  'ERR_AUTH_REPLAY_CACHE_FULL',
  'ERR_AUTH_SIGNATURE',
  'ERR_TLS_KEY_MISMATCH',
  'createAuthGate',
  'extractBearer',
  'parseCompact',
  'isCanonicalBase64url',
  'checkClaims',
  'ReplayGuard',
  'importVerificationKeys',
  'ReloadingCertificateProvider',
  'createTransport',
  'createVizierHandlers',
  'streamHealth',
  'hardenedServerOptions',
  'compactVerify',
  'createCertificateProviderServerCredentials',
  'direct query: authentication failed',
  'direct query is read-only: mutations are not accepted',
  'TLS material reloaded',
  // engine driver (src/directquery/driver) and result encoding
  'driveQuery',
  'batchFrames',
  'writeRowBatch',
  'ERR_DQ_ROW_TOO_LARGE',
  'direct-query: audit',
  // drain loop and admission (src/directquery/drain, admission.ts)
  'maxBytesInFlight',
  'waitForClient',
  'init_admission',
  // the query client and `pemdq query` (src/client, src/cli), loaded with the feature
  'mintServiceToken',
  'runQuery',
  'collectResult',
  'insecure_skip_verify',
];

/** Metafile inputs that must never reach the stripped bundle (path prefixes). */
export const FORBIDDEN_STRIPPED_INPUTS: readonly string[] = [
  'src/directquery/',
  'node_modules/jose/',
  'node_modules/@grpc/',
];

/** The one src/directquery file the stripped bundle may contain. */
export const STUB_INPUT = 'src/directquery/stub.ts';

export interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** Everything that proves `bundle`/`meta` contain feature code; empty when clean. */
export function strippedViolations(bundle: string, meta: Metafile): string[] {
  const found: string[] = [];
  for (const m of FEATURE_MARKERS) if (bundle.includes(m)) found.push(`marker present: ${m}`);
  const inputs = new Set<string>(Object.keys(meta.inputs));
  for (const out of Object.values(meta.outputs)) for (const i of Object.keys(out.inputs)) inputs.add(i);
  for (const input of [...inputs].sort()) {
    if (input === STUB_INPUT) continue;
    const bad = FORBIDDEN_STRIPPED_INPUTS.find((p) => input.startsWith(p));
    if (bad !== undefined) found.push(`input present: ${input}`);
  }
  return found;
}

/** Markers missing from the enabled bundle; empty when every marker is there. */
export function missingMarkers(bundle: string): string[] {
  return FEATURE_MARKERS.filter((m) => !bundle.includes(m));
}
