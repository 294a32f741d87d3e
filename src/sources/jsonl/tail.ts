// Follows a growing file line by line, by polling: reads what was appended since the last
// poll; a new inode (rotation: the file was replaced) finishes the old file then starts
// the new one at its beginning; a shrinking size (truncation) restarts at 0. Lines are
// split on bytes, so multi-byte UTF-8 never breaks across reads.

import { open, stat, type FileHandle } from 'node:fs/promises';

export interface TailEvents {
  /** Complete lines, with the 1-based line number of the first, for the current file generation. */
  lines(lines: string[], firstLineNo: number): Promise<void> | void;
  /** A line longer than the cap was dropped. */
  overlong(lineNo: number, bytes: number): void;
  /** The file was rotated or truncated; line numbers restart at 1. */
  restarted(why: 'rotated' | 'truncated'): void;
}

const READ_CHUNK = 1024 * 1024;

export class FileTail {
  readonly path: string;
  readonly #maxLine: number;
  #fh: FileHandle | undefined;
  #ino = -1;
  #pos = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #skipping = false;
  #lineNo = 0;

  constructor(path: string, maxLineBytes: number) {
    this.path = path;
    this.#maxLine = maxLineBytes;
  }

  /** Reads everything new; throws the fs error when the file cannot be opened or read. */
  async poll(ev: TailEvents): Promise<void> {
    const st = await stat(this.path);
    if (this.#fh !== undefined && st.ino !== this.#ino) {
      // Rotated: drain the old file, flush its unterminated last line, then switch.
      await this.#drain(ev);
      await this.#flushPartial(ev);
      await this.#close();
      ev.restarted('rotated');
    }
    if (this.#fh === undefined) {
      this.#fh = await open(this.path, 'r');
      this.#ino = (await this.#fh.stat()).ino;
      this.#reset();
    }
    const size = (await this.#fh.stat()).size;
    if (size < this.#pos) {
      this.#reset();
      ev.restarted('truncated');
    }
    await this.#drain(ev);
  }

  async close(): Promise<void> {
    await this.#close();
  }

  #reset(): void {
    this.#pos = 0;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#skipping = false;
    this.#lineNo = 0;
  }

  async #close(): Promise<void> {
    const fh = this.#fh;
    this.#fh = undefined;
    this.#ino = -1;
    await fh?.close();
  }

  async #drain(ev: TailEvents): Promise<void> {
    const fh = this.#fh!;
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, this.#pos);
      if (bytesRead === 0) return;
      this.#pos += bytesRead;
      await this.#split(buf.subarray(0, bytesRead), ev);
    }
  }

  async #split(chunk: Buffer, ev: TailEvents): Promise<void> {
    const lines: string[] = [];
    const first = this.#lineNo + 1;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      this.#lineNo++;
      if (this.#skipping || this.#pendingBytes + piece.length > this.#maxLine) {
        ev.overlong(this.#lineNo, this.#pendingBytes + piece.length);
        // Keep numbering and the batch contiguous: the dropped line becomes an empty slot.
        lines.push('');
        this.#pending = [];
        this.#pendingBytes = 0;
        this.#skipping = false;
        continue;
      }
      const whole = this.#pendingBytes > 0 ? Buffer.concat([...this.#pending, piece]) : piece;
      this.#pending = [];
      this.#pendingBytes = 0;
      lines.push(stripCr(whole.toString('utf8')));
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (this.#skipping || this.#pendingBytes + rest.length > this.#maxLine) {
        this.#skipping = true;
        this.#pendingBytes += rest.length;
        this.#pending = [];
      } else {
        this.#pending.push(Buffer.from(rest));
        this.#pendingBytes += rest.length;
      }
    }
    if (lines.length > 0) await ev.lines(lines, first);
  }

  async #flushPartial(ev: TailEvents): Promise<void> {
    if (this.#pendingBytes === 0 && !this.#skipping) return;
    this.#lineNo++;
    if (this.#skipping) ev.overlong(this.#lineNo, this.#pendingBytes);
    else await ev.lines([stripCr(Buffer.concat(this.#pending).toString('utf8'))], this.#lineNo);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#skipping = false;
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
