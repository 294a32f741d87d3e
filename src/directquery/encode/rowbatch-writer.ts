// A dedicated protobuf writer for px.api.vizierpb.RowBatchData, the hot path of result
// streaming. It writes the same bytes as @bufbuild's encoder (fields in number order,
// proto3 defaults omitted, oneof members always written) straight from our columns:
// INT64/TIME64NS are read as 32-bit halves of the BigInt64Array, so no BigInt arithmetic
// runs per value, and FLOAT64 is copied as raw little-endian bytes.

import { DataType, type Column } from '../../types/index.js';
import { bytesFieldSize, putVarint32, putVarint64, varint32Size, varint64Size } from './varint.js';
import { dictionaryOf, type StringDictionary } from '../../pxl/functions/kernel.js';

export interface RowBatchSlice {
  readonly tableId: string;
  readonly columns: readonly Column[];
  /** First row (inclusive) and end row (exclusive) of the slice to write. */
  readonly start: number;
  readonly end: number;
  readonly eow: boolean;
  readonly eos: boolean;
}

// Column oneof field numbers (Column.col_data).
const COLUMN_FIELD: Record<number, number> = {
  [DataType.BOOLEAN]: 1,
  [DataType.INT64]: 2,
  [DataType.UINT128]: 3,
  [DataType.TIME64NS]: 4,
  [DataType.FLOAT64]: 5,
  [DataType.STRING]: 6,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('the RowBatchData writer assumes a little-endian host');
const utf8 = new TextEncoder();

function halves(data: BigInt64Array | BigUint64Array): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
}

interface ColumnPlan {
  /** Size of the XColumn message body. */
  bodySize: number;
  /** Size of the packed payload (scalars) or 0. */
  payloadSize: number;
  /**
   * STRING: the whole body (tag, length, bytes per value); INT64/TIME64NS: the packed
   * varints. Encoded while measuring, in one pass, and copied out by the writer.
   */
  encoded?: Uint8Array;
}

/** Strings at least this long are copied by one native write rather than char by char. */
const NATIVE_WRITE_CHARS = 64;

/**
 * The body of a StringColumn for rows [start, end), in one pass: each value is written as
 * if ASCII (length = its UTF-16 length, chars copied as bytes) and rewritten with its exact
 * UTF-8 length only if a char turns out not to be ASCII. Measuring every value and then
 * copying it (two passes, the second with a bounds-checked call per value) cost twice as much.
 */
function encodeStrings(data: readonly string[], start: number, end: number): Uint8Array {
  // Sized for all-ASCII values (exact then); the first non-ASCII value triggers one exact
  // re-measure of the rest and one reallocation.
  let b = Buffer.allocUnsafe(asciiStringsBodySize(data, start, end));
  let exact = false;
  let p = 0;
  for (let i = start; i < end; i++) {
    const s = data[i]!;
    const len = s.length;
    const valueStart = p;
    b[p++] = 0x0a;
    const at = p;
    p = len < 0x80 ? (b[p] = len, p + 1) : putVarint32(b, p, len);
    let ascii = true;
    if (len >= NATIVE_WRITE_CHARS) {
      // UTF-8 bytes == UTF-16 units exactly when every char is ASCII (a non-ASCII value
      // may be cut at the buffer's end here; it is rewritten below anyway).
      ascii = b.write(s, p, 'utf8') === len;
      if (ascii) p += len;
    } else {
      for (let k = 0; k < len; k++) {
        const c = s.charCodeAt(k);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        b[p++] = c;
      }
    }
    if (!ascii) {
      if (!exact) {
        exact = true;
        let rest = 0;
        for (let k = i; k < end; k++) {
          const bytes = utf8Length(data[k]!);
          rest += 1 + varint32Size(bytes) + bytes;
        }
        const grown = Buffer.allocUnsafe(valueStart + rest);
        b.copy(grown, 0, 0, valueStart);
        b = grown;
        b[valueStart] = 0x0a;
      }
      const bytes = utf8Length(s);
      p = putVarint32(b, at, bytes);
      p += b.write(s, p, bytes, 'utf8');
    }
  }
  return b.subarray(0, p);
}

/**
 * The dictionary of a STRING column when it is small next to the column (a quarter of its
 * rows at most): then its values are encoded once per column, whatever the slices. A wide
 * one is left to the strings (built once per column by its getter).
 */
function narrowDictionary(c: Column): StringDictionary | undefined {
  const dict = dictionaryOf(c);
  return dict !== undefined && (dict.map ?? dict.values).length * 4 <= dict.codes.length ? dict : undefined;
}

/** Each code's field bytes (tag, length, UTF-8) in one buffer, and where each starts: at[k]..at[k + 1]. */
const fieldsByDictionary = new WeakMap<StringDictionary, { field: Uint8Array; at: Int32Array }>();

function dictionaryFields(dict: StringDictionary): { field: Uint8Array; at: Int32Array } {
  let f = fieldsByDictionary.get(dict);
  if (f !== undefined) return f;
  const { map, values } = dict;
  const width = map === undefined ? values.length : map.length;
  const field = encodeStrings(map === undefined ? values : Array.from(map, (k) => values[k]!), 0, width);
  const at = new Int32Array(width + 1);
  for (let k = 0, p = 0; k < width; k++) {
    at[k] = p;
    let r = p + 1, len = 0, shift = 0, b: number;
    do { b = field[r++]!; len |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    p = r + len;
    at[k + 1] = p;
  }
  f = { field, at };
  fieldsByDictionary.set(dict, f);
  return f;
}

/**
 * The body of a StringColumn for rows [start, end) of a dictionary column: the field bytes
 * (tag, length, UTF-8) of each distinct value once, then copied per row. The same bytes as
 * encodeStrings over the column's strings.
 */
function encodeDictionaryStrings(dict: StringDictionary, start: number, end: number): Uint8Array {
  const { codes } = dict;
  const { field, at } = dictionaryFields(dict);
  let size = 0;
  for (let i = start; i < end; i++) {
    const c = codes[i]!;
    size += at[c + 1]! - at[c]!;
  }
  const out = Buffer.allocUnsafe(size);
  let p = 0;
  for (let i = start; i < end; i++) {
    const c = codes[i]!;
    for (let k = at[c]!, e = at[c + 1]!; k < e; k++) out[p++] = field[k]!;
  }
  return out;
}

/** Size of a StringColumn body for rows [start, end) if every value is ASCII (else a lower bound). */
function asciiStringsBodySize(data: readonly string[], start: number, end: number): number {
  let size = 0;
  for (let i = start; i < end; i++) {
    const len = data[i]!.length;
    size += 1 + varint32Size(len) + len;
  }
  return size;
}

/** asciiStringsBodySize for a dictionary column, from each distinct value's length. */
function asciiDictionaryBodySize(dict: StringDictionary, start: number, end: number): number {
  const { codes, map, values } = dict;
  const sizes = Int32Array.from(map ?? values, (v: string | number) => {
    const len = (typeof v === 'number' ? values[v]! : v).length;
    return 1 + varint32Size(len) + len;
  });
  let size = 0;
  for (let i = start; i < end; i++) size += sizes[codes[i]!]!;
  return size;
}

/** Packed varints of rows [start, end), read as 32-bit halves (no BigInt arithmetic). */
function encodeInt64s(h: Uint32Array, start: number, end: number): Uint8Array {
  const b = Buffer.allocUnsafe(10 * (end - start));
  let p = 0;
  for (let i = start; i < end; i++) p = putVarint64(b, p, h[2 * i]!, h[2 * i + 1]!);
  return b.subarray(0, p);
}

function planColumn(c: Column, start: number, end: number): ColumnPlan {
  const n = end - start;
  switch (c.type) {
    case DataType.BOOLEAN: {
      const payload = n;
      return { payloadSize: payload, bodySize: bytesFieldSize(payload) };
    }
    case DataType.INT64:
    case DataType.TIME64NS: {
      const encoded = encodeInt64s(halves(c.data), start, end);
      const payload = encoded.length;
      return { payloadSize: payload, bodySize: bytesFieldSize(payload), encoded };
    }
    case DataType.FLOAT64: {
      const payload = 8 * n;
      return { payloadSize: payload, bodySize: bytesFieldSize(payload) };
    }
    case DataType.STRING: {
      // A dictionary column (filter copies of kept columns, metadata names) with few values
      // for its rows: each distinct value is encoded once and its bytes copied per row,
      // without building the column's string array.
      const dict = narrowDictionary(c);
      const encoded = dict !== undefined ? encodeDictionaryStrings(dict, start, end) : encodeStrings(c.data, start, end);
      return { payloadSize: 0, bodySize: encoded.length, encoded };
    }
    case DataType.UINT128: {
      const hh = halves(c.high);
      const lh = halves(c.low);
      let body = 0;
      for (let i = start; i < end; i++) {
        const m = uint128Size(lh[2 * i]!, lh[2 * i + 1]!, hh[2 * i]!, hh[2 * i + 1]!);
        body += 1 + varint32Size(m) + m;
      }
      return { payloadSize: 0, bodySize: body };
    }
  }
}

/** UTF-8 length of a JS string as Buffer/TextEncoder write it (lone surrogates → U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

function uint128Size(llo: number, lhi: number, hlo: number, hhi: number): number {
  let m = 0;
  if (llo !== 0 || lhi !== 0) m += 1 + varint64Size(llo, lhi);
  if (hlo !== 0 || hhi !== 0) m += 1 + varint64Size(hlo, hhi);
  return m;
}

class Out {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }
  varint32(v: number): void {
    this.pos = putVarint32(this.buf, this.pos, v);
  }
  varint64(lo: number, hi: number): void {
    this.pos = putVarint64(this.buf, this.pos, lo, hi);
  }
  bytes(src: Uint8Array): void {
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
}

/** A slice measured for writing: its exact encoded size, and what the writer needs. */
export interface PreparedRowBatch {
  readonly size: number;
  readonly slice: RowBatchSlice;
  readonly plans: readonly ColumnPlan[];
  readonly tableId: Uint8Array;
}

/** Exact encoded size of a RowBatchData slice, without writing it. */
export function rowBatchSize(s: RowBatchSlice): number {
  return prepareRowBatch(s).size;
}

/** Measures a slice once; `writeRowBatch` then writes it without measuring again. */
export function prepareRowBatch(s: RowBatchSlice): PreparedRowBatch {
  if (s.start < 0 || s.end < s.start) throw new RangeError(`bad row range [${s.start}, ${s.end})`);
  const plans = s.columns.map((c) => planColumn(c, s.start, s.end));
  const tableId = utf8.encode(s.tableId);
  return { size: framedSize(plans.map((p) => p.bodySize), s, tableId.length), slice: s, plans, tableId };
}

/** Size of a RowBatchData whose column bodies have the given sizes. */
function framedSize(bodies: readonly number[], s: RowBatchSlice, tableIdBytes: number): number {
  let size = 0;
  for (const body of bodies) {
    const column = 1 + varint32Size(body) + body; // Column { oneof field }
    size += 1 + varint32Size(column) + column; // RowBatchData.cols
  }
  const n = s.end - s.start;
  if (n !== 0) size += 1 + varint32Size(n);
  if (s.eow) size += 2;
  if (s.eos) size += 2;
  if (tableIdBytes) size += 1 + varint32Size(tableIdBytes) + tableIdBytes;
  return size;
}

/**
 * The encoded size of a slice without encoding it: exact, except that string values are
 * counted as if ASCII (a lower bound). Lets a caller split a large batch into messages
 * before paying for (and allocating) its encoding.
 */
export function estimateRowBatchSize(s: RowBatchSlice): number {
  const bodies = s.columns.map((c) => estimateColumnBody(c, s.start, s.end));
  return framedSize(bodies, s, Buffer.byteLength(s.tableId, 'utf8'));
}

function estimateColumnBody(c: Column, start: number, end: number): number {
  switch (c.type) {
    case DataType.INT64:
    case DataType.TIME64NS: {
      const h = halves(c.data);
      let payload = 0;
      for (let i = start; i < end; i++) payload += varint64Size(h[2 * i]!, h[2 * i + 1]!);
      return bytesFieldSize(payload);
    }
    case DataType.STRING: {
      const dict = narrowDictionary(c);
      if (dict !== undefined) return asciiDictionaryBodySize(dict, start, end);
      return asciiStringsBodySize(c.data, start, end);
    }
    // Exact and cheap (no encoding) for the other types.
    default: return planColumn(c, start, end).bodySize;
  }
}

/** Encodes rows [start, end) of the columns as a RowBatchData message. */
export function encodeRowBatch(s: RowBatchSlice): Uint8Array {
  return writeRowBatch(prepareRowBatch(s));
}

/**
 * Writes a prepared RowBatchData; `head`, when given, is written first (an enclosing
 * message's tags and lengths), so the result is one buffer with no copy of the batch.
 */
export function writeRowBatch(p: PreparedRowBatch, head?: Uint8Array): Buffer {
  const { size, plans, tableId, slice: s } = p;
  const total = size + (head?.length ?? 0);
  // Unpooled: the returned bytes own their ArrayBuffer. Every byte is written below.
  const out = new Out(Buffer.allocUnsafeSlow(total));
  if (head) out.bytes(head);
  for (let ci = 0; ci < s.columns.length; ci++) {
    const c = s.columns[ci]!;
    const cp = plans[ci]!;
    const column = 1 + varint32Size(cp.bodySize) + cp.bodySize;
    out.byte(0x0a); // cols, field 1, length-delimited
    out.varint32(column);
    out.byte((COLUMN_FIELD[c.type]! << 3) | 2);
    out.varint32(cp.bodySize);
    writeColumnBody(out, c, cp, s.start, s.end);
  }
  const n = s.end - s.start;
  if (n !== 0) {
    out.byte(0x10); // num_rows, field 2, varint
    out.varint32(n);
  }
  if (s.eow) { out.byte(0x18); out.byte(1); }
  if (s.eos) { out.byte(0x20); out.byte(1); }
  if (tableId.length) {
    out.byte(0x2a); // table_id, field 5
    out.varint32(tableId.length);
    out.bytes(tableId);
  }
  if (out.pos !== total) throw new Error(`RowBatchData writer: wrote ${out.pos} bytes, planned ${total}`);
  return out.buf;
}

function writeColumnBody(out: Out, c: Column, p: ColumnPlan, start: number, end: number): void {
  switch (c.type) {
    case DataType.BOOLEAN: {
      if (p.payloadSize === 0) return;
      out.byte(0x0a);
      out.varint32(p.payloadSize);
      for (let i = start; i < end; i++) out.byte(c.data[i] ? 1 : 0);
      return;
    }
    case DataType.INT64:
    case DataType.TIME64NS: {
      if (p.payloadSize === 0) return;
      out.byte(0x0a);
      out.varint32(p.payloadSize);
      out.bytes(p.encoded!);
      return;
    }
    case DataType.FLOAT64: {
      if (p.payloadSize === 0) return;
      out.byte(0x0a);
      out.varint32(p.payloadSize);
      out.bytes(new Uint8Array(c.data.buffer, c.data.byteOffset + start * 8, (end - start) * 8));
      return;
    }
    case DataType.STRING: {
      out.bytes(p.encoded!);
      return;
    }
    case DataType.UINT128: {
      const hh = halves(c.high);
      const lh = halves(c.low);
      for (let i = start; i < end; i++) {
        const llo = lh[2 * i]!, lhi = lh[2 * i + 1]!, hlo = hh[2 * i]!, hhi = hh[2 * i + 1]!;
        out.byte(0x0a);
        out.varint32(uint128Size(llo, lhi, hlo, hhi));
        if (llo !== 0 || lhi !== 0) { out.byte(0x08); out.varint64(llo, lhi); }
        if (hlo !== 0 || hhi !== 0) { out.byte(0x10); out.varint64(hlo, hhi); }
      }
      return;
    }
  }
}
