// Mutation fuzzer for the PxL front-end: takes the corpus scripts, applies seeded random
// edits (deletions, duplications, token insertions, splices, repetition, odd characters)
// and checks that every compile ends in a plan or a PxlError — never another exception —
// within a time bound per case. `run` compiles in a worker thread watched by a timer, so a
// case that never returns is reported (and regenerated from the seed) instead of hanging.

import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScript, PxlError, type ExecFunc } from '../../src/pxl/index.js';
import { catalog, NOW, TABLES } from '../pxl/fixtures.js';
import { mulberry32 as prng } from '../helpers/rng.js';

export interface FuzzFailure {
  readonly case: number;
  readonly input: string;
  readonly problem: string;
}

export interface FuzzReport {
  readonly name: string;
  readonly cases: number;
  readonly compiled: number;
  readonly rejected: number;
  /** How many rejected cases ended with each error code. */
  readonly codes: Readonly<Record<string, number>>;
  readonly failures: readonly FuzzFailure[];
  readonly slowestMs: number;
}

/** Per-case time bound: compiles are synchronous, so a slow case is reported, not interrupted. */
const MAX_CASE_MS = 2000;

const CORPUS_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'pxl', 'corpus');

const TOKENS = [
  '(', ')', '[', ']', '{', '}', ',', ':', '.', '=', '==', '!=', '<', '>=', '+', '-', '*', '/', '%', '**', '//', '&', '|', '~',
  'not ', ' and ', ' or ', 'def ', 'return ', 'import ', 'from ', ' as ', 'lambda ', 'if ', 'else ', 'for ', ' in ', 'None', 'True', 'False',
  "'", '"', "'''", '"""', "r'", '\\', '#', '\n', '\n    ', '\n  ', '\t', ';', '@', '$', '?', '`', '\u00e9', '\u{1F600}', '\u0000',
  'px', 'px.', 'df', 'df.', 'px.DataFrame(', "px.display(", 'px.debug(', '.groupby(', '.agg(', ".merge(", '.head(', '.drop(', '.append(',
  "df.ctx['pod']", "('latency', px.mean)", 'px.count', 'px.select(', 'px.now()', "px.parse_duration('-5m')", 'px.DurationNanos(',
  "'http_events'", "'network_stats'", "'latency'", "'-5m'", '0', '1', '-1', '9223372036854775807', '9223372036854775808', '1e308', '0.5',
  '0x', '1_0', 'x', 'f(', 'f()', 'start_time', 'str', 'int', 'px.Pod', 'pxviews', 'pxviews.',
];

const WORD = /'[A-Za-z_.]+'|\b[A-Za-z_]+\b|\b\d+\b/g;
const WORDS = [
  'latency', 'req_path', 'resp_status', 'time_', 'upid', 'pod_id', 'rx_bytes', 'remote_addr', 'count', 'ctx', 'agg', 'groupby',
  "'latency'", "'req_path'", "'time_'", "'upid'", "'pod'", "'service'", "'node'", "'http_events'", "'conn_stats'", "'stack_traces.beta'",
  "''", "'-5m'", "'x'", '0', '1', '-1', '2', '1.5', 'True', 'False', 'None', 'px.now()', 'df', 'df.latency', 'df.time_', 'df.upid',
  'df.req_path', 'px.count', 'px.mean', 'px.sum', 'px.quantiles', 'px.any', 'px.max', 'px.select', 'px.bin', 'px.contains',
  'px.DurationNanos', 'px.Percent', 'px.Pod', 'str', 'int', 'float', 'bool', 'list', '[]', '()', "['upid']", "('latency', px.max)",
];

export function loadSeeds(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.pxl')).sort().map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8'));
}

function mutate(src: string, seeds: readonly string[], rnd: () => number): string {
  const int = (n: number) => Math.floor(rnd() * n);
  const pos = () => int(src.length + 1);
  let s = src;
  // Mostly one edit, so many mutants still get past the parser into the compiler.
  const edits = rnd() < 0.6 ? 1 : 2 + int(3);
  for (let k = 0; k < edits; k++) {
    const p = Math.min(pos(), s.length);
    switch (int(13)) {
      case 10:
      case 11:
      case 12: { // replace a word, number or quoted name: keeps the syntax, stresses the compiler
        const words = [...s.matchAll(WORD)];
        if (words.length === 0) break;
        const w = words[int(words.length)]!;
        s = s.slice(0, w.index) + WORDS[int(WORDS.length)]! + s.slice(w.index! + w[0].length);
        break;
      }
      case 0: { // delete a span
        const len = 1 + int(20);
        s = s.slice(0, p) + s.slice(p + len);
        break;
      }
      case 1: { // duplicate a span
        const len = 1 + int(60);
        s = s.slice(0, p) + s.slice(p, p + len) + s.slice(p);
        break;
      }
      case 2:
      case 3: // insert a token
        s = s.slice(0, p) + TOKENS[int(TOKENS.length)]! + s.slice(p);
        break;
      case 4: { // replace a character with a random code point
        const cp = rnd() < 0.8 ? 32 + int(95) : int(0x2fff);
        s = s.slice(0, p) + String.fromCodePoint(cp) + s.slice(p + 1);
        break;
      }
      case 5: { // swap two lines
        const lines = s.split('\n');
        const a = int(lines.length);
        const b = int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      case 6: { // splice in part of another script
        const other = seeds[int(seeds.length)]!;
        const q = int(other.length);
        s = s.slice(0, p) + other.slice(q, q + int(200)) + s.slice(p);
        break;
      }
      case 7: // truncate
        s = s.slice(0, p);
        break;
      case 8: { // repeat a chunk (stress nesting, sizes, evaluation)
        const chunk = rnd() < 0.5 ? TOKENS[int(TOKENS.length)]! : s.slice(p, p + 1 + int(30));
        s = s.slice(0, p) + chunk.repeat(1 + int(300)) + s.slice(p);
        break;
      }
      default: { // change indentation of a line
        const lines = s.split('\n');
        const a = int(lines.length);
        lines[a] = ' '.repeat(int(9)) + (lines[a] ?? '').trimStart();
        s = lines.join('\n');
        break;
      }
    }
  }
  return s;
}

function randomExecFuncs(src: string, rnd: () => number): ExecFunc[] | undefined {
  if (rnd() < 0.85) return undefined;
  const names = [...src.matchAll(/def\s+(\w+)\s*\(([^)]*)\)/g)];
  if (names.length === 0) return [{ funcName: 'missing', argValues: [], outputTablePrefix: 'x' }];
  const m = names[Math.floor(rnd() * names.length)]!;
  const params = m[2]!.split(',').map((p) => p.split(':')[0]!.trim()).filter((p) => p !== '');
  const values = ['-5m', '', '10', '1.5', 'true', "['a']", 'shop/frontend', '(', '99999999999999999999'];
  return [{
    funcName: m[1]!,
    outputTablePrefix: rnd() < 0.1 ? '' : 'out',
    argValues: params.filter(() => rnd() < 0.9).map((name) => ({ name, value: values[Math.floor(rnd() * values.length)]! })),
  }];
}

const FUNCTIONS = [
  'contains', 'select', 'bin', 'floor', 'pluck', 'pluck_float64', 'pluck_int64', 'upid_to_pod_name', 'pod_id_to_pod_name', 'ip_to_pod_id',
  'regex_match', 'replace', 'substring', 'find', 'atoi', 'split', 'length', 'upid_to_pid', 'equal', 'DurationNanos', 'Percent', 'Bytes',
  'now', 'seconds', 'parse_duration', 'format_duration', 'no_such_fn',
];
const AGGREGATES = ['count', 'sum', 'mean', 'min', 'max', 'any', 'quantiles', 'floor'];
const OPS = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'];

/**
 * A well-formed script built from random DataFrame operations and expressions over the
 * fixture tables, so most cases get past the parser and exercise binding and typing.
 */
function generate(rnd: () => number): string {
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const tables = [...TABLES.keys()];
  const table = pick(tables);
  let cols = TABLES.get(table)!.map((c) => c.name);
  const literal = () => pick(['0', '1', '-3', '2.5', "'a'", "''", 'True', 'False', "'/api'", '1000000000', "'-5m'"]);
  const expr = (depth: number): string => {
    const k = depth > 2 ? int(2) : int(5);
    if (k === 0) return rnd() < 0.8 ? `df.${pick(cols)}` : `df['${pick(cols)}']`;
    if (k === 1) return literal();
    if (k === 2) return `(${expr(depth + 1)} ${pick(OPS)} ${expr(depth + 1)})`;
    if (k === 3) return `${pick(['not ', '-'])}${expr(depth + 1)}`;
    const n = int(4);
    return `px.${pick(FUNCTIONS)}(${Array.from({ length: n }, () => expr(depth + 1)).join(', ')})`;
  };
  const lines = ['import px', `df = px.DataFrame('${table}', start_time='-5m')`];
  for (let k = 1 + int(6); k > 0; k--) {
    switch (int(9)) {
      case 0:
      case 1: {
        const name = pick(['a', 'b', 'x', ...cols]);
        lines.push(`df.${name} = ${expr(0)}`);
        if (!cols.includes(name)) cols = [...cols, name];
        break;
      }
      case 2:
        lines.push(`df = df[${expr(0)}]`);
        break;
      case 3: {
        const by = cols.filter(() => rnd() < 0.3).slice(0, 3);
        const outs = Array.from({ length: int(3) }, (_, i) => `o${i}=('${pick(cols)}', px.${pick(AGGREGATES)})`);
        lines.push(by.length > 0 ? `df = df.groupby(${JSON.stringify(by).replace(/"/g, "'")}).agg(${outs.join(', ')})` : `df = df.agg(${outs.join(', ')})`);
        cols = [...by, ...outs.map((_, i) => `o${i}`)];
        break;
      }
      case 4:
        lines.push(`df = df.head(${int(5)})`);
        break;
      case 5: {
        const gone = pick(cols);
        lines.push(`df = df.drop('${gone}')`);
        cols = cols.filter((c) => c !== gone);
        break;
      }
      case 6: {
        const keep = cols.filter(() => rnd() < 0.5);
        lines.push(`df = df[${JSON.stringify(keep).replace(/"/g, "'")}]`);
        cols = keep;
        break;
      }
      case 7: {
        const key = pick(cols);
        lines.push(`df = df.merge(df, how='${pick(['inner', 'left', 'right', 'outer'])}', left_on='${key}', right_on='${key}', suffixes=['', '_r'])`);
        cols = [...cols, ...cols.map((c) => `${c}_r`)];
        break;
      }
      default:
        lines.push(`df.c = df.ctx['${pick(['pod', 'service', 'namespace', 'node', 'pid', 'cmdline', 'container', 'bogus'])}']`);
        if (!cols.includes('c')) cols = [...cols, 'c'];
    }
  }
  lines.push(rnd() < 0.9 ? 'px.display(df)' : "px.debug(df, 'dbg')");
  return lines.join('\n') + '\n';
}

/** Case i of a seed's sequence; generation never depends on compile results. */
export function* caseSequence(seed: number): Generator<{ input: string; execFuncs: ExecFunc[] | undefined }> {
  const seeds = loadSeeds();
  const rnd = prng(seed);
  for (;;) {
    // A quarter of the cases are generated well-formed scripts, the rest mutated corpus scripts.
    if (rnd() < 0.25) {
      yield { input: generate(rnd), execFuncs: undefined };
      continue;
    }
    const base = seeds[Math.floor(rnd() * seeds.length)]!;
    const input = mutate(base, seeds, rnd);
    yield { input, execFuncs: randomExecFuncs(input, rnd) };
  }
}

/** Regenerates case `index` of `seed` (to report a case whose compile never returned). */
export function caseAt(seed: number, index: number): string {
  const gen = caseSequence(seed);
  for (let i = 0; i < index; i++) gen.next();
  return gen.next().value!.input;
}

/** Runs `cases` mutated compiles from `seed` in this thread; `progress[0]` gets the current case. */
export function runInline(cases: number, seed: number, progress?: Int32Array): FuzzReport {
  const gen = caseSequence(seed);
  const failures: FuzzFailure[] = [];
  let compiled = 0;
  let rejected = 0;
  const codes = new Map<string, number>();
  let slowestMs = 0;
  for (let i = 0; i < cases; i++) {
    const { input, execFuncs } = gen.next().value!;
    if (progress) Atomics.store(progress, 0, i);
    const t0 = performance.now();
    try {
      const r = compileScript(input, { catalog, now: NOW, ...(execFuncs ? { execFuncs } : {}) });
      if (r.errors.length > 0) {
        const e = r.errors[0]!;
        if (!(e instanceof PxlError) || !Number.isInteger(e.line) || !Number.isInteger(e.column) || !e.code.startsWith('ERR_PXL_')) {
          failures.push({ case: i, input, problem: `malformed error ${String(e)}` });
        }
        e.render();
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        rejected++;
      } else if (r.plan && r.sinks.length > 0) {
        compiled++;
      } else {
        failures.push({ case: i, input, problem: 'neither a plan nor an error' });
      }
    } catch (e) {
      failures.push({ case: i, input, problem: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
    }
    const ms = performance.now() - t0;
    if (ms > slowestMs) slowestMs = ms;
    if (ms > MAX_CASE_MS) failures.push({ case: i, input, problem: `took ${ms.toFixed(0)} ms (bound ${MAX_CASE_MS} ms)` });
  }
  return { name: 'pxl', cases, compiled, rejected, codes: Object.fromEntries([...codes].sort()), failures, slowestMs: Math.round(slowestMs) };
}

/** A compile that has not returned after this long is reported as a hang. */
const HANG_MS = 10_000;

/**
 * Runs `cases` mutated compiles from `seed` in a worker thread. If one case does not return
 * within HANG_MS, the worker is stopped and that case is reported; the run ends there.
 */
export function run(cases: number, seed: number): Promise<FuzzReport> {
  const progress = new Int32Array(new SharedArrayBuffer(4));
  // Loader flags such as --import tsx do not reach workers on Node 20, so the worker boots
  // through a small script that registers tsx before importing the TypeScript entry.
  const entry = new URL('./pxl-fuzz-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { cases, seed, progress } });
  return new Promise<FuzzReport>((resolve, reject) => {
    let last = -1;
    let since = performance.now();
    const timer = setInterval(() => {
      const now = Atomics.load(progress, 0);
      if (now !== last) {
        last = now;
        since = performance.now();
        return;
      }
      if (performance.now() - since < HANG_MS) return;
      clearInterval(timer);
      void worker.terminate();
      const problem = `no result after ${HANG_MS} ms (hang); run stopped at this case`;
      resolve({ name: 'pxl', cases: now + 1, compiled: 0, rejected: 0, codes: {}, failures: [{ case: now, input: caseAt(seed, now), problem }], slowestMs: HANG_MS });
    }, 250);
    worker.once('message', (report: FuzzReport) => {
      clearInterval(timer);
      void worker.terminate();
      resolve(report);
    });
    worker.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}
