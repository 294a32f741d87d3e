// gflags-style argument parsing: `--flag=value`, `--flag value`, `-flag`, `--noflag` for
// booleans, `--` ends flags. Each flag falls back to its env variables, then its default.
// Errors name the flag, the offending value (unless secret) and the expected type.

import { ConfigError } from './errors.js';
import type { FlagSpec, FlagSpecs, FlagValues, FlagSource } from './spec.js';

export interface ParsedArgs<S extends FlagSpecs> {
  readonly values: FlagValues<S>;
  /** Where each value came from. */
  readonly sources: Readonly<Record<keyof S & string, FlagSource>>;
  /** Non-flag arguments in order (the command, its operands). */
  readonly positionals: readonly string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

export function parseArgs<S extends FlagSpecs>(specs: S, argv: readonly string[], env: Env): ParsedArgs<S> {
  const raw = new Map<string, string[]>();
  const positionals: string[] = [];
  const specMap = new Map<string, FlagSpec>(Object.entries(specs));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    let value: string | undefined = eq === -1 ? undefined : body.slice(eq + 1);
    let spec = specMap.get(name);
    let key = name;
    if (spec === undefined && name.startsWith('no') && value === undefined) {
      const negated = specMap.get(name.slice(2));
      if (negated?.kind === 'bool') {
        spec = negated;
        key = name.slice(2);
        value = 'false';
      }
    }
    if (spec === undefined) throw new ConfigError('ERR_CONFIG_UNKNOWN_FLAG', `unknown flag: --${name}`, name);
    if (value === undefined) {
      if (spec.kind === 'bool') value = 'true';
      else {
        const next = argv[i + 1];
        if (next === undefined) {
          throw new ConfigError('ERR_CONFIG_MISSING_VALUE', `flag --${key} needs a value (${expected(spec)})`, key);
        }
        value = next;
        i++;
      }
    }
    const list = raw.get(key);
    if (list) list.push(value);
    else raw.set(key, [value]);
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, FlagSource> = {};
  for (const [key, spec] of specMap) {
    const given = raw.get(key);
    if (given !== undefined) {
      values[key] = convertAll(key, spec, given, `--${key}`);
      sources[key] = 'flag';
      continue;
    }
    const envName = spec.env?.find((e) => env[e] !== undefined && env[e] !== '');
    if (envName !== undefined) {
      values[key] = convertAll(key, spec, [env[envName]!], envName);
      sources[key] = 'env';
      continue;
    }
    values[key] = spec.default;
    sources[key] = 'default';
  }
  return { values: values as FlagValues<S>, sources: sources as ParsedArgs<S>['sources'], positionals };
}

function convertAll(key: string, spec: FlagSpec, given: readonly string[], where: string): unknown {
  if (spec.kind === 'list') {
    if (spec.noSplit) return [...given];
    return given.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  }
  // The last occurrence wins, as in gflags.
  return convert(key, spec, given[given.length - 1]!, where);
}

/** Converts one textual value; throws a ConfigError naming flag, value and expected type. */
export function convert(key: string, spec: FlagSpec, text: string, where = `--${key}`): unknown {
  const bad = (): never => {
    const shown = spec.secret ? '(value hidden)' : JSON.stringify(text);
    throw new ConfigError('ERR_CONFIG_BAD_VALUE', `invalid value for ${where}: ${shown}; expected ${expected(spec)}`, key);
  };
  switch (spec.kind) {
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === '1' || t === 'yes' || t === 'y' || t === 't') return true;
      if (t === 'false' || t === '0' || t === 'no' || t === 'n' || t === 'f') return false;
      return bad();
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(text.trim())) return bad();
      const n = Number(text.trim());
      if (!Number.isSafeInteger(n)) return bad();
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return bad();
      return n;
    }
    case 'float': {
      const t = text.trim();
      if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return bad();
      const n = Number(t);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return bad();
      return n;
    }
    case 'enum':
      return spec.choices.includes(text) ? text : bad();
    case 'string':
      return text;
    case 'list':
      return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
}

/** Human description of the accepted values of a flag. */
export function expected(spec: FlagSpec): string {
  switch (spec.kind) {
    case 'bool': return 'a boolean (true/false, 1/0, yes/no)';
    case 'int': return `an integer${range(spec.min, spec.max)}`;
    case 'float': return `a number${range(spec.min, spec.max)}`;
    case 'enum': return `one of ${spec.choices.join(', ')}`;
    case 'string': return 'a string';
    case 'list': return 'a comma-separated list';
  }
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}
