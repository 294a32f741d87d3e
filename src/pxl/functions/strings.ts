// String UDFs: contains, find, length, substring, atoi, split, regex_match, replace,
// has_service_name, nslookup. Positions and lengths count UTF-8 bytes like Pixie's C++
// (ASCII strings take a fast path). Regex patterns must be constants (compiled once).

import { DataType as T, SemanticType } from '../../types/index.js';
import type { Column } from '../../types/index.js';
import type { Arg, ScalarOverload } from './registry.js';
import { fixedSemantic } from './registry.js';
import { bigintArg, defineScalar, mapStrings, none, stringArg } from './kernel.js';
import { FunctionError } from './errors.js';

const NON_ASCII = /[^\x00-\x7f]/;

function boolOf(n: number, f: (i: number) => boolean): Column {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i) ? 1 : 0;
  return { type: T.BOOLEAN, data: out };
}

function intOf(n: number, f: (i: number) => bigint): Column {
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return { type: T.INT64, data: out };
}

/** A byte offset for a code-unit offset into s. */
function byteIndex(s: string, units: number): number {
  return NON_ASCII.test(s) ? Buffer.byteLength(s.slice(0, units)) : units;
}

/** Pixie's substring: "" when pos < 0, pos > len(s) or len < 0; clipped at the end. */
export function substringBytes(s: string, pos: number, len: number): string {
  if (!NON_ASCII.test(s)) {
    if (pos < 0 || pos > s.length || len < 0) return '';
    return s.substr(pos, len);
  }
  const b = Buffer.from(s);
  if (pos < 0 || pos > b.length || len < 0) return '';
  return b.subarray(pos, Math.min(b.length, pos + len)).toString();
}

/** absl::SimpleAtoi: optional whitespace and sign around decimal digits, within int64. */
export function atoi(s: string, dflt: bigint): bigint {
  const m = /^\s*([+-]?\d+)\s*$/.exec(s);
  if (m === null) return dflt;
  const v = BigInt(m[1]!);
  return v === BigInt.asIntN(64, v) ? v : dflt;
}

/** Compiles a constant RE2-style pattern to a JS RegExp (anchored for a full match). */
export function compilePattern(fn: string, a: Arg, full: boolean): RegExp {
  if (a.kind !== 'const' || typeof a.value !== 'string') {
    throw new FunctionError('ERR_PXL_FUNCTION_ARG', fn, `${fn}: the pattern must be a constant string`);
  }
  try {
    return new RegExp(full ? `^(?:${a.value})$` : a.value, full ? 'u' : 'gu');
  } catch (e) {
    throw new FunctionError('ERR_PXL_FUNCTION_ARG', fn, `${fn}: invalid regular expression '${a.value}': ${(e as Error).message}`);
  }
}

/** RE2 rewrite string → JS replacement: \1 back-references, \\ a backslash, $ literal. */
export function re2Replacement(repl: string): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!;
    if (c === '\\' && i + 1 < repl.length) {
      const d = repl[i + 1]!;
      i++;
      out += d >= '0' && d <= '9' ? `$${d}` : d;
    } else out += c === '$' ? '$$' : c;
  }
  return out;
}

/** svc equals name, or svc is a JSON array string containing name. */
export function hasServiceName(svc: string, name: string): boolean {
  if (svc === name) return true;
  if (!svc.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(svc);
    return Array.isArray(v) && v.includes(name);
  } catch {
    return false;
  }
}

/** The string UDFs. */
export function stringFunctions(): ScalarOverload[] {
  const S = T.STRING, I = T.INT64;
  return [
    defineScalar('contains', [S, S], T.BOOLEAN, none, (args, n) => {
      const s = stringArg(args[0]!), sub = stringArg(args[1]!);
      return boolOf(n, (i) => s(i).includes(sub(i)));
    }),
    defineScalar('find', [S, S], I, none, (args, n) => {
      const s = stringArg(args[0]!), sub = stringArg(args[1]!);
      return intOf(n, (i) => {
        const x = s(i), k = x.indexOf(sub(i));
        return BigInt(k < 0 ? -1 : byteIndex(x, k));
      });
    }),
    defineScalar('length', [S], I, none, (args, n) => {
      const s = stringArg(args[0]!);
      return intOf(n, (i) => BigInt(Buffer.byteLength(s(i))));
    }),
    defineScalar('substring', [S, I, I], S, none, (args, n) => {
      const s = stringArg(args[0]!), p = bigintArg(args[1]!), l = bigintArg(args[2]!);
      return mapStrings(n, (i) => substringBytes(s(i), clampNum(p(i)), clampNum(l(i))));
    }),
    defineScalar('atoi', [S, I], I, none, (args, n) => {
      const s = stringArg(args[0]!), d = bigintArg(args[1]!);
      return intOf(n, (i) => atoi(s(i), d(i)));
    }),
    defineScalar('split', [S, S], S, none, (args, n) => {
      const s = stringArg(args[0]!), d = stringArg(args[1]!);
      return mapStrings(n, (i) => JSON.stringify(s(i).split(d(i))));
    }),
    defineScalar('regex_match', [S, S], T.BOOLEAN, none, (args, n) => {
      const re = compilePattern('regex_match', args[0]!, true), s = stringArg(args[1]!);
      return boolOf(n, (i) => re.test(s(i)));
    }, [0]),
    defineScalar('replace', [S, S, S], S, none, (args, n) => {
      const re = compilePattern('replace', args[0]!, false), s = stringArg(args[1]!), r = stringArg(args[2]!);
      const constRepl = args[2]!.kind === 'const' ? re2Replacement(args[2]!.value as string) : undefined;
      return mapStrings(n, (i) => s(i).replace(re, constRepl ?? re2Replacement(r(i))));
    }, [0]),
    defineScalar('has_service_name', [S, S], T.BOOLEAN, none, (args, n) => {
      const s = stringArg(args[0]!), k = stringArg(args[1]!);
      return boolOf(n, (i) => hasServiceName(s(i), k(i)));
    }),
    // No resolver runs inside a kernel (it must not block); the address is its own name.
    defineScalar('nslookup', [S], S, fixedSemantic(SemanticType.ST_NONE), (args, n) => {
      const s = stringArg(args[0]!);
      return mapStrings(n, s);
    }),
  ];
}

function clampNum(x: bigint): number {
  return x > 2147483647n ? 2147483647 : x < -2147483648n ? -2147483648 : Number(x);
}
