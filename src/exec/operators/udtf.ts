// Rows of the table-generating functions. Lists come from the engine itself (tables from
// the provider, functions from the registry); the agent's own status comes from
// ExecuteOptions.agent. This agent has no tracepoints and no tcmalloc heap profiles.

import { DataType, allocColumn, dataTypeName } from '../../types/index.js';
import type { Column, Relation, RowBatch } from '../../types/index.js';
import type { UdtfNode } from '../../pxl/plan.js';
import { UDTFS } from '../../pxl/functions/udtf.js';
import type { ExecContext } from '../context.js';
import { ExecError } from '../errors.js';

/** What px.GetAgentStatus() reports about this agent. */
export interface AgentInfo {
  readonly agentId: { readonly high: bigint; readonly low: bigint };
  readonly asid: number;
  readonly hostname: string;
  readonly ipAddress: string;
  readonly createTimeNs: bigint;
  readonly kernelHeadersInstalled: boolean;
}

type Cell = string | bigint | boolean | { high: bigint; low: bigint };

/** A batch from rows of plain cells in relation order. */
function fromRows(relation: Relation, rows: readonly (readonly Cell[])[]): RowBatch {
  const cols: Column[] = relation.map((c) => allocColumn(c.type, rows.length));
  rows.forEach((r, i) => {
    cols.forEach((col, k) => {
      const v = r[k]!;
      if (col.type === DataType.UINT128) { const u = v as { high: bigint; low: bigint }; col.high[i] = u.high; col.low[i] = u.low; }
      else if (col.type === DataType.BOOLEAN) col.data[i] = v ? 1 : 0;
      else (col.data as unknown as Cell[])[i] = v;
    });
  });
  return { numRows: rows.length, columns: cols };
}

export const HEAP_UNSUPPORTED = 'Only supported with tcmalloc.';

/** The rows of one UDTF call. */
export function udtfRows(node: UdtfNode, ctx: ExecContext, agent: AgentInfo | undefined): (readonly Cell[])[] {
  switch (node.fn) {
    case 'GetTables':
      return (ctx.provider.tables?.() ?? []).map((t) => [t.name, t.desc]);
    case 'GetSchemas':
      return (ctx.provider.tables?.() ?? []).flatMap((t) =>
        t.relation.map((c, i) => [t.name, c.name, dataTypeName(c.type), t.patternTypes?.[i] ?? '', c.desc]));
    case 'GetUDFList':
    case 'GetUDAList': {
      const kind = node.fn === 'GetUDFList' ? 'scalar' : 'aggregate';
      return ctx.registry.overloads().filter((o) => o.kind === kind)
        .map((o) => [o.name, dataTypeName(o.returnType), o.argTypes.map(dataTypeName).join(',')]);
    }
    case 'GetUDTFList':
      return [...UDTFS.values()].map((u) => [
        u.name, u.executor,
        u.params.map((p) => `${p.name}:${dataTypeName(p.type)}`).join(','),
        u.relation.map((c) => `${c.name}:${dataTypeName(c.type)}`).join(','),
      ]);
    case 'GetTracepointStatus':
      return [];
    case '_HeapGrowthStacks': {
      if (agent === undefined) return [];
      const want = node.args['asid'] as bigint;
      return want === -1n || want === BigInt(agent.asid) ? [[BigInt(agent.asid), HEAP_UNSUPPORTED]] : [];
    }
    case 'GetAgentStatus':
      // This agent collects data (a PEM), so include_kelvin does not filter it out.
      return agent === undefined ? [] : [[
        agent.agentId, BigInt(agent.asid), agent.hostname, agent.ipAddress, 'AGENT_STATE_HEALTHY',
        agent.createTimeNs, 0n, agent.kernelHeadersInstalled,
      ]];
    default:
      throw new ExecError('ERR_EXEC_BAD_PLAN', `unknown table-generating function ${node.fn}`);
  }
}

export async function* udtfOp(node: UdtfNode, ctx: ExecContext, agent: AgentInfo | undefined): AsyncGenerator<RowBatch> {
  const rows = udtfRows(node, ctx, agent);
  if (rows.length > 0) yield fromRows(node.relation, rows);
}
