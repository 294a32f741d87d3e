// Errors of the sources part, with stable codes.

export type SourceErrorCode = 'ERR_SOURCE_SPEC' | 'ERR_SOURCE_SCHEMA';

export class SourceError extends Error {
  readonly code: SourceErrorCode;

  constructor(code: SourceErrorCode, message: string) {
    super(message);
    this.name = 'SourceError';
    this.code = code;
  }
}
