#!/usr/bin/env node
// Builds one bundle per profile in dist-profiles/ (src/main.ts → dist/<name>/pemdq.mjs) and
// writes each esbuild metafile beside its bundle. Same tree in, same bytes out.
// Usage: node build.mjs [--profile NAME]... [--outdir-root DIR]

import { readFile, readdir, writeFile, mkdir, chmod } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const PROFILE_KEYS = new Set(['name', 'description', 'define', 'outfile', 'minify']);
const MINIFY_KEYS = new Set(['syntax', 'whitespace', 'identifiers']);

/** Reads and validates every profile; unknown keys and bad shapes are errors naming the file. */
export async function loadProfiles(dir = join(root, 'dist-profiles')) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`${dir}: no profiles (*.json) found`);
  const profiles = [];
  for (const file of files) {
    const path = join(dir, file);
    let p;
    try {
      p = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new Error(`${path}: not valid JSON: ${err.message}`);
    }
    profiles.push(validateProfile(p, path));
  }
  const names = new Set();
  for (const p of profiles) {
    if (names.has(p.name)) throw new Error(`duplicate profile name "${p.name}"`);
    names.add(p.name);
  }
  return profiles;
}

export function validateProfile(p, where) {
  const fail = (msg) => { throw new Error(`${where}: ${msg}`); };
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('a profile must be a JSON object');
  for (const k of Object.keys(p)) {
    if (!PROFILE_KEYS.has(k)) fail(`unknown profile key "${k}" (allowed: ${[...PROFILE_KEYS].join(', ')})`);
  }
  if (typeof p.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(p.name)) fail('"name" must be a lower-case identifier');
  if (p.outfile !== `dist/${p.name}/pemdq.mjs`) fail(`"outfile" must be "dist/${p.name}/pemdq.mjs"`);
  if (p.define === null || typeof p.define !== 'object' || Array.isArray(p.define)) fail('"define" must be an object');
  if (!('PX_DIRECT_QUERY_DISABLED' in p.define)) fail('"define" must set PX_DIRECT_QUERY_DISABLED');
  for (const [k, v] of Object.entries(p.define)) {
    if (typeof v !== 'string') fail(`define "${k}" must be a string holding a JS expression`);
  }
  if (!['true', 'false'].includes(p.define.PX_DIRECT_QUERY_DISABLED)) fail('PX_DIRECT_QUERY_DISABLED must be "true" or "false"');
  const minify = p.minify ?? {};
  if (typeof minify !== 'object' || minify === null || Array.isArray(minify)) fail('"minify" must be an object');
  for (const [k, v] of Object.entries(minify)) {
    if (!MINIFY_KEYS.has(k)) fail(`unknown minify key "${k}" (allowed: ${[...MINIFY_KEYS].join(', ')})`);
    if (typeof v !== 'boolean') fail(`minify.${k} must be a boolean`);
  }
  return { description: '', ...p, minify };
}

/** Builds one profile into `outRoot` (default: the repo root); returns the written paths. */
export async function buildProfile(profile, outRoot = root) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const outfile = resolve(outRoot, profile.outfile);
  await mkdir(dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    write: true,
    metafile: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    minifySyntax: profile.minify.syntax ?? true,
    minifyWhitespace: profile.minify.whitespace ?? false,
    minifyIdentifiers: profile.minify.identifiers ?? false,
    define: {
      ...profile.define,
      PEMDQ_VERSION: JSON.stringify(pkg.version),
      PEMDQ_PROFILE: JSON.stringify(profile.name),
    },
    // grpc-js and friends are CommonJS and call require() for node built-ins.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __pemdqCreateRequire } from 'node:module';\nconst require = __pemdqCreateRequire(import.meta.url);",
    },
  });
  const metafile = join(dirname(outfile), 'meta.json');
  await writeFile(metafile, JSON.stringify(normalizeMetafile(result.metafile, profile.outfile), null, 1) + '\n');
  await chmod(outfile, 0o755);
  return { outfile, metafile };
}

// esbuild names outputs by their path relative to the working directory; name the one
// output by its profile path instead, so the metafile does not depend on where it was built.
function normalizeMetafile(meta, outfile) {
  const outputs = Object.values(meta.outputs);
  if (outputs.length !== 1) throw new Error(`expected one output, got ${outputs.length}`);
  return { inputs: meta.inputs, outputs: { [outfile]: outputs[0] } };
}

async function main(argv) {
  const wanted = [];
  let outRoot = root;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.split(/=(.*)/s);
    const val = () => inline ?? argv[++i];
    if (k === '--profile') wanted.push(val());
    else if (k === '--outdir-root') outRoot = resolve(val());
    else throw new Error(`unknown argument: ${a} (usage: node build.mjs [--profile NAME]... [--outdir-root DIR])`);
  }
  const all = await loadProfiles();
  for (const w of wanted) {
    if (!all.some((p) => p.name === w)) throw new Error(`unknown profile "${w}" (have: ${all.map((p) => p.name).join(', ')})`);
  }
  const selected = wanted.length ? all.filter((p) => wanted.includes(p.name)) : all;
  for (const p of selected) {
    const { outfile } = await buildProfile(p, outRoot);
    process.stdout.write(`built ${p.name}: ${outfile}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`build.mjs: ${err.errors?.length ? err.errors.map((e) => e.text).join('\n') : err.message}\n`);
    process.exit(1);
  });
}
