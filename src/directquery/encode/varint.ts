// Protobuf varints for the hand-written encoders: sizes and writers on plain numbers, with
// 64-bit values as two unsigned 32-bit halves (no BigInt arithmetic per value).

/** Bytes of a varint holding the unsigned 32-bit value v. */
export function varint32Size(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes of a varint holding the 64-bit value whose halves are (lo, hi) as unsigned 32-bit. */
export function varint64Size(lo: number, hi: number): number {
  if (hi === 0) return varint32Size(lo);
  // Bit length is 32 + bitlen(hi), at most 64; a varint carries 7 bits per byte.
  return Math.ceil((64 - Math.clz32(hi)) / 7);
}

/** Writes the varint of a non-negative 32-bit `v` at `p`; returns the position after it. */
export function putVarint32(b: Uint8Array, p: number, v: number): number {
  while (v > 0x7f) {
    b[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[p++] = v;
  return p;
}

/** Writes the varint of the 64-bit value (lo, hi) at `p`; returns the position after it. */
export function putVarint64(b: Uint8Array, p: number, lo: number, hi: number): number {
  while (hi !== 0) {
    b[p++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  return putVarint32(b, p, lo);
}
