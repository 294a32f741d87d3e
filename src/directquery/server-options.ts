// Hardened grpc-js server options from the feature's flags: bounded request size, bounded
// streams per connection, connection age; metadata allowed just above the gate's 8 KiB
// header cap so that an oversized token reaches the gate and gets its uniform refusal;
// channelz bookkeeping off.

import type { ServerOptions } from '@grpc/grpc-js';
import { DEFAULT_MAX_HEADER_BYTES } from './auth/options.js';

export interface HardeningFlags {
  readonly maxRequestBytes: number;
  readonly maxConcurrentStreams: number;
  readonly maxConnectionAgeS: number;
  readonly maxConnectionAgeGraceS: number;
}

export function hardenedServerOptions(f: HardeningFlags): ServerOptions {
  return {
    'grpc.max_receive_message_length': f.maxRequestBytes,
    'grpc.max_concurrent_streams': f.maxConcurrentStreams,
    'grpc.max_connection_age_ms': f.maxConnectionAgeS * 1000,
    'grpc.max_connection_age_grace_ms': f.maxConnectionAgeGraceS * 1000,
    'grpc.max_metadata_size': 2 * DEFAULT_MAX_HEADER_BYTES + 4096,
    // Channelz (grpc-js's introspection service) is never served here; its per-call
    // bookkeeping was ~5 % of a trivial query's server time.
    'grpc.enable_channelz': 0,
  };
}
