// Enforces the import directions of shared/ARCHITECTURE.md (table in test/arch/rules.ts)
// on every TypeScript file under src/, and forbids cycles among runtime imports.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { checkTree, formatCycle, type Report } from './checker.js';
import { rules } from './rules.js';

const ROOT = new URL('../../', import.meta.url).pathname;

async function loadSrc(): Promise<Map<string, string>> {
  const entries = await readdir(join(ROOT, 'src'), { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const abs = join(e.parentPath, e.name);
    files.set(relative(ROOT, abs).split(sep).join('/'), await readFile(abs, 'utf8'));
  }
  return files;
}

let report: Report;
let files: Map<string, string>;

test.before(async () => {
  files = await loadSrc();
  report = checkTree(files, rules);
});

test('the scan sees src/main.ts, the build-time switch and its dynamic imports', () => {
  assert.ok(files.has('src/main.ts'));
  const dynamic = report.edges
    .filter((e) => e.from === 'src/agent/feature.ts' && e.dynamic)
    .map((e) => (e.target.kind === 'file' ? e.target.path : e.specifier));
  assert.equal(dynamic, ['src/directquery/stub.ts', 'src/directquery/index.ts', 'src/cli/query.ts']);
});

test('every src file imports only what its part may import', () => {
  assert.equal(report.violations.map((v) => v.message), []);
});

test('src has no import cycles among runtime imports', () => {
  assert.equal(report.cycles.map(formatCycle), []);
});

test.run();
