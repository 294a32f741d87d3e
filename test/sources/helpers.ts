// Shared helpers for the source tests: a recording log and column readers.
import type { SourceLog } from '../../src/sources/api.js';
import type { Column, RowBatch } from '../../src/types/index.js';
import { DataType } from '../../src/types/index.js';

export interface LogLine { level: string; msg: string; fields: Record<string, unknown> }

export function recordingLog(): SourceLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const rec = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => { lines.push({ level, msg, fields }); };
  return { lines, info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') };
}

/** The values of column `i` across batches, as plain JS values (UINT128 as "high:low"). */
export function columnValues(batches: readonly RowBatch[], i: number): unknown[] {
  const out: unknown[] = [];
  for (const b of batches) {
    const c = b.columns[i] as Column;
    for (let r = 0; r < b.numRows; r++) {
      if (c.type === DataType.UINT128) out.push(`${c.high[r]}:${c.low[r]}`);
      else if (c.type === DataType.BOOLEAN) out.push(c.data[r] === 1);
      else out.push(c.data[r]);
    }
  }
  return out;
}
