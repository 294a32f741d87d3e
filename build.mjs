#!/usr/bin/env node
// Builds one bundle per profile in dist-profiles/ (src/main.ts → dist/<name>/pemdq.mjs) and
// writes each esbuild metafile beside its bundle. Same tree in, same bytes out.
// A profile with "splitting": true keeps dist/<name>/pemdq.mjs as the entry and puts every
// dynamically imported part (and code shared with it) in dist/<name>/chunks/: a process
// then reads and compiles only the chunks it imports, so a feature that is switched off at
// run time costs no memory for its code.
// Usage: node build.mjs [--profile NAME]... [--outdir-root DIR]

import { readFile, readdir, writeFile, mkdir, chmod, rm, rename, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const PROFILE_KEYS = new Set(['name', 'description', 'define', 'outfile', 'minify', 'splitting']);
const CHUNK_DIR = 'chunks';
const SHEBANG = '#!/usr/bin/env node\n';
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
  if ('splitting' in p && typeof p.splitting !== 'boolean') fail('"splitting" must be a boolean');
  return { description: '', ...p, minify, splitting: p.splitting ?? false };
}

/**
 * esbuild's options for `profile` with output under `outdir`, everything but the entry point
 * (nothing is written: the caller gets the files). Tests build other entries with the very
 * same options.
 */
export function esbuildOptions(profile, outdir, version) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: profile.splitting,
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    write: false,
    metafile: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    minifySyntax: profile.minify.syntax ?? true,
    minifyWhitespace: profile.minify.whitespace ?? false,
    minifyIdentifiers: profile.minify.identifiers ?? false,
    define: {
      ...profile.define,
      PEMDQ_VERSION: JSON.stringify(version),
      PEMDQ_PROFILE: JSON.stringify(profile.name),
    },
    // grpc-js and friends are CommonJS and call require() for node built-ins: every output
    // file that may hold such code gets its own require.
    banner: {
      js: "import { createRequire as __pemdqCreateRequire } from 'node:module';\nconst require = __pemdqCreateRequire(import.meta.url);",
    },
  };
}

/**
 * Builds one profile into `outRoot` (default: the repo root); returns the written paths:
 * the entry (`outfile`), every output file (`outputs`, entry first) and the metafile.
 */
export async function buildProfile(profile, outRoot = root) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const outfile = resolve(outRoot, profile.outfile);
  const outdir = dirname(outfile);
  const result = await esbuild.build({ ...esbuildOptions(profile, outdir, pkg.version), entryPoints: [{ in: 'src/main.ts', out: 'pemdq' }] });
  const files = result.outputFiles.map((f) => ({ path: f.path, contents: f.path === outfile ? Buffer.concat([Buffer.from(SHEBANG), f.contents]) : f.contents }));
  if (!files.some((f) => f.path === outfile)) throw new Error(`esbuild wrote no ${profile.outfile}`);
  for (const f of files) {
    if (f.path !== outfile && !f.path.startsWith(join(outdir, CHUNK_DIR) + '/')) throw new Error(`unexpected output ${f.path}`);
  }
  // Chunks first, the entry last, each written whole (temporary file, then rename): a process
  // started meanwhile never reads a half-written file nor an entry whose chunks are missing.
  await mkdir(join(outdir, CHUNK_DIR), { recursive: true });
  for (const f of files.filter((x) => x.path !== outfile)) await writeWhole(f.path, f.contents);
  await writeWhole(outfile, files.find((x) => x.path === outfile).contents, 0o755);
  await removeStaleChunks(join(outdir, CHUNK_DIR), new Set(files.map((f) => f.path)));
  const metafile = join(outdir, 'meta.json');
  const meta = normalizeMetafile(result.metafile, outRoot);
  meta.outputs[profile.outfile].bytes += SHEBANG.length;
  await writeFile(metafile, JSON.stringify(meta, null, 1) + '\n');
  const outputs = [outfile, ...files.map((f) => f.path).filter((p) => p !== outfile).sort()];
  return { outfile, outputs, metafile };
}

async function writeWhole(path, contents, mode = 0o644) {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents, { mode });
  await chmod(tmp, mode); // writeFile's mode is filtered by the umask
  await rename(tmp, path);
}

/**
 * Chunk names carry a content hash, so a rebuild leaves the old ones behind. They are removed
 * once older than STALE_CHUNK_GRACE_MS: an agent started from the previous entry just before
 * the rebuild imports its chunks at start-up, so it still finds them; the directory goes
 * when a profile no longer splits.
 */
export const STALE_CHUNK_GRACE_MS = 10 * 60 * 1000;
async function removeStaleChunks(dir, keep, now = Date.now()) {
  if (![...keep].some((p) => p.startsWith(dir + '/'))) return rm(dir, { recursive: true, force: true });
  for (const name of await readdir(dir)) {
    const p = join(dir, name);
    if (keep.has(p)) continue;
    const st = await stat(p).catch(() => undefined);
    if (st && now - st.mtimeMs > STALE_CHUNK_GRACE_MS) await rm(p, { force: true });
  }
}

// esbuild names outputs by their path relative to the working directory; name them by
// their path relative to the output root instead (dist/<name>/...), so the metafile does
// not depend on where it was built.
function normalizeMetafile(meta, outRoot) {
  const rename = (p) => relative(outRoot, resolve(root, p)).split('\\').join('/');
  const outputs = {};
  for (const [path, out] of Object.entries(meta.outputs)) {
    const imports = out.imports.map((i) => (i.external ? i : { ...i, path: rename(i.path) }));
    outputs[rename(path)] = { ...out, imports };
  }
  return { inputs: meta.inputs, outputs };
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
