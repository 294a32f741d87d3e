// `npm run fuzz`: runs every fuzzer in test/fuzz (files named *-fuzz.ts exporting
// run(cases, seed)) with the full case count, prints a summary per fuzzer and exits 1 on
// any failure. FUZZ_CASES and FUZZ_SEED override the defaults (100,000 cases, seed 1).

import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const cases = Number(process.env['FUZZ_CASES'] ?? 100_000);
const seed = Number(process.env['FUZZ_SEED'] ?? 1);

interface Report {
  readonly name?: string;
  readonly cases?: number;
  readonly failures?: ReadonlyArray<{ readonly case?: number; readonly input?: string; readonly problem?: string }>;
  readonly [k: string]: unknown;
}

let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('-fuzz.ts')).sort()) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run?: (cases: number, seed: number) => unknown };
  if (typeof mod.run !== 'function') {
    console.error(`${file}: does not export run(cases, seed)`);
    failed++;
    continue;
  }
  const t0 = performance.now();
  let report: Report;
  try {
    report = ((await mod.run(cases, seed)) ?? {}) as Report;
  } catch (e) {
    console.error(`${file}: fuzzer threw: ${e instanceof Error ? e.stack : String(e)}`);
    failed++;
    continue;
  }
  const failures = report.failures ?? [];
  const { failures: _f, ...summary } = report;
  void _f;
  console.log(`${file}: ${JSON.stringify({ ...summary, failures: failures.length, seconds: Math.round((performance.now() - t0) / 100) / 10 })}`);
  for (const f of failures.slice(0, 5)) {
    console.log(`  case ${f.case}: ${f.problem}\n  input: ${JSON.stringify(f.input?.slice(0, 2000))}`);
  }
  failed += failures.length;
}
process.exit(failed > 0 ? 1 : 0);
