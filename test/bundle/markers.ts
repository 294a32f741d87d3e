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
  'VerifiedTokenCache',
  'direct_query_verified_token_cache_size',
  'importVerificationKeys',
  'ReloadingCertificateProvider',
  'createTransport',
  'createVizierHandlers',
  'streamHealth',
  'hardenedServerOptions',
  'verifySignature',
  'importHmacKey',
  'hmacSha256',
  'ACCEPTED_HEADERS',
  'createCertificateProviderServerCredentials',
  'direct query: authentication failed',
  'direct query is read-only: mutations are not accepted',
  'TLS material reloaded',
  // engine driver (src/directquery/driver) and result encoding
  'driveQuery',
  'batchFrames',
  'writeRowBatch',
  'encodeStrings',
  'encodeMetaResponse',
  'encodeStatsResponse',
  'ERR_DQ_ROW_TOO_LARGE',
  'direct-query: audit',
  'AuditTrail',
  // drain loop and admission (src/directquery/drain, admission.ts)
  'maxBytesInFlight',
  'waitForClient',
  'new Admission(', // (was init_admission: an esbuild wrapper name, gone with code splitting)
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
  outputs: Record<string, {
    inputs: Record<string, unknown>;
    entryPoint?: string;
    imports?: { path: string; kind: string; external?: boolean }[];
  }>;
}

/**
 * The src/directquery inputs a process of the enabled bundle loads with the feature off:
 * the feature's flags and its lazy start. Everything else of the feature (server, auth,
 * engine driver, grpc-js, jose, the query client) must sit behind a dynamic import.
 */
export const FEATURE_OFF_INPUTS: readonly string[] = ['src/directquery/index.ts', 'src/directquery/flags.ts'];

/** Inputs that only the query client (`pemdq query`) may load. */
export const CLIENT_ONLY_INPUTS: readonly string[] = ['src/cli/query.ts', 'src/client/'];

/** Output files loaded by static imports from `start` (including `start`). */
export function staticClosure(meta: Metafile, start: string): string[] {
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    const o = meta.outputs[out];
    if (o === undefined) throw new Error(`metafile has no output ${out}`);
    seen.add(out);
    for (const i of o.imports ?? []) if (!i.external && i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  return [...seen];
}

/**
 * What proves that running `entry` with the feature off would load feature code: the
 * entry's static imports plus those of the chunk of src/directquery/index.ts (loaded for
 * the flags) may hold no feature input beyond FEATURE_OFF_INPUTS. Empty when clean.
 */
export function featureOffViolations(meta: Metafile, entry: string): string[] {
  const starts = [entry, ...Object.keys(meta.outputs).filter((k) => meta.outputs[k]!.entryPoint === 'src/directquery/index.ts')];
  const loaded = new Set(starts.flatMap((s) => staticClosure(meta, s)));
  const found: string[] = [];
  for (const out of [...loaded].sort()) {
    for (const input of Object.keys(meta.outputs[out]!.inputs).sort()) {
      if (FEATURE_OFF_INPUTS.includes(input)) continue;
      const bad = [...FORBIDDEN_STRIPPED_INPUTS, ...CLIENT_ONLY_INPUTS].find((p) => input.startsWith(p));
      if (bad !== undefined) found.push(`${out} loads ${input}`);
    }
  }
  return found;
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
