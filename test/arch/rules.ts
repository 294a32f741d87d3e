// The import rules of shared/ARCHITECTURE.md as data: which parts and npm packages each
// part of src/ may import. The checker (checker.ts) enforces exactly this table; to admit
// a new part, dependency or exception, edit it here and say why.

/** Folders directly under src/; each is one part. */
export const PARTS = [
  'agent', 'config', 'log', 'types', 'store', 'metadata', 'sources',
  'pxl', 'exec', 'directquery', 'proto', 'client', 'cli',
] as const;

export type PartName = (typeof PARTS)[number];

/** What code under one rule may import. Its own part is always allowed unless `ownFiles` narrows it. */
export interface Rule<P extends string = string> {
  readonly why: string;
  /** Other parts it may import; '*' means every part except `notParts`. */
  readonly parts: readonly P[] | '*';
  readonly notParts?: readonly P[];
  /** When set, the only files of its own part it may import (a pattern ending in '/' is a folder). */
  readonly ownFiles?: readonly string[];
  /** npm packages it may import (runtime or type); '*' means any. Node built-ins are always allowed. */
  readonly packages: readonly string[] | '*';
  /** npm packages it may import only through `import type` / `export type`. */
  readonly typePackages?: readonly string[];
}

/** One edge allowed on top of the rules. Patterns ending in '/' match a folder. */
export interface Exception {
  readonly why: string;
  readonly from: string;
  readonly to: string;
  /** When true, only `import type` / `export type` of the target is allowed. */
  readonly typeOnly: boolean;
}

export interface RuleSet {
  readonly parts: readonly string[];
  /** Files outside a part folder that still belong to a part. */
  readonly fileParts: Readonly<Record<string, string>>;
  readonly partRules: Readonly<Record<string, Rule>>;
  /** Files held to a narrower rule than their part's (used instead of it). */
  readonly fileRules: Readonly<Record<string, Rule>>;
  readonly exceptions: readonly Exception[];
}

const partRules: Record<PartName, Rule<PartName>> = {
  config: { why: 'config is read by everyone, so it depends on nothing of ours', parts: [], packages: [] },
  log: { why: 'log is a leaf utility', parts: [], packages: [] },
  types: { why: 'types are the shared vocabulary and depend on nothing', parts: [], packages: [] },
  store: { why: 'the table store knows neither PxL nor gRPC', parts: ['types', 'log'], packages: [] },
  sources: {
    why: 'sources produce rows into the store; they never see the engine or the wire',
    parts: ['store', 'metadata', 'types', 'log', 'config'],
    packages: [],
  },
  metadata: {
    why: 'metadata state is consulted by the engine, never the other way round',
    parts: ['types', 'log'],
    packages: ['yaml'], // --metadata_file may be YAML
  },
  pxl: {
    why: 'the compiler reads store schemas and metadata interfaces; it executes nothing and knows no wire format',
    parts: ['store', 'metadata', 'types'],
    packages: [],
  },
  exec: {
    why: 'the executor runs plans over the store; it knows nothing of gRPC, protobuf or JWTs',
    parts: ['store', 'metadata', 'pxl', 'types', 'log'],
    packages: [],
  },
  directquery: {
    why: 'the feature may use everything below it, but nothing that starts or drives it',
    parts: '*',
    notParts: ['agent', 'cli', 'client'],
    packages: '*',
  },
  proto: {
    why: 'the wire contract is protobuf-es code over shared types; grpc-js appears as types only, so importing it never loads grpc-js',
    parts: ['types'],
    packages: ['@bufbuild/protobuf'],
    typePackages: ['@grpc/grpc-js'],
  },
  client: {
    why: 'the client talks to the server only over the wire contract (it mints its own service tokens)',
    parts: ['proto', 'config', 'log', 'types'],
    packages: ['@grpc/grpc-js', '@bufbuild/protobuf', 'jose'],
  },
  cli: {
    why: 'the command-line tool is a client; it never reaches into server internals',
    parts: ['client', 'proto', 'config', 'log', 'types'],
    packages: ['@grpc/grpc-js', '@bufbuild/protobuf'],
  },
  agent: {
    why: 'the agent wires everything, but reaches direct query only through the build-time switch',
    parts: '*',
    notParts: ['directquery'],
    packages: '*',
  },
};

const fileRules: Record<string, Rule<PartName>> = {
  'src/directquery/stub.ts': {
    why: 'the stripped bundle replacement must not pull in anything the real module needs',
    parts: ['types', 'log', 'config'],
    ownFiles: ['src/directquery/api.ts'],
    packages: [],
  },
};

const exceptions: Exception[] = [
  {
    why: 'the one build-time switch picks the real module or the stub',
    from: 'src/agent/feature.ts',
    to: 'src/directquery/',
    typeOnly: false,
  },
  {
    why: 'the feature surface is types only and is erased from both bundles',
    from: 'src/agent/',
    to: 'src/directquery/api.ts',
    typeOnly: true,
  },
];

export const rules: RuleSet = {
  parts: PARTS,
  fileParts: { 'src/main.ts': 'agent' },
  partRules,
  fileRules,
  exceptions,
};
