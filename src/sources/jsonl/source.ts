// jsonl:TABLE=PATH — tails a JSON-lines file into a table. Bad lines are counted, logged
// with their line number and the reason, and skipped; the table only ever receives whole
// valid rows. A missing or unreadable file makes the source degraded until it appears.

import { BatchBuilder, type TableStore } from '../../store/index.js';
import type { DataSource, SourceHealth, SourceLog } from '../api.js';
import { PeriodicStep, yieldToLoop } from '../api.js';
import { LineParser, MAX_LINE_BYTES } from './parse.js';
import { FileTail } from './tail.js';

export interface JsonlOptions {
  readonly table: string;
  readonly path: string;
  readonly store: TableStore;
  readonly log: SourceLog;
  readonly pollMs?: number;
  /** Bad lines logged individually per poll; the rest are summed up in one line. */
  readonly logBadLinesPerPoll?: number;
}

const BATCH_ROWS = 4096;

export class JsonlSource implements DataSource {
  readonly name: string;
  readonly #o: JsonlOptions;
  readonly #parser: LineParser;
  readonly #tail: FileTail;
  readonly #loop: PeriodicStep;
  #error: string | undefined;
  #rows = 0;
  #bad = 0;
  #restarts = 0;
  #loggedThisPoll = 0;
  #suppressedThisPoll = 0;

  constructor(o: JsonlOptions) {
    const relation = o.store.relation(o.table);
    if (!relation) throw new TypeError(`jsonl source: table ${o.table} is not declared`);
    this.name = `jsonl:${o.table}`;
    this.#o = o;
    this.#parser = new LineParser(relation);
    this.#tail = new FileTail(o.path, MAX_LINE_BYTES);
    this.#loop = new PeriodicStep(() => this.pollOnce(), o.pollMs ?? 250, (e) => {
      this.#error = `poll failed: ${e.message}`;
      this.#o.log.error('jsonl poll failed', { source: this.name, error: e.message });
    });
  }

  async start(): Promise<void> {
    await this.pollOnce();
    this.#loop.schedule();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    await this.#tail.close();
  }

  health(): SourceHealth {
    return this.#error === undefined ? { status: 'ok' } : { status: 'degraded', reason: this.#error };
  }

  counters(): Record<string, number> {
    return { rows: this.#rows, bad_lines: this.#bad, restarts: this.#restarts };
  }

  /** Reads what is new in the file now (also what the timer does). */
  async pollOnce(): Promise<void> {
    this.#loggedThisPoll = 0;
    this.#suppressedThisPoll = 0;
    const builder = new BatchBuilder(this.#parser.relation, BATCH_ROWS);
    try {
      await this.#tail.poll({
        lines: async (lines, first) => {
          for (let i = 0; i < lines.length; i++) {
            const line = lines[i]!;
            if (line.trim() === '') continue;
            const err = this.#parser.parseInto(line, builder);
            if (err !== undefined) this.#badLine(first + i, err);
            if (builder.full) {
              this.#flush(builder);
              await yieldToLoop();
            }
          }
          this.#flush(builder);
        },
        overlong: (lineNo, bytes) => this.#badLine(lineNo, `line is ${bytes} bytes, longer than the ${MAX_LINE_BYTES}-byte limit`),
        restarted: (why) => {
          this.#restarts++;
          this.#o.log.info('jsonl file restarted from its beginning', { source: this.name, path: this.#o.path, why });
        },
      });
      if (this.#error !== undefined) this.#o.log.info('jsonl file readable again', { source: this.name, path: this.#o.path });
      this.#error = undefined;
    } catch (e) {
      const reason = `cannot read ${this.#o.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      if (reason !== this.#error) this.#o.log.warn('jsonl source degraded', { source: this.name, reason });
      this.#error = reason;
      this.#flush(builder);
    }
    if (this.#suppressedThisPoll > 0) {
      this.#o.log.warn('more bad jsonl lines skipped', { source: this.name, path: this.#o.path, count: this.#suppressedThisPoll });
    }
  }

  #flush(b: BatchBuilder): void {
    if (b.numRows === 0) return;
    const batch = b.finish();
    this.#o.store.append(this.#o.table, batch);
    this.#rows += batch.numRows;
  }

  #badLine(lineNo: number, reason: string): void {
    this.#bad++;
    if (this.#loggedThisPoll < (this.#o.logBadLinesPerPoll ?? 20)) {
      this.#loggedThisPoll++;
      this.#o.log.warn('bad jsonl line skipped', { source: this.name, path: this.#o.path, line: lineNo, reason });
    } else {
      this.#suppressedThisPoll++;
    }
  }
}
