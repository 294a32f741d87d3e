// ExecuteScriptResponse frames, serialized once by the producer so the drain loop knows each
// message's exact size. Result batches go through the dedicated RowBatchData writer inside a
// hand-written envelope (query_id = 2, data = 3 { batch = 1 }); meta_data and
// execution_stats have writers of their own (encode/response-writer.ts); the rare status
// responses are encoded by @bufbuild.

import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { ExecuteScriptResponseSchema } from '../../proto/index.js';
import type { Column } from '../../types/index.js';
import { estimateRowBatchSize, prepareRowBatch, writeRowBatch, type PreparedRowBatch } from '../encode/rowbatch-writer.js';
import { bytesFieldSize, putBytesField, putVarint32, varint32Size } from '../encode/varint.js';

export type FrameKind = 'meta' | 'batch' | 'stats' | 'status';

/** One serialized ExecuteScriptResponse. */
export interface Frame {
  readonly kind: FrameKind;
  readonly bytes: Buffer;
  /** Result rows carried (batches only). */
  readonly rows: number;
}

const utf8 = new TextEncoder();

/** A small response encoded by @bufbuild. */
export function messageFrame(kind: Exclude<FrameKind, 'batch'>, init: MessageInitShape<typeof ExecuteScriptResponseSchema>): Frame {
  const b = toBinary(ExecuteScriptResponseSchema, create(ExecuteScriptResponseSchema, init));
  return { kind, bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength), rows: 0 };
}

/** Bytes the envelope adds around a RowBatchData of `size` bytes for this query id. */
export function envelopeSize(queryId: Uint8Array, size: number): number {
  const data = 1 + varint32Size(size) + size;
  return bytesFieldSize(queryId.length) + 1 + varint32Size(data) + 1 + varint32Size(size);
}

function envelope(queryId: Uint8Array, size: number): Uint8Array {
  const data = 1 + varint32Size(size) + size; // QueryData { batch }
  const head = new Uint8Array(envelopeSize(queryId, size));
  let p = putBytesField(head, 0, 2, queryId); // query_id
  head[p++] = 0x1a; // data (oneof result)
  p = putVarint32(head, p, data);
  head[p++] = 0x0a; // QueryData.batch
  p = putVarint32(head, p, size);
  return head;
}

export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  readonly code = 'ERR_DQ_ROW_TOO_LARGE';
  constructor(readonly table: string, readonly bytes: number, readonly limit: number) {
    super(`a single row of table ${table} encodes to ${bytes} bytes, above the message size limit of ${limit} bytes (--direct_query_max_message_bytes)`);
  }
}

/**
 * Frames for rows [start, end) of a result batch, split so that no frame exceeds
 * `maxMessageBytes`; the last frame carries `eos` when asked.
 */
export function batchFrames(
  queryId: string,
  tableId: string,
  tableName: string,
  columns: readonly Column[],
  numRows: number,
  eos: boolean,
  maxMessageBytes: number,
  /** Encoded bytes per row seen so far for this table (read and updated): when it says a
   *  slice fits with room to spare, the estimate pass is skipped (~20 % of encoding). */
  hint?: { bytesPerRow: number },
): Frame[] {
  const qid = utf8.encode(queryId);
  const fits = (p: PreparedRowBatch) => p.size + envelopeSize(qid, p.size) <= maxMessageBytes;
  const out: PreparedRowBatch[] = [];
  const split = (start: number, end: number, last: boolean): void => {
    const slice = { tableId, columns, start, end, eow: false, eos: eos && last };
    const n = end - start;
    // A batch far over the limit is split on its estimated size (a lower bound), without
    // encoding it first: encoding a large batch only to learn its size cost both time and
    // memory (tens of MB for wide tables).
    const perRow = hint !== undefined ? hint.bytesPerRow : 0;
    const likelyFits = perRow > 0 && perRow * n <= 0.75 * maxMessageBytes;
    // Too big by the rate seen so far: cut it into pieces that rate puts at ~70 % of the
    // limit, without a measuring pass over the rows (a sixth of encoding a large result).
    // A piece that still does not fit is split again below, on its exact size.
    if (!likelyFits && perRow > 0 && n > 1) return cut(start, end, last, perRow * n, 0.7);
    let size = likelyFits || n <= 1 ? 0 : estimateRowBatchSize(slice);
    if (likelyFits || size + envelopeSize(qid, size) <= maxMessageBytes || n <= 1) {
      const p = prepareRowBatch(slice);
      if (hint !== undefined && n > 0) hint.bytesPerRow = p.size / n;
      if (fits(p)) {
        out.push(p);
        return;
      }
      if (n <= 1) throw new MessageTooLargeError(tableName, p.size + envelopeSize(qid, p.size), maxMessageBytes);
      size = p.size;
    }
    // Aim for ~90 % of the limit per piece, then refine the pieces that still do not fit.
    cut(start, end, last, size, 0.9);
  };
  /** Splits rows [start, end), about `bytes` in all, into pieces of ~`share` of the limit. */
  const cut = (start: number, end: number, last: boolean, bytes: number, share: number): void => {
    const pieces = Math.max(2, Math.ceil(bytes / (share * maxMessageBytes)));
    const step = Math.ceil((end - start) / pieces);
    for (let s = start; s < end; s += step) split(s, Math.min(end, s + step), last && s + step >= end);
  };
  split(0, numRows, true);
  return out.map((p) => ({ kind: 'batch', bytes: writeRowBatch(p, envelope(qid, p.size)), rows: p.slice.end - p.slice.start }));
}
