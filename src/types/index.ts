// Public surface of the shared value types (no dependencies of ours).
export * from './datatype.js';
export * from './column.js';
export * from './relation.js';
