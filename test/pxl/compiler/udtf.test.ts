import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UDTFS } from '../../../src/pxl/functions/udtf.js';
import { chain, columns, errorOf, ok, sinkInput } from '../fixtures.js';

const P = 'import px\n';

/** The udtf node displayed by `px.display(<call>)`. */
function udtfOf(call: string): { fn: string; args: unknown; relation: string[] } {
  const n = sinkInput(ok(`${P}px.display(${call})`));
  if (n.kind !== 'udtf') throw new Error(`expected a udtf node, got ${n.kind}`);
  return { fn: n.fn, args: n.args, relation: columns(n.relation) };
}

test('every UDTF of the surface compiles to a udtf node with its spec relation and defaults', () => {
  for (const spec of UDTFS.values()) {
    const u = udtfOf(`px.${spec.name}()`);
    assert.equal(u.fn, spec.name);
    assert.equal(u.relation, columns(spec.relation));
    assert.equal(u.args, Object.fromEntries(spec.params.map((p) => [p.name, p.default])));
  }
  assert.equal(UDTFS.size, 8);
});

test('GetAgentStatus has the c.3 columns and include_kelvin defaults to True', () => {
  assert.equal(udtfOf('px.GetAgentStatus()'), {
    fn: 'GetAgentStatus', args: { include_kelvin: true },
    relation: ['agent_id:UINT128:AGENT_UID', 'asid:INT64:ASID', 'hostname:STRING', 'ip_address:STRING:IP_ADDRESS', 'agent_state:STRING', 'create_time:TIME64NS', 'last_heartbeat_ns:INT64:DURATION_NS', 'kernel_headers_installed:BOOLEAN'],
  });
});

test('binds literal arguments positionally and by keyword, constant-folded ones included', () => {
  assert.equal(udtfOf('px.GetAgentStatus(False)').args, { include_kelvin: false });
  assert.equal(udtfOf('px.GetAgentStatus(include_kelvin=False)').args, { include_kelvin: false });
  assert.equal(udtfOf('px._HeapGrowthStacks(asid=3)').args, { asid: 3n });
  assert.equal(udtfOf('px._HeapGrowthStacks(-1)').args, { asid: -1n });
  assert.equal(udtfOf('px._HeapGrowthStacks(A + 1)'.replace('A', 'px.seconds(0)')).args, { asid: 1n });
});

test('a UDTF result is a DataFrame: filter, project, map and merge work on it', () => {
  const r = ok(`${P}df = px.GetAgentStatus()
df = df[df.asid > 0]
df.ip = px.pluck_array(px.split(df.ip_address, ':'), 0)
heap = px._HeapGrowthStacks()
df = df.merge(heap, how='inner', left_on='asid', right_on='asid')
px.display(df[['hostname', 'ip', 'heap']])
`);
  const s = r.sinks[0]!;
  assert.equal(columns(s.relation), ['hostname:STRING', 'ip:STRING', 'heap:STRING']);
  assert.is(chain(r.plan, s.node), 'merge[inner](udtf(GetAgentStatus) > filter > map, udtf(_HeapGrowthStacks)) > project > sink(output)');
});

test('rejects non-literal, mistyped, surplus and unknown arguments precisely', () => {
  assert.equal(errorOf(`${P}px.display(px.GetAgentStatus(1))`), {
    code: 'ERR_PXL_TYPE', message: "px.GetAgentStatus() argument 'include_kelvin' must be a BOOLEAN literal, got an INT64 constant", line: 2, column: 30,
  });
  assert.equal(errorOf(`${P}df = px.DataFrame('conn_stats')\npx.display(px._HeapGrowthStacks(df.trace_role))`), {
    code: 'ERR_PXL_TYPE', message: "px._HeapGrowthStacks() argument 'asid' must be an INT64 literal, got a column expression", line: 3, column: 33,
  });
  assert.equal(errorOf(`${P}px.display(px.GetTables(1))`), { code: 'ERR_PXL_ARITY', message: 'px.GetTables() takes at most 0 arguments (1 given)', line: 2, column: 25 });
  assert.equal(errorOf(`${P}px.display(px.GetAgentStatus(include_kelvn=False))`), {
    code: 'ERR_PXL_ARITY', message: "px.GetAgentStatus() got an unexpected keyword argument 'include_kelvn'. Did you mean 'include_kelvin'?", line: 2, column: 30,
  });
});

test('suggests the UDTF meant by a misspelt name', () => {
  assert.equal(errorOf(`${P}px.display(px.GetAgentStats())`), {
    code: 'ERR_PXL_UNKNOWN_FUNCTION', message: "module 'px' has no member 'GetAgentStats'. Did you mean 'GetAgentStatus'?", line: 2, column: 15,
  });
  assert.equal(errorOf(`${P}px.display(px.GetSchema())`).message, "module 'px' has no member 'GetSchema'. Did you mean 'GetSchemas'?");
});

test.run();
