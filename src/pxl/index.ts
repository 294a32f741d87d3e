// Public surface of the PxL front-end: compileScript turns a script (plus exec_funcs) into
// a logical plan and its ordered result sinks, or into PxlErrors. It never executes data.

import { defaultRegistry, type FunctionRegistry } from './functions/index.js';
import { PxlError } from './errors.js';
import { parse, SHAPE_MODULE } from './parser.js';
import { SHAPE_SOURCE } from './lexer.js';
import { keepShape } from './functions/shapes.js';
import { DataType, SemanticType } from '../types/index.js';
import { Source } from './source.js';
import { CompileContext, mapCatalog, resolveLimits, type Catalog, type CompileLimits } from './compiler/context.js';
import { runExecFuncs, type ExecFunc } from './compiler/exec-funcs.js';
import { finishPlan, type SinkInfo } from './compiler/finish.js';
import { Interpreter } from './compiler/interpreter.js';
import { freezeDeep, type Plan } from './plan.js';
import type { Relation } from '../types/index.js';

export { PxlError, type PxlErrorCode, didYouMean } from './errors.js';
export { Source } from './source.js';
export { parse } from './parser.js';
export { tokenize } from './lexer.js';
export { mapCatalog, DEFAULT_COMPILE_LIMITS, type Catalog, type CompileLimits } from './compiler/context.js';
export type { ExecFunc } from './compiler/exec-funcs.js';
export type { SinkInfo } from './compiler/finish.js';

/** A catalog over table schemas such as the store's BUILTIN_TABLES plus declared tables. */
export function schemaCatalog(tables: Iterable<{ readonly name: string; readonly relation: Relation }>): Catalog {
  return mapCatalog(new Map([...tables].map((t) => [t.name, t.relation] as const)));
}

export interface CompileOptions {
  readonly catalog: Catalog;
  readonly registry?: FunctionRegistry;
  /** ExecuteScriptRequest.exec_funcs; when non-empty, px.display is a no-op (b.4). */
  readonly execFuncs?: readonly ExecFunc[];
  readonly limits?: CompileLimits;
  /** Query start time in ns since the epoch (px.now()); defaults to the wall clock. */
  readonly now?: bigint;
  /** Name shown in error frames (default 'script.pxl'). */
  readonly scriptName?: string;
}

export interface CompileResult {
  /** Present when compilation succeeded. */
  readonly plan: Plan | undefined;
  /** Result tables in output order (empty on failure). */
  readonly sinks: readonly SinkInfo[];
  /** The compile errors (at most one: compilation stops at the first problem). */
  readonly errors: readonly PxlError[];
}

/** Compiles a PxL script. Every user-caused problem comes back as a PxlError, never a throw. */
export function compileScript(script: string, options: CompileOptions): CompileResult {
  try {
    return { ...compileOrThrow(script, options), errors: [] };
  } catch (e) {
    if (e instanceof PxlError) return { plan: undefined, sinks: [], errors: [e] };
    // Deep recursion on hostile input is bounded by caps; this is the last line of defence.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { plan: undefined, sinks: [], errors: [new PxlError('ERR_PXL_LIMIT', 'script is nested too deeply to compile')] };
    }
    throw e;
  }
}

/**
 * Parsed modules of recent scripts: tools send the same script again and again, and parsing
 * was a third of compiling a small one. The AST is immutable and depends only on the text
 * and the token/nesting limits (errors are not cached: they carry the script's name). The
 * cache holds at most PARSE_CACHE_ENTRIES scripts of PARSE_CACHE_MAX_CHARS characters or
 * less; the oldest entry goes first.
 */
const PARSE_CACHE_ENTRIES = 64;
const PARSE_CACHE_MAX_CHARS = 16 * 1024;
const parseCache = new Map<string, ReturnType<typeof parse>>();

function parseCached(source: Source, maxTokens: number, maxNesting: number): ReturnType<typeof parse> {
  if (source.body.length > PARSE_CACHE_MAX_CHARS) return parse(source, { maxTokens, maxNesting });
  const key = `${maxTokens}:${maxNesting}:${source.body}`;
  const hit = lruGet(parseCache, key);
  if (hit !== undefined) return hit;
  const module = parse(source, { maxTokens, maxNesting });
  lruSet(parseCache, key, module, PARSE_CACHE_ENTRIES);
  return module;
}

/** The entry for `key`, made the most recently used; undefined when absent. */
function lruGet<V>(cache: Map<string, V>, key: string): V | undefined {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

/** Adds an entry, dropping the least recently used one when `cache` holds `capacity`. */
function lruSet<V>(cache: Map<string, V>, key: string, value: V, capacity: number): void {
  if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

/**
 * Compiled plans of recent scripts, per catalog and function registry: compiling was the
 * largest single step of a small repeated query (bench/direct-query.bench.mjs (b)). A plan
 * is reused only when everything it was compiled from is the same: the script, its name,
 * the resolved limits, the exec funcs with their arguments, the registry and its number of
 * overloads (registries only grow), and the catalog, which must still return the very same
 * relation for every table the compile looked up. Plans compiled while reading the query's
 * start time (px.now(), relative times) hold that time and are never stored; nor are
 * errors, nor compiles that listed the catalog's tables. Stored plans are frozen, so no
 * consumer can change what later queries get. Bounded like the parse cache:
 * PLAN_CACHE_ENTRIES per catalog and registry, scripts of PARSE_CACHE_MAX_CHARS characters
 * or less.
 */
const PLAN_CACHE_ENTRIES = 64;
type Compiled = { readonly plan: Plan; readonly sinks: readonly SinkInfo[] };
type Cached = Compiled & { readonly tables: ReadonlyMap<string, Relation | undefined> };
const planCaches = new WeakMap<Catalog, WeakMap<FunctionRegistry, Map<string, Cached>>>();

/** The catalog as the compiler sees it, recording what it asked. */
class WatchedCatalog implements Catalog {
  readonly tables = new Map<string, Relation | undefined>();
  listed = false;
  constructor(private readonly inner: Catalog) {}
  relation(table: string): Relation | undefined {
    const r = this.inner.relation(table);
    this.tables.set(table, r);
    return r;
  }
  tableNames(): Iterable<string> {
    this.listed = true;
    return this.inner.tableNames();
  }
}

function stillValid(hit: Cached, catalog: Catalog): boolean {
  for (const [table, r] of hit.tables) if (catalog.relation(table) !== r) return false;
  return true;
}

function planCacheOf(catalog: Catalog, registry: FunctionRegistry): Map<string, Cached> {
  let byRegistry = planCaches.get(catalog);
  if (byRegistry === undefined) planCaches.set(catalog, (byRegistry = new WeakMap()));
  let cache = byRegistry.get(registry);
  if (cache === undefined) byRegistry.set(registry, (cache = new Map()));
  return cache;
}

/** Like compileScript, but throws the PxlError. */
export function compileOrThrow(script: string, options: CompileOptions): Compiled {
  const limits = resolveLimits(options.limits);
  const source = new Source(script, options.scriptName);
  if (script.length > limits.maxScriptChars) {
    throw new PxlError('ERR_PXL_LIMIT', `script is ${script.length} characters, above the limit of ${limits.maxScriptChars}`);
  }
  const registry = options.registry ?? defaultRegistry();
  const execFuncs = options.execFuncs ?? [];
  const cache = script.length <= PARSE_CACHE_MAX_CHARS ? planCacheOf(options.catalog, registry) : undefined;
  const key = cache && `${JSON.stringify([options.scriptName ?? '', limits, execFuncs, registry.size])}\n${script}`;
  const hit = key === undefined ? undefined : lruGet(cache!, key);
  if (hit !== undefined) {
    if (stillValid(hit, options.catalog)) return { plan: hit.plan, sinks: hit.sinks };
    cache!.delete(key!);
  }
  const catalog = new WatchedCatalog(options.catalog);
  const { plan, sinks, readNow } = compileFresh(source, limits, { ...options, catalog }, registry, execFuncs);
  const compiled: Compiled = { plan, sinks };
  if (cache !== undefined && !readNow && !catalog.listed) lruSet(cache, key!, { ...freezeDeep(compiled), tables: catalog.tables }, PLAN_CACHE_ENTRIES);
  return compiled;
}

function compileFresh(
  source: Source,
  limits: ReturnType<typeof resolveLimits>,
  options: CompileOptions,
  registry: FunctionRegistry,
  execFuncs: readonly ExecFunc[],
): Compiled & { readNow: boolean } {
  const module = parseCached(source, limits.maxTokens, limits.maxNesting);
  const now = options.now ?? BigInt(Date.now()) * 1_000_000n;
  const ctx = new CompileContext(source, registry, options.catalog, limits, now);
  ctx.displayIsNoop = execFuncs.length > 0;
  const interp = new Interpreter(ctx);
  const globals = interp.globals();
  interp.runModule(module, globals);
  runExecFuncs(ctx, interp, globals, execFuncs);
  if (ctx.sinks.length === 0) {
    throw new PxlError(
      'ERR_PXL_NO_SINK',
      execFuncs.length > 0 ? 'script produces no result tables' : 'script produces no result tables; call px.display(df) to output a DataFrame',
    );
  }
  return { ...finishPlan(ctx), readNow: ctx.readNow };
}

// Keeps the compiler's hidden classes across full GCs (functions/shapes.ts): one compile of
// the parsed shape script (parser.ts) on a one-table catalog, its context and interpreter
// kept. This builds the default registry at load, which the first query would do anyway.
{
  const col = (name: string, type: DataType) => ({ name, type, semanticType: SemanticType.ST_NONE, desc: '' });
  const catalog = mapCatalog(new Map([['t', [col('t', DataType.TIME64NS), col('x', DataType.INT64), col('y', DataType.FLOAT64), col('a', DataType.STRING), col('b', DataType.STRING), col('c', DataType.INT64)]]]));
  const ctx = new CompileContext(SHAPE_SOURCE, defaultRegistry(), catalog, resolveLimits(undefined), 0n);
  const interp = new Interpreter(ctx);
  interp.runModule(SHAPE_MODULE, interp.globals());
  keepShape(ctx);
  keepShape(interp);
}
