// --metadata_file: loads the file at start and again whenever it changes (polled stat, so
// an editor's write-and-rename is seen too). A bad file keeps the previous state and
// turns the source's health to degraded with the error (path:line:column: what).

import { readFile } from 'node:fs/promises';
import { watchFile, unwatchFile, type Stats } from 'node:fs';
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
  #listener: ((cur: Stats, prev: Stats) => void) | undefined;
  #loading: Promise<boolean> = Promise.resolve(true);

  constructor(opts: FileSourceOptions) {
    this.#opts = opts;
  }

  async start(emit: (update: MetadataUpdate) => void): Promise<void> {
    this.#emit = emit;
    await this.reload();
    this.#listener = (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.ino !== prev.ino || cur.size !== prev.size) void this.reload();
    };
    watchFile(this.#opts.path, { interval: this.#opts.pollMs ?? 1000, persistent: true }, this.#listener);
  }

  async stop(): Promise<void> {
    if (this.#listener) unwatchFile(this.#opts.path, this.#listener);
    this.#listener = undefined;
    await this.#loading;
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
