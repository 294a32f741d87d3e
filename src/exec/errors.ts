// Errors the executor raises. Codes are stable strings; an aborted query is not a failure of
// the engine but still surfaces as an error so callers stop consuming.

export type ExecErrorCode =
  | 'ERR_EXEC_ABORTED'
  | 'ERR_EXEC_UNKNOWN_TABLE'
  | 'ERR_EXEC_UNKNOWN_COLUMN'
  | 'ERR_EXEC_BAD_PLAN'
  /** A function refused its arguments at run time (e.g. an invalid regular expression). */
  | 'ERR_EXEC_FUNCTION';

export class ExecError extends Error {
  override readonly name = 'ExecError';
  constructor(readonly code: ExecErrorCode, message: string, readonly details: Readonly<Record<string, string | number>> = {}) {
    super(message);
  }
}
