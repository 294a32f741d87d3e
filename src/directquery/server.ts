// Direct-query start-up in numbered, logged steps (key → tls → server → listen), loaded
// by index.ts only when the feature is switched on, so an agent with it off never
// initialises grpc-js, jose or the engine driver. Any failing step is logged with its
// number and leaves the rest of the agent running.

import { setLogger } from '@grpc/grpc-js';
import type { DirectQueryDeps, DirectQueryHandle } from './api.js';
import { createAuthGate } from './auth/index.js';
import { newServer, startListener } from './listener.js';
import { hardenedServerOptions } from './server-options.js';
import { createVizierHandlers } from './service/handlers.js';
import { directQueryServiceDefinition } from './service/definition.js';
import { createTransport, type Transport } from './tls/credentials.js';
import { Admission } from './admission.js';
import { StoreTableProvider } from '../exec/index.js';
import type { ExecuteOptions, QueryCounters } from './service/execute-script.js';
import { AuditTrail } from './service/audit.js';

export const HEALTH_INTERVAL_MS = 5000;
const STEPS = ['key', 'tls', 'server', 'listen'] as const;

/** Starts the listener; the caller has checked that the feature is switched on. */
export async function startDirectQuery(deps: DirectQueryDeps): Promise<DirectQueryHandle> {
  const f = deps.flags;
  const log = deps.log.child({ component: 'direct-query' });
  // grpc-js writes its own errors to the console; route them into our structured log.
  setLogger({
    error: (...a: unknown[]) => log.warn(`grpc-js: ${a.map(String).join(' ')}`),
    info: (...a: unknown[]) => log.debug(`grpc-js: ${a.map(String).join(' ')}`, undefined, 2),
    debug: (...a: unknown[]) => log.debug(`grpc-js: ${a.map(String).join(' ')}`, undefined, 3),
  });
  let step = 0;
  const begin = (detail = '') => {
    step++;
    log.info(`direct-query: step ${step}/${STEPS.length} ${STEPS[step - 1]}${detail}`);
  };
  let transport: Transport | undefined;
  try {
    const ownKey = String(f['direct_query_jwt_signing_key'] ?? '');
    const key = ownKey !== '' ? ownKey : String(f['jwt_signing_key'] ?? '');
    const previousKey = String(f['direct_query_jwt_previous_signing_key'] ?? '');
    begin(
      ` (from ${ownKey !== '' ? '--direct_query_jwt_signing_key' : '--jwt_signing_key / PL_JWT_SIGNING_KEY'}; previous key ${previousKey !== '' ? 'set' : 'not set'})`,
    );
    const gate = await createAuthGate({
      key,
      previousKey,
      clockToleranceS: Number(f['direct_query_clock_tolerance_s']),
      maxLifetimeS: Number(f['direct_query_max_token_lifetime_s']),
      jtiCacheSize: Number(f['direct_query_jti_cache_size']),
      verifiedCacheSize: Number(f['direct_query_verified_token_cache_size']),
    });
    if (Buffer.byteLength(key) < 32) log.warn('direct-query: the signing key is shorter than 32 bytes; HS256 keys should be at least that long');

    const disableSsl = f['disable_ssl'] === true;
    begin(disableSsl ? ' (disabled by PL_DISABLE_SSL)' : '');
    transport = await createTransport(
      {
        disableSsl,
        paths: { ca: String(f['tls_ca_cert']), cert: String(f['client_tls_cert']), key: String(f['client_tls_key']) },
        requireClientCert: f['direct_query_require_client_cert'] === true,
        reloadIntervalMs: Number(f['direct_query_tls_reload_interval_ms']),
      },
      log,
    );
    if (transport.provider) {
      const m = transport.provider.material;
      log.info('direct-query: TLS material loaded', { fingerprint: m.fingerprint, validTo: m.validTo, clientCert: f['direct_query_require_client_cert'] === true ? 'required' : 'not requested' });
    }

    begin();
    const shutdown = new AbortController();
    const execute = executeOptions(deps, shutdown.signal, log);
    const server = newServer(
      hardenedServerOptions({
        maxRequestBytes: Number(f['direct_query_max_request_bytes']),
        maxConcurrentStreams: Number(f['direct_query_max_concurrent_streams']),
        maxConnectionAgeS: Number(f['direct_query_max_connection_age_s']),
        maxConnectionAgeGraceS: Number(f['direct_query_max_connection_age_grace_s']),
      }),
    );
    server.addService(
      directQueryServiceDefinition,
      createVizierHandlers({
        gate,
        log,
        isHealthy: deps.isHealthy ?? (() => true),
        healthIntervalMs: HEALTH_INTERVAL_MS,
        consumerIdleMs: Number(f['direct_query_consumer_idle_timeout_s']) * 1000,
        ...(execute ? { execute } : {}),
      }),
    );

    begin();
    const listener = await startListener(server, String(f['direct_query_bind_address']), Number(f['direct_query_port']), transport.credentials);
    log.info(`direct-query: READY on :${listener.port} (${transport.mode})`, { port: listener.port });
    const t = transport;
    return {
      state: 'ready',
      port: listener.port,
      stop: async (g) => {
        // Running queries get the grace period (--direct_query_shutdown_grace_s, at most g);
        // then they are cancelled and end with UNAVAILABLE; a moment later whatever remains
        // is forced closed.
        const grace = Math.min(g, Number(f['direct_query_shutdown_grace_s']) * 1000);
        const cancel = setTimeout(() => shutdown.abort(), grace);
        await listener.stop(grace + 1000);
        clearTimeout(cancel);
        shutdown.abort();
        t.close();
        execute?.audit.flush();
        // Counts only (never identities): how many tokens lacked a jti, how many still used
        // the previous key (zero means a rotation can be finished), refusals by code.
        log.info('direct-query: stopped; auth summary', { auth: gate.stats() });
      },
    };
  } catch (err) {
    transport?.close();
    log.error(`direct-query: step ${step}/${STEPS.length} ${STEPS[step - 1]} failed: ${errorText(err)}; direct query is off, the rest of the agent keeps running`, {
      step: STEPS[step - 1],
      ...(hasCode(err) ? { code: err.code } : {}),
    });
    return { state: 'failed', stop: async () => {} };
  }
}

/** How ExecuteScript runs queries, or undefined when the agent has no data plane. */
export function executeOptions(deps: DirectQueryDeps, shutdown: AbortSignal, log: DirectQueryDeps['log']): ExecuteOptions | undefined {
  if (!deps.engine) return undefined;
  const f = deps.flags;
  const counters: QueryCounters = { started: 0, completed: 0, cancelled: 0, failed: 0, refused: 0, running: 0 };
  return {
    engine: {
      catalog: deps.engine.store,
      provider: new StoreTableProvider(deps.engine.store),
      metadata: deps.engine.metadata,
      compileLimits: {
        maxScriptChars: Number(f['pxl_max_script_chars']),
        maxTokens: Number(f['pxl_max_tokens']),
        maxNesting: Number(f['pxl_max_nesting']),
        maxResultRows: Number(f['direct_query_max_rows_per_table']),
      },
    },
    admission: new Admission({ maxConcurrent: Number(f['direct_query_max_concurrent']), maxQueued: Number(f['direct_query_max_queued']) }),
    limits: {
      maxMessageBytes: Number(f['direct_query_max_message_bytes']),
      maxRowsPerTable: Number(f['direct_query_max_rows_per_table']),
      maxResultBytes: Number(f['direct_query_max_result_bytes']),
    },
    maxBytesInFlight: Number(f['direct_query_max_bytes_in_flight']),
    consumerIdleMs: Number(f['direct_query_consumer_idle_timeout_s']) * 1000,
    defaultDeadlineMs: Number(f['direct_query_default_deadline_s']) * 1000,
    shutdown,
    log,
    audit: new AuditTrail(log),
    counters,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hasCode(err: unknown): err is { code: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}
