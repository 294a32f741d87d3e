// Errors of the table store, with stable string codes (see STYLE.md, "Errors carry codes").

export type StoreErrorCode =
  | 'ERR_STORE_BAD_SCHEMA'
  | 'ERR_STORE_UNKNOWN_TABLE'
  | 'ERR_STORE_TABLE_EXISTS'
  | 'ERR_STORE_BAD_BATCH';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly table: string | undefined;

  constructor(code: StoreErrorCode, message: string, table?: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.table = table;
  }
}
