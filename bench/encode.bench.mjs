// Result-batch encoding throughput: the dedicated RowBatchData writer vs @bufbuild's
// generic encoder on the same 5-column batches (time, upid, latency, service, float).
// Run: node --import tsx bench/encode.bench.mjs   → bench/results/encode.json

import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { create, toBinary } from '@bufbuild/protobuf';
import { RowBatchDataSchema } from '../src/proto/index.ts';
import { encodeRowBatch } from '../src/directquery/encode/rowbatch-writer.ts';
import { DataType } from '../src/types/index.ts';
import { median } from './stats.mjs';

const ROWS = 50_000;
const REPS = 15;

function makeColumns(n) {
  const time = new BigInt64Array(n);
  const latency = new BigInt64Array(n);
  const high = new BigUint64Array(n);
  const low = new BigUint64Array(n);
  const f = new Float64Array(n);
  const svc = new Array(n);
  let t = 1_764_000_000_000_000_000n;
  for (let i = 0; i < n; i++) {
    t += BigInt(1000 + (i % 997));
    time[i] = t;
    latency[i] = BigInt(100_000 + ((i * 7919) % 50_000_000));
    high[i] = (7n << 32n) | BigInt(1000 + (i % 30));
    low[i] = 123456789n + BigInt(i % 30);
    f[i] = (i % 1000) / 7;
    svc[i] = `ns-${i % 4}/service-${i % 30}`;
  }
  return [
    { type: DataType.TIME64NS, data: time },
    { type: DataType.UINT128, high, low },
    { type: DataType.INT64, data: latency },
    { type: DataType.STRING, data: svc },
    { type: DataType.FLOAT64, data: f },
  ];
}

function toPbMessage(cols, n) {
  const enc = new TextEncoder();
  const col = (c) => {
    switch (c.type) {
      case DataType.TIME64NS: return { colData: { case: 'time64nsData', value: { data: [...c.data] } } };
      case DataType.INT64: return { colData: { case: 'int64Data', value: { data: [...c.data] } } };
      case DataType.FLOAT64: return { colData: { case: 'float64Data', value: { data: [...c.data] } } };
      case DataType.STRING: return { colData: { case: 'stringData', value: { data: c.data.map((s) => enc.encode(s)) } } };
      case DataType.UINT128: return { colData: { case: 'uint128Data', value: { data: [...c.low].map((l, i) => ({ low: l, high: c.high[i] })) } } };
    }
  };
  return create(RowBatchDataSchema, { tableId: 'bench', cols: cols.map(col), numRows: BigInt(n), eos: true });
}

function time(fn) {
  const samples = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const cols = makeColumns(ROWS);
const size = encodeRowBatch({ tableId: 'bench', columns: cols, start: 0, end: ROWS, eow: false, eos: true }).length;
// @bufbuild needs a message object: time its conversion from our columns and its encode.
const convertMs = time(() => toPbMessage(cols, ROWS));
const msg = toPbMessage(cols, ROWS);
const bufbuildMs = time(() => toBinary(RowBatchDataSchema, msg));
const writerMs = time(() => encodeRowBatch({ tableId: 'bench', columns: cols, start: 0, end: ROWS, eow: false, eos: true }));

const mbps = (ms) => +(size / 1e6 / (ms / 1e3)).toFixed(1);
const result = {
  bench: 'encode',
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
  rows: ROWS,
  bytes: size,
  reps: REPS,
  median_ms: { bufbuild_convert: +convertMs.toFixed(2), bufbuild_encode: +bufbuildMs.toFixed(2), writer_encode: +writerMs.toFixed(2) },
  throughput_mb_s: {
    bufbuild_encode_only: mbps(bufbuildMs),
    bufbuild_convert_and_encode: mbps(convertMs + bufbuildMs),
    writer: mbps(writerMs),
  },
  ratio_writer_vs_bufbuild_total: +((convertMs + bufbuildMs) / writerMs).toFixed(2),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/encode.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
