// Streaming operators: source, map, filter, project, drop, head. Each is an async
// generator over batches; a consumer that stops early (head) stops its inputs too.

import { DataType } from '../../types/index.js';
import type { RowBatch } from '../../types/index.js';
import type { DropNode, Expr, FilterNode, HeadNode, MapNode, ProjectNode, SourceNode, TimeBound } from '../../pxl/plan.js';
import type { ExecContext } from '../context.js';
import type { TimeRange } from '../provider.js';
import { ExecError } from '../errors.js';
import { compileExpr } from '../expr.js';
import { sliceBatch } from '../columns.js';
import { COMPARISONS, selectBits, selectCoded, selectInt64Const } from '../../pxl/functions/compare.js';
import { keptDictionary } from '../keys.js';
import { BufferPool } from '../../pxl/functions/buffers.js';
import { BatchGatherer } from '../gatherer.js';

export type Stream = AsyncIterable<RowBatch>;

/** Rows in a source's first batch (later batches double up to the context's batch size). */
export const FIRST_BATCH_ROWS = 4096;

function resolveBound(b: TimeBound | undefined, nowNs: bigint): bigint | undefined {
  if (b === undefined) return undefined;
  return b.kind === 'absolute' ? b.ns : nowNs + b.offsetNs;
}

/** The absolute time range of a source node at query start. */
export function sourceRange(node: SourceNode, nowNs: bigint): TimeRange {
  const startNs = resolveBound(node.startTime, nowNs);
  const endNs = resolveBound(node.endTime, nowNs);
  return { ...(startNs !== undefined ? { startNs } : {}), ...(endNs !== undefined ? { endNs } : {}) };
}

/** Scans a table (pruned columns, time range), re-slicing big batches and yielding between them. */
export async function* sourceOp(node: SourceNode, ctx: ExecContext, firstRows?: number): AsyncGenerator<RowBatch> {
  if (ctx.provider.relation(node.table) === undefined) {
    throw new ExecError('ERR_EXEC_UNKNOWN_TABLE', `table '${node.table}' not found`, { table: node.table });
  }
  const range = sourceRange(node, ctx.nowNs);
  // Batches start small and double up to batchRows: a head(n) or an early cancel then
  // touches little data, while long scans still run at full batch size. `firstRows` (a
  // head(n) above, through filters and maps at most: see headRowHints) makes the first batch
  // just n rows: only batch boundaries change.
  let size = Math.max(1, Math.min(FIRST_BATCH_ROWS, ctx.batchRows, firstRows ?? Infinity));
  for await (const b of ctx.provider.scan(node.table, node.columns, range, ctx.scheduler.signal)) {
    for (let off = 0; off < b.numRows;) {
      await ctx.scheduler.tick();
      const end = Math.min(b.numRows, off + size);
      yield sliceBatch(b, off, end);
      off = end;
      size = Math.min(size * 2, ctx.batchRows);
    }
  }
}

/**
 * Computes expression columns per batch. `transient`: every output batch is dead once this
 * operator resumes (see PlanStreams.transient), so kernels take output arrays from a pool
 * that gets them back after each batch instead of faulting in fresh memory every time.
 */
export async function* mapOp(node: MapNode, input: Stream, ctx: ExecContext, transient = false): AsyncGenerator<RowBatch> {
  const pool = transient ? new BufferPool() : undefined;
  const fctx = pool === undefined ? ctx.fn : { ...ctx.fn, buffers: pool };
  const fns = node.exprs.map((e) => compileExpr(e.expr, ctx.registry, fctx));
  for await (const b of input) {
    yield { numRows: b.numRows, columns: fns.map((f) => f(b)) };
    pool?.release();
    await ctx.scheduler.tick();
  }
}

/**
 * `column <cmp> literal` on INT64/TIME64NS, the commonest filter: returns a selection
 * builder that skips the boolean column; undefined for any other predicate.
 */
function fastIntCompare(e: Expr, query: object): ((b: RowBatch, sel: Uint32Array) => number) | undefined {
  if (e.kind !== 'call' || !COMPARISONS.has(e.name) || e.args.length !== 2) return undefined;
  const [a, c] = e.args as [Expr, Expr];
  const isInt = (x: Expr): boolean => x.type === DataType.INT64 || x.type === DataType.TIME64NS;
  if (!isInt(a) || !isInt(c)) return undefined;
  const colExpr = a.kind === 'column' ? a : c.kind === 'column' ? c : undefined;
  const litExpr = a.kind === 'literal' ? a : c.kind === 'literal' ? c : undefined;
  if (colExpr === undefined || litExpr === undefined || colExpr.kind !== 'column' || litExpr.kind !== 'literal') return undefined;
  const index = colExpr.index, k = litExpr.value as bigint, constOnLeft = a.kind === 'literal';
  let valueSel = new Uint32Array(0);
  let acc = new Int32Array(0);
  return (b, sel) => {
    const col = b.columns[index]!, n = b.numRows;
    // A stored column with few distinct values (a status code, a port) gets a dictionary
    // kept between queries: the predicate is decided once per distinct value, and the rows
    // are selected through the values' row bitmaps or the rows' 1-2 byte codes.
    const kept = keptDictionary(col, n, query);
    if (kept === undefined) return selectInt64Const(e.name, (col as { data: BigInt64Array }).data, k, constOnLeft, sel, n);
    if (valueSel.length < kept.size) valueSel = new Uint32Array(kept.size);
    const hits = selectInt64Const(e.name, (kept.values as { data: BigInt64Array }).data, k, constOnLeft, valueSel, kept.size);
    if (hits === 0) return 0;
    if (kept.bits !== undefined) {
      const words = (n + 31) >>> 5;
      if (acc.length < words) acc = new Int32Array(words);
      return selectBits(kept.bits, words, new Int32Array(valueSel.subarray(0, hits)), hits, acc, sel);
    }
    const pass = new Uint8Array(kept.size);
    for (let j = 0; j < hits; j++) pass[valueSel[j]!] = 1;
    return selectCoded(kept.codes, pass, sel, n);
  };
}

/**
 * Rows where the predicate holds. Each input batch's selected rows are copied out right away
 * (while the batch is in cache) into output batches of a growing capacity; a batch that
 * passes whole is handed on as is. `transient`: output batches are dead when the filter
 * resumes, so copied rows go to pooled arrays. `headRows`: a head(n) above takes at most n
 * rows, so the first output batch holds n rows at most (it is handed on as soon as it has them).
 */
export async function* filterOp(node: FilterNode, input: Stream, ctx: ExecContext, transient = false, headRows?: number): AsyncGenerator<RowBatch> {
  const fast = fastIntCompare(node.predicate, ctx.query);
  const pred = fast === undefined ? compileExpr(node.predicate, ctx.registry, ctx.fn) : undefined;
  const out = new BatchGatherer(node.relation.map((c) => c.type), transient ? new BufferPool() : ctx.results, ctx.query);
  // Output capacity starts small and doubles up to a full batch, so a head(n) downstream
  // still sees rows early while long scans emit few, large batches.
  const maxRows = Math.max(1, ctx.batchRows);
  let capacity = Math.max(1, Math.min(FIRST_BATCH_ROWS >> 2, maxRows, headRows ?? Infinity));
  // One selection vector for the whole scan: its rows are copied before the next batch.
  let sel = new Uint32Array(0);
  for await (const b of input) {
    const n = b.numRows;
    if (sel.length < n) sel = new Uint32Array(n);
    let k = 0;
    if (fast !== undefined) k = fast(b, sel);
    else {
      const mask = (pred!(b) as { data: Uint8Array }).data;
      for (let i = 0; i < n; i++) {
        sel[k] = i;
        k += mask[i]!;
      }
    }
    if (k === n && out.rows === 0) yield b; // everything passed: hand the batch on as is
    else {
      for (let i = 0; i < k;) {
        i = out.append(b, sel, i, k, capacity, k);
        if (out.full) {
          yield out.take();
          capacity = Math.min(capacity * 2, maxRows);
        }
      }
    }
    await ctx.scheduler.tick();
  }
  if (out.rows > 0) yield out.take();
}

export async function* projectOp(node: ProjectNode, input: Stream): AsyncGenerator<RowBatch> {
  for await (const b of input) yield { numRows: b.numRows, columns: node.columns.map((i) => b.columns[i]!) };
}

/** Indices of the input columns a drop keeps, in input order. */
export function keptByDrop(dropped: readonly string[], input: readonly { name: string }[]): number[] {
  const d = new Set(dropped);
  return input.map((c, i) => (d.has(c.name) ? -1 : i)).filter((i) => i >= 0);
}

export async function* dropOp(node: DropNode, inputRelation: readonly { name: string }[], input: Stream): AsyncGenerator<RowBatch> {
  const keep = keptByDrop(node.columns, inputRelation);
  for await (const b of input) yield { numRows: b.numRows, columns: keep.map((i) => b.columns[i]!) };
}

export async function* headOp(node: HeadNode, input: Stream): AsyncGenerator<RowBatch> {
  let left = node.n;
  if (left <= 0) return;
  for await (const b of input) {
    if (b.numRows >= left) {
      yield sliceBatch(b, 0, left);
      return;
    }
    left -= b.numRows;
    yield b;
  }
}
