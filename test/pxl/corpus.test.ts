// Runs every script in test/pxl/corpus/ through the compiler and the executor on the
// fixture tables (corpus-data.ts) and compares the rendered result tables — or the
// rendered compile error — with the script's .out file, exactly.
// A first line `#exec_funcs: [...]` (JSON) passes ExecuteScriptRequest.exec_funcs.
// PXL_CORPUS_UPDATE=1 rewrites the .out files (review the diff before committing).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compileScript, type ExecFunc } from '../../src/pxl/index.js';
import { runPlan, type ResultTable } from '../../src/exec/index.js';
import { DataType } from '../../src/types/index.js';
import type { Column } from '../../src/types/index.js';
import { catalog, columns, NOW } from './fixtures.js';
import { agent, corpusProvider, metadata } from './corpus-data.js';

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'corpus');
const UPDATE = process.env['PXL_CORPUS_UPDATE'] === '1';
const MAX_ROWS_SHOWN = 40;

function cell(c: Column, i: number): string {
  switch (c.type) {
    case DataType.BOOLEAN: return c.data[i] ? 'true' : 'false';
    case DataType.STRING: return JSON.stringify(c.data[i]);
    case DataType.UINT128: return `${c.high[i]}:${c.low[i]}`;
    case DataType.FLOAT64: return String(c.data[i]);
    default: return String(c.data[i]);
  }
}

function render(tables: readonly ResultTable[]): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`== ${t.name} (${t.numRows} row${t.numRows === 1 ? '' : 's'})`);
    out.push(columns(t.relation).join(' | '));
    let shown = 0;
    for (const b of t.batches) {
      for (let i = 0; i < b.numRows && shown < MAX_ROWS_SHOWN; i++, shown++) out.push(b.columns.map((c) => cell(c, i)).join(' | '));
    }
    if (t.numRows > shown) out.push(`... ${t.numRows - shown} more`);
  }
  return out.join('\n') + '\n';
}

export async function runCorpusScript(text: string, name: string): Promise<string> {
  const header = /^#exec_funcs:(.*)$/m.exec(text);
  const execFuncs = header ? (JSON.parse(header[1]!) as ExecFunc[]) : [];
  const r = compileScript(text, { catalog, now: NOW, execFuncs, scriptName: name });
  if (r.errors.length > 0 || !r.plan) return r.errors.map((e) => e.render()).join('\n') + '\n';
  const tables = await runPlan(r.plan, { provider: corpusProvider(), metadata, nowNs: NOW, hostname: 'node-1', numCpus: 4, agent });
  return render(tables);
}

const scripts = readdirSync(DIR).filter((f) => f.endsWith('.pxl')).sort();

test('holds at least 60 scripts, each with an expected output', () => {
  assert.ok(scripts.length >= 60, `only ${scripts.length} scripts`);
  if (!UPDATE) for (const s of scripts) assert.ok(existsSync(join(DIR, s.replace(/\.pxl$/, '.out'))), `${s} has no .out file`);
});

for (const s of scripts) {
  const good = !s.startsWith('bad_');
  test(`${good ? 'runs' : 'rejects'} ${s} ${good ? 'to its expected tables' : 'with its expected error'}`, async () => {
    const text = readFileSync(join(DIR, s), 'utf8');
    const actual = await runCorpusScript(text, s);
    const outPath = join(DIR, s.replace(/\.pxl$/, '.out'));
    if (UPDATE) writeFileSync(outPath, actual);
    assert.is(actual.startsWith(`${s}:`) || actual.startsWith('ERR_'), !good, `unexpected outcome:\n${actual}`);
    assert.fixture(actual, readFileSync(outPath, 'utf8'));
  });
}

test.run();
