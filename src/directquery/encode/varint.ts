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

/** Bytes of a length-delimited field (tag, length, payload) with `bytes` of payload; 0 when empty (proto3 omits it). */
export function bytesFieldSize(bytes: number): number {
  return bytes === 0 ? 0 : 1 + varint32Size(bytes) + bytes;
}

/** Writes field `no` holding `bytes` (tag, length, payload) at `p`, nothing when empty; returns the position after it. */
export function putBytesField(b: Uint8Array, p: number, no: number, bytes: Uint8Array): number {
  if (bytes.length === 0) return p;
  b[p++] = (no << 3) | 2;
  p = putVarint32(b, p, bytes.length);
  b.set(bytes, p);
  return p + bytes.length;
}
