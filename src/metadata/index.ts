// Public surface of the metadata part.
export * from './api.js';
export { AgentMetadataState, MetadataBuilder, metadataBuilder, type PodSpec } from './state.js';
export { MetadataError, type MetadataErrorCode } from './errors.js';
export { parseMetadataText } from './file.js';
export { FileMetadataSource, type FileSourceOptions } from './file-source.js';
export { HostMetadataSource, hostIdentity, readProcessInfo } from './host.js';
export { parseInt64, parseRfc3339Ns, parseTimeNs } from './time.js';
export * from './proc.js';
