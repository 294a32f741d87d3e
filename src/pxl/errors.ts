// Every problem a user can cause in a PxL script is a PxlError with a stable code from a
// closed union, a 1-based line/column (0/0 when no source position applies) and a
// rendering with the offending line and a caret. Bugs in our own code stay TypeErrors.

import type { Source } from './source.js';

export type PxlErrorCode =
  | 'ERR_PXL_SYNTAX'
  | 'ERR_PXL_INDENT'
  | 'ERR_PXL_UNSUPPORTED'
  | 'ERR_PXL_NAME'
  | 'ERR_PXL_ATTRIBUTE'
  | 'ERR_PXL_TYPE'
  | 'ERR_PXL_ARITY'
  | 'ERR_PXL_VALUE'
  | 'ERR_PXL_UNKNOWN_COLUMN'
  | 'ERR_PXL_UNKNOWN_TABLE'
  | 'ERR_PXL_UNKNOWN_FUNCTION'
  | 'ERR_PXL_UNKNOWN_MODULE'
  | 'ERR_PXL_DUPLICATE_COLUMN'
  | 'ERR_PXL_EXEC_FUNC'
  | 'ERR_PXL_NO_SINK'
  | 'ERR_PXL_LIMIT';

export class PxlError extends Error {
  override readonly name = 'PxlError';
  /** 1-based; 0 when the error has no position in the script (e.g. a bad exec_funcs entry). */
  readonly line: number;
  readonly column: number;

  constructor(
    readonly code: PxlErrorCode,
    message: string,
    readonly source?: Source,
    readonly offset?: number,
  ) {
    super(message);
    if (source !== undefined && offset !== undefined) {
      const loc = source.locationOf(offset);
      this.line = loc.line;
      this.column = loc.column;
    } else {
      this.line = 0;
      this.column = 0;
    }
  }

  /** `name:line:column: CODE: message`, then the previous and offending lines with a caret. */
  render(): string {
    if (!this.source || this.line === 0) return `${this.code}: ${this.message}`;
    const src = this.source;
    const head = `${src.name}:${this.line}:${this.column}: ${this.code}: ${this.message}`;
    const width = String(this.line).length;
    const gutter = (n: number | '') => String(n).padStart(width, ' ') + ' | ';
    const lines: string[] = [head, ''];
    // Long lines are shown as a window around the column, so the caret stays visible.
    const text = src.lineText(this.line);
    const from = text.length <= MAX_FRAME_LINE ? 0 : Math.max(0, Math.min(this.column - 1 - MAX_FRAME_LINE / 2, text.length - MAX_FRAME_LINE));
    const window = (t: string) => (from > 0 ? '…' : '') + t.slice(from, from + MAX_FRAME_LINE) + (t.length > from + MAX_FRAME_LINE ? '…' : '');
    if (this.line > 1) lines.push(gutter(this.line - 1) + window(src.lineText(this.line - 1)));
    lines.push(gutter(this.line) + window(text));
    // Keep tabs in the padding so the caret lines up under tab-indented code.
    const pad = (from > 0 ? ' ' : '') + text.slice(from, this.column - 1).replace(/[^\t]/g, ' ');
    lines.push(gutter('') + pad + '^');
    return lines.map((l) => l.trimEnd()).join('\n');
  }
}

const MAX_FRAME_LINE = 160;

/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The closest candidates to `name` (case-insensitive edit distance at most ~40 % of the
 * name's length, at least 1), best first, at most three.
 */
export function suggestionsFor(name: string, candidates: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const max = Math.max(1, Math.floor(name.length * 0.4));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.slice(0, 3).map((s) => s[1]);
}

/** `" Did you mean 'a' or 'b'?"`, or '' when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const s = suggestionsFor(name, candidates);
  if (s.length === 0) return '';
  const quoted = s.map((x) => `'${x}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` Did you mean ${list}?`;
}
