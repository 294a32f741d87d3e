// Runs every bench/*.bench.mjs, one after another, each as `node --import tsx <file>`,
// then prints one summary line per bench (exit code, seconds). Extra arguments are passed
// to every bench; `--only=NAME[,NAME]` picks benches by name (e.g. --only=store).
// Run: npm run bench   (or node bench/run.mjs --only=store)

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').filter(Boolean)) : undefined;
const passThrough = process.argv.slice(2).filter((a) => !a.startsWith('--only='));

const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()
  .filter((f) => !only || only.has(f.slice(0, -'.bench.mjs'.length)));

if (benches.length === 0) {
  process.stderr.write(`no benchmarks matched${only ? ` --only=${[...only].join(',')}` : ''}\n`);
  process.exit(2);
}

function run(file) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, file), ...passThrough], {
      cwd: join(here, '..'), stdio: 'inherit',
    });
    child.on('error', (err) => resolve({ file, code: -1, seconds: 0, error: err.message }));
    child.on('exit', (code, signal) => resolve({ file, code: code ?? -1, signal, seconds: (performance.now() - t0) / 1000 }));
  });
}

const results = [];
for (const f of benches) {
  process.stdout.write(`\n=== ${f}\n`);
  results.push(await run(f));
}

process.stdout.write('\n=== summary\n');
for (const r of results) {
  const status = r.code === 0 ? 'ok    ' : `FAILED (${r.signal ?? `exit ${r.code}`})`;
  process.stdout.write(`${status} ${r.file.padEnd(28)} ${r.seconds.toFixed(1).padStart(7)} s  -> bench/results/${r.file.replace('.bench.mjs', '.json')}\n`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
