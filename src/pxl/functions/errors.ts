// Errors raised while preparing or running a function (bad constant regex, ...). They are
// user errors with a stable code; misuse by our own code stays a TypeError.

export type FunctionErrorCode = 'ERR_PXL_FUNCTION_ARG';

export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  constructor(readonly code: FunctionErrorCode, readonly fn: string, message: string) {
    super(message);
  }
}
