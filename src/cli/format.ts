// Renders result tables for people (aligned columns) or for tools (JSON lines), and
// script errors with the offending line and a caret.

import type { CellValue, ResultColumn, ResultTable } from '../client/results.js';
import { DataType, SemanticType } from '../types/index.js';

/** A cell for people: times as RFC 3339 with nanoseconds, UPIDs as asid:pid:start, floats
 *  to 7 significant digits. */
export function displayCell(v: CellValue, col: ResultColumn): string {
  if (typeof v === 'object') {
    if (col.semanticType === SemanticType.ST_UPID) return `${v.high >> 32n}:${v.high & 0xffffffffn}:${v.low}`;
    return `${v.high}:${v.low}`;
  }
  if (col.type === DataType.TIME64NS && typeof v === 'bigint') return formatTime(v);
  if (typeof v === 'number') return formatFloat(v);
  return String(v);
}

/**
 * A float for people: at most 7 significant digits (a mean latency of 32.362581940898345
 * shows as 32.36258), integral values as they are. `--format json` keeps every digit.
 */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}

/** Nanoseconds since the epoch as RFC 3339 UTC with a 9-digit fraction. */
export function formatTime(ns: bigint): string {
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return ns.toString();
  return d.toISOString().replace(/\.\d{3}Z$/, `.${frac.toString().padStart(9, '0')}Z`);
}

/** A JSON value for tools: 64-bit integers as numbers only when exactly representable. */
export function jsonCell(v: CellValue, col: ResultColumn): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n && col.type !== DataType.TIME64NS ? Number(v) : v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'object') return displayCell(v, col);
  return v;
}

export function renderTables(tables: readonly ResultTable[]): string {
  let out = '';
  for (const t of tables) {
    const header = t.columns.map((c) => c.name);
    const cells = t.rows.map((r) => r.map((v, i) => displayCell(v, t.columns[i]!)));
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((s, i) => (isNumeric(t.columns[i]!) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
    out += `${t.name} (${t.rows.length} row${t.rows.length === 1 ? '' : 's'})\n`;
    out += line(header) + '\n';
    out += widths.map((w) => '-'.repeat(w)).join('  ') + '\n';
    for (const r of cells) out += line(r) + '\n';
    out += '\n';
  }
  return out;
}

/** One JSON object per row: {"_table": name, column: value, ...}. */
export function renderJsonLines(tables: readonly ResultTable[]): string {
  let out = '';
  for (const t of tables) {
    for (const r of t.rows) {
      const o: Record<string, unknown> = { _table: t.name };
      t.columns.forEach((c, i) => (o[c.name] = jsonCell(r[i]!, c)));
      out += JSON.stringify(o) + '\n';
    }
  }
  return out;
}

function isNumeric(c: ResultColumn): boolean {
  return c.type === DataType.INT64 || c.type === DataType.FLOAT64;
}

/** `message` plus the script line and a caret under the 1-based column. */
export function renderScriptError(script: string, message: string, line?: number, column?: number): string {
  if (!line || line < 1) return `error: ${message}\n`;
  const text = script.split(/\r?\n/)[line - 1];
  if (text === undefined) return `error: ${message} (line ${line})\n`;
  const gutter = `${line} | `;
  const col = Math.max(1, column ?? 1);
  return `error: ${message}\n  --> script:${line}:${col}\n${gutter}${text}\n${' '.repeat(gutter.length + col - 1)}^\n`;
}
