// The gate at the handler edge: runs first on every VizierService call, logs the precise
// refusal reason at debug level (never the token), and hands back the identity or nothing.

import type { Metadata } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import type { AuthGate, ServiceIdentity } from '../auth/index.js';

export interface CallInfo {
  readonly metadata: Metadata;
  getPeer(): string;
}

export async function authenticate(gate: AuthGate, call: CallInfo, method: string, log: Logger): Promise<ServiceIdentity | undefined> {
  const result = await gate.check(call.metadata.get('authorization'));
  if (!result.ok) {
    if (!log.debugEnabled(1)) return undefined;
    log.debug(
      'direct-query: call refused: unauthenticated',
      { method, peer: call.getPeer(), code: result.error.code, reason: result.error.message, ...(result.error.claim ? { claim: result.error.claim } : {}) },
      1,
    );
    return undefined;
  }
  const id = result.identity;
  if (log.debugEnabled(2)) log.debug('direct-query: call authenticated', { method, peer: call.getPeer(), serviceId: id.serviceId, key: id.key, jti: id.jti !== undefined }, 2);
  return id;
}
