// Recycled column buffers. Fresh typed arrays cost page faults on first write (about as much
// as the kernel's own work on a 64K-row batch), so an operator whose output batches die
// before it computes the next one (its consumer folds each batch and keeps none of its
// arrays, e.g. a group-by) lends its kernels a pool: buffers taken while computing a batch
// return to the pool when the operator resumes for the next batch and are handed out again.

/** Buffers kept per byte size at most (a batch takes a few of each size). */
const KEEP_PER_SIZE = 8;

export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private leased: ArrayBuffer[] = [];

  /** An ArrayBuffer of `bytes` bytes with unspecified contents, leased until release(). */
  take(bytes: number): ArrayBuffer {
    const buf = this.free.get(bytes)?.pop() ?? new ArrayBuffer(bytes);
    this.leased.push(buf);
    return buf;
  }

  /** Returns every buffer leased since the last release; their arrays must be dead. */
  release(): void {
    for (const buf of this.leased) {
      let list = this.free.get(buf.byteLength);
      if (list === undefined) { list = []; this.free.set(buf.byteLength, list); }
      if (list.length < KEEP_PER_SIZE) list.push(buf);
    }
    this.leased = [];
  }

  /** Buffers currently leased (tests). */
  get leasedCount(): number { return this.leased.length; }
}

/** Anything that hands out ArrayBuffers of an exact size (a BufferPool, a result lease). */
export interface BufferTaker {
  take(bytes: number): ArrayBuffer;
}

/** Where kernels get output arrays: a pool when the caller lends one, else fresh memory. */
export interface BufferSource {
  readonly buffers?: BufferTaker;
}

/**
 * A BigInt64Array of `n` elements for a kernel that writes every element (contents are
 * unspecified when pooled).
 */
export function outInt64(ctx: BufferSource, n: number): BigInt64Array<ArrayBuffer> {
  const p = ctx.buffers;
  return p === undefined || n === 0 ? new BigInt64Array(n) : new BigInt64Array(p.take(n * 8), 0, n);
}

/** An Int32Array of `n` elements for a kernel that writes every element. */
export function outInt32(ctx: BufferSource, n: number): Int32Array<ArrayBuffer> {
  const p = ctx.buffers;
  return p === undefined || n === 0 ? new Int32Array(n) : new Int32Array(p.take(n * 4), 0, n);
}

/** A Float64Array of `n` elements for a kernel that writes every element. */
export function outFloat64(ctx: BufferSource, n: number): Float64Array<ArrayBuffer> {
  const p = ctx.buffers;
  return p === undefined || n === 0 ? new Float64Array(n) : new Float64Array(p.take(n * 8), 0, n);
}

/** A Uint8Array of `n` elements for a kernel that writes every element. */
export function outUint8(ctx: BufferSource, n: number): Uint8Array<ArrayBuffer> {
  const p = ctx.buffers;
  return p === undefined || n === 0 ? new Uint8Array(n) : new Uint8Array(p.take(n), 0, n);
}
