// Compiled plans are reused for a repeated script only when nothing they were compiled from
// differs, never when they hold the query's start time, never for errors, and frozen.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileScript, mapCatalog, type CompileLimits } from '../../src/pxl/index.js';
import { createDefaultRegistry } from '../../src/pxl/functions/index.js';
import type { Plan, PlanNode } from '../../src/pxl/plan.js';
import type { Relation } from '../../src/types/index.js';
import { catalog, NOW } from './fixtures.js';

let serial = 0;
/** A script no other test compiles (the cache is process-wide). */
const fresh = (body: string) => `# script ${++serial}\nimport px\n${body}`;
const planOf = (script: string, extra: Record<string, unknown> = {}) => {
  const r = compileScript(script, { catalog, now: NOW, ...extra });
  assert.equal(r.errors.map((e) => e.message), []);
  return r.plan!;
};
const node = (p: Plan, kind: PlanNode['kind']) => p.nodes.find((n) => n.kind === kind)!;

test('a repeated script gets the same frozen plan', () => {
  const s = fresh("px.display(px.DataFrame(table='conn_stats', start_time='-5m').head(3), 'x')");
  const a = planOf(s);
  const b = planOf(s, { now: NOW + 60_000_000_000n });
  assert.ok(a === b, 'reused: a relative start time stays relative in the plan');
  assert.equal(node(a, 'source'), { ...node(a, 'source') });
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.nodes) && Object.isFrozen(node(a, 'source')));
  assert.throws(() => { (a.nodes as PlanNode[]).push(node(a, 'head')); }, TypeError);
  assert.throws(() => { (node(a, 'head') as { n: number }).n = 1000; }, TypeError);
});

test('a plan that read the start time is compiled again for each query', () => {
  const s = fresh("df = px.DataFrame(table='conn_stats')\ndf.t = px.now()\npx.display(df, 'x')");
  const a = planOf(s);
  const b = planOf(s, { now: NOW + 1_000n });
  assert.ok(a !== b);
  assert.not.equal(JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  const t = fresh("px.display(px.DataFrame(table='conn_stats', start_time=px.parse_time('-1m')), 'x')");
  assert.ok(planOf(t) !== planOf(t, { now: NOW + 1_000n }), 'parse_time of a relative time reads the start time');
});

test('exec func arguments, limits and the script name are part of what must match', () => {
  const s = fresh("def f(n: int):\n    return px.DataFrame(table='conn_stats').head(n)");
  const call = (n: string) => ({ execFuncs: [{ funcName: 'f', argValues: [{ name: 'n', value: n }], outputTablePrefix: 'f' }] });
  const a = planOf(s, call('5'));
  assert.ok(a === planOf(s, call('5')));
  const b = planOf(s, call('7'));
  assert.ok(a !== b);
  assert.equal([(node(a, 'head') as { n: number }).n, (node(b, 'head') as { n: number }).n], [5, 7]);
  const limits: CompileLimits = { maxResultRows: 50 };
  assert.ok(planOf(s, { ...call('5'), limits }) !== a);
  assert.ok(planOf(s, { ...call('5'), scriptName: 'other.pxl' }) !== a);
});

test('another catalog gets its own plans', () => {
  const s = fresh("px.display(px.DataFrame(table='conn_stats'), 'x')");
  const a = planOf(s);
  const other = mapCatalog(new Map([...catalog.tableNames()].map((t) => [t, catalog.relation(t)!] as const)));
  const r = compileScript(s, { catalog: other, now: NOW });
  assert.ok(r.plan !== undefined && r.plan !== a);
  assert.ok(planOf(s) === a);
});

test('errors are not kept: a table declared later makes the same script compile', () => {
  const tables = new Map<string, Relation>([...catalog.tableNames()].map((t) => [t, catalog.relation(t)!] as const));
  const growing = mapCatalog(tables);
  const s = fresh("px.display(px.DataFrame(table='late_table'), 'x')");
  assert.equal(compileScript(s, { catalog: growing, now: NOW }).errors.map((e) => e.code), ['ERR_PXL_UNKNOWN_TABLE']);
  tables.set('late_table', catalog.relation('conn_stats')!);
  const r = compileScript(s, { catalog: growing, now: NOW });
  assert.equal(r.errors, []);
  assert.is((node(r.plan!, 'source') as { table: string }).table, 'late_table');
});

test('a table whose relation changed, or a registry that grew, makes the script compile again', () => {
  const tables = new Map<string, Relation>([...catalog.tableNames()].map((t) => [t, catalog.relation(t)!] as const));
  const changing = mapCatalog(tables);
  const s = fresh("px.display(px.DataFrame(table='conn_stats')[['time_']], 'x')");
  const a = compileScript(s, { catalog: changing, now: NOW }).plan!;
  assert.ok(compileScript(s, { catalog: changing, now: NOW }).plan === a);
  tables.set('conn_stats', [...catalog.relation('conn_stats')!]);
  const b = compileScript(s, { catalog: changing, now: NOW }).plan!;
  assert.ok(b !== a, 'same columns, but another relation object: compiled again');
  assert.ok(compileScript(s, { catalog: changing, now: NOW }).plan === b);

  const registry = createDefaultRegistry(); // its own: the shared one must not grow
  const c = compileScript(s, { catalog: changing, now: NOW, registry }).plan!;
  assert.ok(compileScript(s, { catalog: changing, now: NOW, registry }).plan === c);
  registry.add({ ...registry.scalar(registry.scalarOverloads('add')[0]!.id), id: 'plan-cache-test:add' } as never);
  assert.ok(compileScript(s, { catalog: changing, now: NOW, registry }).plan !== c);
});

test('at most 64 plans are kept, the oldest go first; long scripts are never kept', () => {
  const first = fresh("px.display(px.DataFrame(table='conn_stats'), 'x')");
  const a = planOf(first);
  for (let i = 0; i < 64; i++) planOf(fresh("px.display(px.DataFrame(table='conn_stats'), 'x')"));
  assert.ok(planOf(first) !== a, 'evicted after 64 newer scripts');
  const long = fresh(`# ${'x'.repeat(16 * 1024)}\npx.display(px.DataFrame(table='conn_stats'), 'x')`);
  assert.ok(planOf(long) !== planOf(long));
});

test.run();
