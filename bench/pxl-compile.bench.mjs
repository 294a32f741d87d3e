// PxL front-end cost: tokenize, parse, and full compile (parse + evaluate + plan) of typical
// scripts against the built-in table schemas. The engine benchmark includes this time in
// every query, so it should stay well under a millisecond per script.
// Run: node --import tsx bench/pxl-compile.bench.mjs   → bench/results/pxl-compile.json

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { compileScript, mapCatalog, parse, tokenize, Source } from '../src/pxl/index.ts';
import { BUILTIN_TABLES } from '../src/store/index.ts';
import { median } from './stats.mjs';

const catalog = mapCatalog(new Map(BUILTIN_TABLES.map((t) => [t.name, t.relation])));
const corpus = (f) => readFileSync(new URL(`../test/pxl/corpus/${f}`, import.meta.url), 'utf8');
const SCRIPTS = {
  display_head: corpus('01_display_head.pxl'),
  percentiles: corpus('14_latency_percentiles.pxl'),
  source_dest_helper: corpus('35_lazy_helper_defined_later.pxl'),
  time_window_cross_join: corpus('18_cross_join_time_window.pxl'),
  pxviews_http_graph: "import px\nimport pxviews\npx.display(pxviews.http_graph('-5m', px.now()))\n",
};
const ITER = Number(process.env.PXL_BENCH_ITER ?? 2000);

function measure(fn) {
  for (let i = 0; i < 200; i++) fn();
  const samples = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    for (let i = 0; i < ITER / 10; i++) fn();
    samples.push(((performance.now() - t0) / (ITER / 10)) * 1000);
  }
  return Math.round(median(samples) * 10) / 10;
}

const results = {};
for (const [name, text] of Object.entries(SCRIPTS)) {
  const probe = compileScript(text, { catalog });
  if (probe.errors.length > 0) throw new Error(`${name}: ${probe.errors[0].render()}`);
  results[name] = {
    chars: text.length,
    tokenize_us: measure(() => tokenize(new Source(text))),
    parse_us: measure(() => parse(new Source(text))),
    compile_us: measure(() => compileScript(text, { catalog })),
  };
  console.log(name, results[name]);
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/pxl-compile.json', import.meta.url), JSON.stringify({
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
  unit: 'microseconds per script, median of 15 rounds',
  results,
}, null, 2) + '\n');
