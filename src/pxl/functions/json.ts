// JSON UDFs: pluck, pluck_float64, pluck_int64, pluck_array, and _script_reference.
// pluck_float64/pluck_int64 look at the raw number text, because Pixie distinguishes a JSON
// double (has a fraction or exponent) from an integer and returns 0 for the other kind.

import { DataType as T, SemanticType } from '../../types/index.js';
import type { Column } from '../../types/index.js';
import type { ScalarOverload } from './registry.js';
import { fixedSemantic } from './registry.js';
import { bigintArg, defineScalar, mapStrings, none, stringArg } from './kernel.js';

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function skipWs(s: string, i: number): number {
  while (isWs(s[i])) i++;
  return i;
}

function skipString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return i;
}

function skipValue(s: string, i: number): number {
  if (s[i] === '"') return skipString(s, i);
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') { i = skipString(s, i); continue; }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { depth--; if (depth === 0) return i + 1; }
      i++;
    }
    return i;
  }
  while (i < s.length && !isWs(s[i]) && s[i] !== ',' && s[i] !== '}' && s[i] !== ']') i++;
  return i;
}

/**
 * The raw text of top-level member `key` of a JSON object text; undefined when the text is
 * not a valid JSON object or the key is absent.
 */
export function rawMember(text: string, key: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  } catch {
    return undefined;
  }
  let i = skipWs(text, 0) + 1;
  for (;;) {
    i = skipWs(text, i);
    if (text[i] !== '"') return undefined;
    const end = skipString(text, i);
    const k = JSON.parse(text.slice(i, end)) as string;
    i = skipWs(text, skipWs(text, end) + 1);
    const start = i;
    i = skipValue(text, i);
    if (k === key) return text.slice(start, i);
    i = skipWs(text, i);
    if (text[i] !== ',') return undefined;
    i++;
  }
}

/** A JSON value as pluck returns it: strings unquoted, null → "", others compact JSON. */
function pluckValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** px.pluck semantics. */
export function pluck(json: string, key: string): string {
  const raw = rawMember(json, key);
  return raw === undefined ? '' : pluckValue(JSON.parse(raw));
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** px.pluck_float64: a JSON double member, else 0.0. */
export function pluckFloat64(json: string, key: string): number {
  const raw = rawMember(json, key);
  if (raw === undefined) return 0;
  const m = NUMBER.exec(raw);
  if (m === null) return raw === 'NaN' ? NaN : 0;
  const isDouble = m[1] !== undefined || m[2] !== undefined || !int64Fits(raw);
  return isDouble ? Number(raw) : 0;
}

function int64Fits(raw: string): boolean {
  const v = BigInt(raw);
  return v >= -(2n ** 63n) && v < 2n ** 64n;
}

/** px.pluck_int64: an integer member within int64, else 0. */
export function pluckInt64(json: string, key: string): bigint {
  const raw = rawMember(json, key);
  if (raw === undefined || !/^-?\d+$/.test(raw)) return 0n;
  const v = BigInt(raw);
  return v === BigInt.asIntN(64, v) ? v : 0n;
}

/** px.pluck_array: element i of a JSON array, as pluck formats values; "" otherwise. */
export function pluckArray(json: string, i: bigint): string {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v) || i < 0n || i >= BigInt(v.length)) return '';
    return pluckValue(v[Number(i)]);
  } catch {
    return '';
  }
}

/** The most `_script_reference` key/value pairs registered (as Pixie). */
export const MAX_SCRIPT_REFERENCE_PAIRS = 8;

/** {"label":..,"script":..,"args":{k:v,..}} from label, script, k1, v1, ... */
export function scriptReference(parts: readonly string[]): string {
  const args: Record<string, string> = {};
  for (let k = 2; k + 1 < parts.length; k += 2) args[parts[k]!] = parts[k + 1]!;
  return JSON.stringify({ label: parts[0], script: parts[1], args });
}

/** The JSON UDFs. */
export function jsonFunctions(): ScalarOverload[] {
  const S = T.STRING;
  const list: ScalarOverload[] = [
    defineScalar('pluck', [S, S], S, none, (args, n) => {
      const j = stringArg(args[0]!), k = stringArg(args[1]!);
      return mapStrings(n, (i) => pluck(j(i), k(i)));
    }),
    defineScalar('pluck_float64', [S, S], T.FLOAT64, none, (args, n) => {
      const j = stringArg(args[0]!), k = stringArg(args[1]!);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = pluckFloat64(j(i), k(i));
      return { type: T.FLOAT64, data: out };
    }),
    defineScalar('pluck_int64', [S, S], T.INT64, none, (args, n) => {
      const j = stringArg(args[0]!), k = stringArg(args[1]!);
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = pluckInt64(j(i), k(i));
      return { type: T.INT64, data: out } as Column;
    }),
    defineScalar('pluck_array', [S, T.INT64], S, none, (args, n) => {
      const j = stringArg(args[0]!), k = bigintArg(args[1]!);
      return mapStrings(n, (i) => pluckArray(j(i), k(i)));
    }),
  ];
  for (let pairs = 0; pairs <= MAX_SCRIPT_REFERENCE_PAIRS; pairs++) {
    const types = new Array<typeof S>(2 + 2 * pairs).fill(S);
    list.push(defineScalar('_script_reference', types, S, fixedSemantic(SemanticType.ST_SCRIPT_REFERENCE), (args, n) => {
      const get = args.map(stringArg);
      return mapStrings(n, (i) => scriptReference(get.map((g) => g(i))));
    }));
  }
  return list;
}
