// The hand-written meta_data and execution_stats responses against @bufbuild's encoder,
// byte for byte, on randomized relations and statistics.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ExecuteScriptResponseSchema } from '../../../src/proto/index.js';
import { encodeMetaResponse, encodeStatsResponse } from '../../../src/directquery/encode/response-writer.js';
import { DataType, SemanticType, type ColumnInfo } from '../../../src/types/index.js';
import { mulberry32 } from '../../helpers/rng.js';

const TYPES = [DataType.BOOLEAN, DataType.INT64, DataType.UINT128, DataType.FLOAT64, DataType.STRING, DataType.TIME64NS];
const SEMANTIC = Object.values(SemanticType).filter((v) => typeof v === 'number') as SemanticType[];
const WORDS = ['', 'time_', 'upid', 'req_path', 'latency', 'ünïcödé', '日本', 'a'.repeat(200)];

test('meta_data responses match @bufbuild on 300 randomized relations', () => {
  const r = mulberry32(20261203);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (let round = 0; round < 300; round++) {
    const relation: ColumnInfo[] = Array.from({ length: Math.floor(r() * 30) }, () => ({
      name: pick(WORDS), type: pick(TYPES), desc: pick(WORDS), semanticType: r() < 0.4 ? (0 as SemanticType) : pick(SEMANTIC),
    }));
    const queryId = round % 5 === 0 ? '' : `q-${round}`;
    const tableId = pick(WORDS);
    const name = pick(WORDS);
    const ours = encodeMetaResponse(queryId, tableId, name, relation);
    const ref = toBinary(ExecuteScriptResponseSchema, create(ExecuteScriptResponseSchema, {
      queryId,
      result: {
        case: 'metaData',
        value: { id: tableId, name, relation: { columns: relation.map((c) => ({ columnName: c.name, columnType: c.type, columnDesc: c.desc, columnSemanticType: c.semanticType })) } },
      },
    }));
    assert.ok(Buffer.from(ref).equals(ours), `round ${round}`);
    // Column entries are cached per ColumnInfo object: a second encoding reuses them.
    assert.ok(encodeMetaResponse(queryId, tableId, name, relation).equals(ours), `round ${round}, cached`);
  }
});

test('execution_stats responses match @bufbuild, zeros, big and negative values included', () => {
  const r = mulberry32(7);
  const values = [0n, 1n, 127n, 128n, 2n ** 53n + 1n, 2n ** 63n - 1n, -1n, -(2n ** 63n)];
  const pick = () => (r() < 0.5 ? values[Math.floor(r() * values.length)]! : BigInt(Math.floor(r() * 2 ** 40)));
  for (let round = 0; round < 200; round++) {
    const s = { executionTimeNs: pick(), compilationTimeNs: pick(), bytesProcessed: pick(), recordsProcessed: pick() };
    const queryId = round % 4 === 0 ? '' : '6f1c3e0a-2b7d-4e59-9a41-3c8d2f7e1b05';
    const ours = encodeStatsResponse(queryId, s);
    const ref = toBinary(ExecuteScriptResponseSchema, create(ExecuteScriptResponseSchema, {
      queryId,
      result: {
        case: 'data',
        value: {
          executionStats: {
            timing: { executionTimeNs: s.executionTimeNs, compilationTimeNs: s.compilationTimeNs },
            bytesProcessed: s.bytesProcessed,
            recordsProcessed: s.recordsProcessed,
          },
        },
      },
    }));
    assert.ok(Buffer.from(ref).equals(ours), `round ${round}: ${JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    const back = fromBinary(ExecuteScriptResponseSchema, ours);
    assert.is(back.result.case === 'data' && back.result.value.executionStats?.recordsProcessed, s.recordsProcessed);
  }
});

test.run();
