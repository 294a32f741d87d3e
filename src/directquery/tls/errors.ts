// TLS material problems. Each names the file (paths are not secret) and never its content.

export type TlsErrorCode = 'ERR_TLS_FILE_MISSING' | 'ERR_TLS_FILE_UNREADABLE' | 'ERR_TLS_FILE_INVALID' | 'ERR_TLS_KEY_MISMATCH';

export class TlsMaterialError extends Error {
  readonly code: TlsErrorCode;
  /** The file at fault. */
  readonly file: string;

  constructor(code: TlsErrorCode, file: string, message: string) {
    super(message);
    this.name = 'TlsMaterialError';
    this.code = code;
    this.file = file;
  }
}
