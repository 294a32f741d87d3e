// Public surface of the config part: flag specs, gflags-style parsing, help text.
export * from './spec.js';
export * from './errors.js';
export * from './parse.js';
export * from './flags.js';
export * from './help.js';
