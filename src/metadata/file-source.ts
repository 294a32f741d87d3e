// --metadata_file: loads the file at start and again whenever it changes (polled stat, so
// an editor's write-and-rename is seen too). A bad file keeps the previous state and
// turns the source's health to degraded with the error (path:line:column: what).

import { readFile, stat } from 'node:fs/promises';
import type { MetadataSource, MetadataUpdate } from './api.js';
import { MetadataError } from './errors.js';
import { parseMetadataText } from './file.js';

export interface FileSourceOptions {
  readonly path: string;
  /** Node name used for pods that do not name one. */
  readonly defaultNode: string;
  readonly asid?: number;
  /** Stat polling interval (ms). */
  readonly pollMs?: number;
  readonly onLoad?: (update: MetadataUpdate) => void;
  readonly onError?: (err: MetadataError) => void;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class FileMetadataSource implements MetadataSource {
  readonly name = 'metadata_file';
  readonly #opts: FileSourceOptions;
  #emit: ((u: MetadataUpdate) => void) | undefined;
  #error: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Identity of the file as it was when last read ('' when it could not be stat'ed). */
  #seen = '';
  #polling = false;
  #loading: Promise<boolean> = Promise.resolve(true);

  constructor(opts: FileSourceOptions) {
    this.#opts = opts;
  }

  async start(emit: (update: MetadataUpdate) => void): Promise<void> {
    this.#emit = emit;
    await this.reload();
    // Our own poll compares against the file as it was when last read. (fs.watchFile takes
    // its first stat asynchronously after start, so a change made right after start could
    // become its baseline and never be seen: found as a hang under load.)
    this.#timer = setInterval(() => void this.#poll(), this.#opts.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#loading;
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      if ((await identity(this.#opts.path)) !== this.#seen) await this.reload();
    } finally {
      this.#polling = false;
    }
  }

  health(): { status: 'ok' | 'degraded'; reason?: string } {
    return this.#error === undefined ? { status: 'ok' } : { status: 'degraded', reason: this.#error };
  }

  /** Reads and applies the file now; resolves false (state kept) when it is bad. */
  reload(): Promise<boolean> {
    this.#loading = this.#loading.then(() => this.#load());
    return this.#loading;
  }

  async #load(): Promise<boolean> {
    const { path } = this.#opts;
    // Taken before reading: a change during the read shows up as a new identity next poll.
    this.#seen = await identity(path);
    try {
      let text: string;
      try {
        const buf = await readFile(path);
        if (buf.length > MAX_FILE_BYTES) throw new MetadataError('ERR_METADATA_FILE_READ', path, `file is larger than ${MAX_FILE_BYTES} bytes`);
        text = buf.toString('utf8');
      } catch (e) {
        if (e instanceof MetadataError) throw e;
        throw new MetadataError('ERR_METADATA_FILE_READ', path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const update = parseMetadataText(text, path, this.#opts.defaultNode, this.#opts.asid ?? 0);
      this.#error = undefined;
      this.#emit?.(update);
      this.#opts.onLoad?.(update);
      return true;
    } catch (e) {
      const err = e instanceof MetadataError ? e : new MetadataError('ERR_METADATA_FILE_INVALID', path, (e as Error).message);
      this.#error = err.message;
      this.#opts.onError?.(err);
      return false;
    }
  }
}

/** What tells one version of the file from another: inode, size, modification time. */
async function identity(path: string): Promise<string> {
  try {
    const st = await stat(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return '';
  }
}
