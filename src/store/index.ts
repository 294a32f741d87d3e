// Public surface of the table store (imported by sources, the engine and the agent).
export { TableStore, type StoreOptions } from './store.js';
export type { TableSnapshot, TableStats, TimeRange } from './table.js';
export type { StoredBatch } from './batch.js';
export { BatchBuilder, type CellValue } from './builder.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { tableSchema, tableNames, builtinTable, parseTableDeclaration, BUILTIN_TABLES, type TableSchema } from './schemas.js';
export { STRING_VALUE_OVERHEAD } from './bytes.js';
