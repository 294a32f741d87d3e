// The executor's public surface.
export { executePlan, runPlan } from './executor.js';
export type { ExecuteOptions, ResultEvent, ResultTable } from './executor.js';
export { MemoryTableProvider } from './provider.js';
export { StoreTableProvider } from './store-provider.js';
export type { SnapshotSource } from './store-provider.js';
export { prunePlan } from './prune.js';
export type { TableProvider, TimeRange } from './provider.js';
export { ExecError } from './errors.js';
export type { ExecErrorCode } from './errors.js';
export { Scheduler, DEFAULT_SLICE_MS } from './scheduler.js';
export type { AgentInfo } from './operators/udtf.js';
export type { TableInfo } from './provider.js';
export { ResultBufferPool, ResultLease, resultBufferPool, RESULT_BUFFER_BYTES } from './result-buffers.js';
