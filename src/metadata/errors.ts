// Errors of the metadata part, with stable codes and the file position when there is one.

export type MetadataErrorCode = 'ERR_METADATA_FILE_READ' | 'ERR_METADATA_FILE_SYNTAX' | 'ERR_METADATA_FILE_INVALID';

export class MetadataError extends Error {
  readonly code: MetadataErrorCode;
  readonly path: string;
  /** 1-based line and column of the problem, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: MetadataErrorCode, path: string, detail: string, line?: number, column?: number) {
    super(`${path}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${detail}`);
    this.name = 'MetadataError';
    this.code = code;
    this.path = path;
    this.line = line;
    this.column = column;
  }
}
