// Public surface of the direct-query auth gate.

export { createAuthGate, type AuthGate, type AuthResult, type GateStats, type ServiceIdentity } from './gate.js';
export { AUTH_ERROR_CODES, AuthConfigError, AuthError, type AuthErrorCode } from './errors.js';
export type { GateOptions } from './options.js';
