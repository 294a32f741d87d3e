// Memory for result columns, handed back by the caller once a query's results are used. A
// query that returns millions of rows writes them into fresh typed arrays, and fresh memory
// costs a page fault (and the kernel zeroing the page) on first write: for 2 M rows × 4
// columns, 10-35 ms of kernel time, as much as the copy itself. The caller that consumes a
// query's results and keeps none of their arrays (the direct-query service sends them and
// drops them) releases the query's lease; the arrays return to a bounded process pool and the
// next query writes into memory that is already mapped.
//
// Safety: only buffers this pool made are ever handed out again (stored data never enters
// it); a lease gives its buffers back once, and only when its caller says every result
// batch is dead. A caller that never releases simply leaves its buffers to the GC.

/** Bytes of free buffers the process pool keeps at most. */
export const RESULT_BUFFER_BYTES = 64 << 20;

/** Free buffers are dropped after this long without a query taking any. */
export const RESULT_BUFFER_IDLE_MS = 30_000;

export class ResultBufferPool {
  /** Free buffers by byte size, most recently returned last. */
  private readonly free = new Map<number, ArrayBuffer[]>();
  /** Every buffer this pool made (weak: a buffer the GC took is no business of ours). */
  private readonly made = new WeakSet<ArrayBuffer>();
  /** Buffers in `free` (a buffer is in at most one place: free, or leased). */
  private readonly idle = new WeakSet<ArrayBuffer>();
  private held = 0;
  private lastTake = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Buffers handed out again instead of made (tests and benches read it). */
  reused = 0;

  constructor(readonly limit = RESULT_BUFFER_BYTES, private readonly idleMs = RESULT_BUFFER_IDLE_MS) {}

  /** Bytes of free buffers held. */
  get bytes(): number { return this.held; }

  /** A lease for one query's result columns. */
  lease(): ResultLease {
    return new ResultLease(this);
  }

  /** An ArrayBuffer of exactly `bytes` bytes; its contents are unspecified when reused. */
  take(bytes: number): ArrayBuffer {
    this.lastTake = Date.now();
    const buf = this.free.get(bytes)?.pop();
    if (buf !== undefined) {
      this.idle.delete(buf);
      this.held -= bytes;
      this.reused++;
      return buf;
    }
    const fresh = new ArrayBuffer(bytes);
    this.made.add(fresh);
    return fresh;
  }

  /** Takes `buf` back when this pool made it, it is not free already and it fits the limit. */
  giveBack(buf: ArrayBuffer): void {
    const bytes = buf.byteLength;
    if (!this.made.has(buf) || this.idle.has(buf) || bytes === 0 || this.held + bytes > this.limit) return;
    let list = this.free.get(bytes);
    if (list === undefined) { list = []; this.free.set(bytes, list); }
    list.push(buf);
    this.idle.add(buf);
    this.held += bytes;
    this.timer ??= this.schedule(this.idleMs);
  }

  /** Drops every free buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const b of list) this.idle.delete(b);
    this.free.clear();
    this.held = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** An idle agent does not keep result memory: free buffers go once no query took any for idleMs. */
  private schedule(ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.timer = undefined;
      const quiet = Date.now() - this.lastTake;
      if (quiet >= this.idleMs) this.clear();
      else if (this.held > 0) this.timer = this.schedule(this.idleMs - quiet);
    }, ms);
    t.unref();
    return t;
  }
}

/**
 * One query's buffers. The executor's operators take result arrays from it; the caller calls
 * release() once it is done with every result batch of the query (after the last one is
 * sent, or when it stops early) and never reads them again.
 */
export class ResultLease {
  private leased: ArrayBuffer[] = [];
  private released = false;

  constructor(private readonly pool: ResultBufferPool) {}

  /** A buffer for a result column (fresh memory once the lease is released). */
  take(bytes: number): ArrayBuffer {
    if (this.released) return new ArrayBuffer(bytes);
    const buf = this.pool.take(bytes);
    this.leased.push(buf);
    return buf;
  }

  /** Every buffer of this lease goes back to the pool; later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const bufs = this.leased;
    this.leased = [];
    for (const b of bufs) this.pool.giveBack(b);
  }

  /** Buffers taken and not given back (tests). */
  get leasedCount(): number { return this.leased.length; }
}

/** The process's pool. */
export const resultBufferPool = new ResultBufferPool();
