// Version and build identity, replaced at bundle time by build.mjs (defines); running from
// source reports "dev".

declare const PEMDQ_VERSION: string;
declare const PEMDQ_PROFILE: string;

export const VERSION: string = typeof PEMDQ_VERSION === 'string' ? PEMDQ_VERSION : '0.0.0-dev';
export const PROFILE: string = typeof PEMDQ_PROFILE === 'string' ? PEMDQ_PROFILE : 'source';
