// Flag specifications: the typed description of one command-line flag and its env fallback.
// Kept free of values so that the feature's flags can live in the feature module and be
// merged in only when the build includes it.

export type FlagKind = 'bool' | 'int' | 'float' | 'string' | 'enum' | 'list';

interface BaseSpec<K extends FlagKind, T> {
  readonly kind: K;
  readonly help: string;
  readonly default: T;
  /** Env variables consulted, in order, when the flag is not on the command line. */
  readonly env?: readonly string[];
  /** Never echo the value (signing keys). */
  readonly secret?: boolean;
  /** Group shown in --help. */
  readonly group?: string;
}

export interface BoolSpec extends BaseSpec<'bool', boolean> {}
export interface IntSpec extends BaseSpec<'int', number> { readonly min?: number; readonly max?: number }
export interface FloatSpec extends BaseSpec<'float', number> { readonly min?: number; readonly max?: number }
export interface StringSpec extends BaseSpec<'string', string> {}
export interface EnumSpec<C extends string = string> extends BaseSpec<'enum', C> { readonly choices: readonly C[] }
/** Repeatable; also accepts comma-separated values unless `noSplit` (values that may hold commas). */
export interface ListSpec extends BaseSpec<'list', readonly string[]> { readonly noSplit?: boolean }

export type FlagSpec = BoolSpec | IntSpec | FloatSpec | StringSpec | EnumSpec | ListSpec;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValue<S extends FlagSpec> =
  S extends { kind: 'enum'; choices: readonly (infer C)[] } ? C
  : S extends { kind: 'list' } ? readonly string[]
  : S extends { kind: 'bool' } ? boolean
  : S extends { kind: 'int' | 'float' } ? number
  : string;
export type FlagValues<S extends FlagSpecs> = { readonly [K in keyof S]: FlagValue<S[K]> };

/** Identity helper that keeps the literal types of a spec table. */
export function defineFlags<const S extends FlagSpecs>(specs: S): S {
  return specs;
}

/** Where a flag's value came from, for diagnostics (never the value itself). */
export type FlagSource = 'flag' | 'env' | 'default';
