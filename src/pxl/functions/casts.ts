// Semantic casts (px.DurationNanos, px.Percent, px.Bytes, px.Namespace, px.Pod, ...): the
// value is unchanged; only the result's semantic type differs. "Only semantic casts": the
// argument's data type must already be the cast's data type, so each has one overload.

import { DataType as T, SemanticType as S } from '../../types/index.js';
import type { DataType, SemanticType } from '../../types/index.js';
import type { ScalarOverload } from './registry.js';
import { fixedSemantic } from './registry.js';
import { argColumn, defineScalar } from './kernel.js';

/** The semantic casts: name → (data type, semantic type). */
export const SEMANTIC_CASTS: ReadonlyMap<string, { readonly type: DataType; readonly semanticType: SemanticType }> = new Map([
  ['DurationNanos', { type: T.INT64, semanticType: S.ST_DURATION_NS }],
  ['Percent', { type: T.FLOAT64, semanticType: S.ST_PERCENT }],
  ['Bytes', { type: T.INT64, semanticType: S.ST_BYTES }],
  ['Namespace', { type: T.STRING, semanticType: S.ST_NAMESPACE_NAME }],
  ['Pod', { type: T.STRING, semanticType: S.ST_POD_NAME }],
  ['Service', { type: T.STRING, semanticType: S.ST_SERVICE_NAME }],
  ['Node', { type: T.STRING, semanticType: S.ST_NODE_NAME }],
  ['Container', { type: T.STRING, semanticType: S.ST_CONTAINER_NAME }],
  ['UPID', { type: T.UINT128, semanticType: S.ST_UPID }],
]);

/** One identity overload per cast. */
export function castFunctions(): ScalarOverload[] {
  return [...SEMANTIC_CASTS].map(([name, c]) =>
    defineScalar(name, [c.type], c.type, fixedSemantic(c.semanticType), (args, n) => argColumn(args[0]!, n)));
}
