// Admission control for queries: at most `maxConcurrent` run at once; up to `maxQueued` more
// wait in arrival order (each until its call is cancelled); beyond that a query is refused
// at once (RESOURCE_EXHAUSTED). No global lock: admitted queries run side by side.

export interface AdmissionOptions {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}

export type Release = () => void;

export class Admission {
  #running = 0;
  readonly #queue: Array<{ grant: (r: Release | undefined) => void }> = [];

  constructor(private readonly opts: AdmissionOptions) {}

  get running(): number { return this.#running; }
  get queued(): number { return this.#queue.length; }

  /**
   * Resolves to a release function once the query may run, or to undefined when it is
   * refused (queue full) or its signal aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.#running < this.opts.maxConcurrent) {
      this.#running++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#queue.length >= this.opts.maxQueued) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const entry = {
        grant: (r: Release | undefined) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
      };
      const onAbort = () => {
        const i = this.#queue.indexOf(entry);
        if (i >= 0) this.#queue.splice(i, 1);
        entry.grant(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next.grant(this.#releaser());
      else this.#running--;
    };
  }
}
