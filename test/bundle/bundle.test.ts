// Builds both profiles and inspects the emitted files: the stripped bundle is one file with
// no feature code, the enabled one (entry + chunks) holds all of it but loads none of the
// server side unless the feature is switched on, builds are byte-reproducible, and a stray
// static import of the feature would be caught.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../helpers/dist.js';
import { featureOffViolations, missingMarkers, staticClosure, strippedViolations, STUB_INPUT, type Metafile } from './markers.js';

interface BuildModule {
  loadProfiles(dir?: string): Promise<Profile[]>;
  buildProfile(p: Profile, outRoot?: string): Promise<{ outfile: string; outputs: string[]; metafile: string }>;
  validateProfile(p: unknown, where: string): Profile;
  esbuildOptions(p: Profile, outdir: string, version: string): esbuild.BuildOptions;
  STALE_CHUNK_GRACE_MS: number;
}
interface Profile { name: string; define: Record<string, string>; outfile: string; minify: Record<string, boolean>; splitting: boolean }

const build = (await import(join(repoRoot, 'build.mjs'))) as BuildModule;
const profiles = await build.loadProfiles();
const byName = (n: string) => profiles.find((p) => p.name === n)!;

/** Builds `contents` (as the file `sourcefile`) with a profile's own esbuild options, nothing written. */
function buildSnippet(profile: string, sourcefile: string, contents: string) {
  const options = build.esbuildOptions(byName(profile), join(repoRoot, 'dist', 'snippet'), 'x');
  return esbuild.build({ ...options, write: false, metafile: true, stdin: { contents, resolveDir: repoRoot, sourcefile, loader: 'ts' } });
}

const outA = await mkdtemp(join(tmpdir(), 'pemdq-build-a-'));
const outB = await mkdtemp(join(tmpdir(), 'pemdq-build-b-'));
/** Per profile: every output file by its path under the output root, entry first; all their text. */
const built: Record<string, { files: Map<string, Buffer>; code: string; meta: Metafile }> = {};
async function readOutputs(outRoot: string, outputs: string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const o of outputs) files.set(relative(outRoot, o), await readFile(o));
  return files;
}
for (const p of profiles) {
  const { outputs, metafile } = await build.buildProfile(p, outA);
  const files = await readOutputs(outA, outputs);
  const code = [...files.values()].map((b) => b.toString('utf8')).join('\n');
  built[p.name] = { files, code, meta: JSON.parse(await readFile(metafile, 'utf8')) as Metafile };
}

test.after(async () => {
  await rm(outA, { recursive: true, force: true });
  await rm(outB, { recursive: true, force: true });
});

test('there are exactly the enabled and stripped profiles, defining the switch both ways', () => {
  assert.equal(profiles.map((p) => p.name), ['enabled', 'stripped']);
  assert.is(byName('enabled').define['PX_DIRECT_QUERY_DISABLED'], 'false');
  assert.is(byName('stripped').define['PX_DIRECT_QUERY_DISABLED'], 'true');
});

test('the enabled bundle contains every feature marker (across its entry and chunks)', () => {
  assert.equal(missingMarkers(built['enabled']!.code), []);
});

test('the stripped bundle is one file; the enabled one is its entry plus chunks', () => {
  assert.equal([...built['stripped']!.files.keys()], ['dist/stripped/pemdq.mjs']);
  assert.equal(Object.keys(built['stripped']!.meta.outputs), ['dist/stripped/pemdq.mjs']);
  const enabled = [...built['enabled']!.files.keys()];
  assert.is(enabled[0], 'dist/enabled/pemdq.mjs');
  assert.ok(enabled.length > 1);
  for (const f of enabled.slice(1)) assert.match(f, /^dist\/enabled\/chunks\/[\w-]+\.mjs$/);
  assert.equal([...enabled].sort(), Object.keys(built['enabled']!.meta.outputs).sort());
  for (const [name, files] of Object.entries(built)) {
    assert.ok(files.files.get(`dist/${name}/pemdq.mjs`)!.toString('utf8').startsWith('#!/usr/bin/env node\n'), `${name} entry lacks the shebang`);
  }
});

test('with the feature off, the enabled entry loads no server, auth, grpc-js, jose or client code', () => {
  const meta = built['enabled']!.meta;
  assert.equal(featureOffViolations(meta, 'dist/enabled/pemdq.mjs'), []);
  // ...while that code is in the build, behind dynamic imports.
  const server = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === 'src/directquery/server.ts');
  assert.ok(server !== undefined, 'no chunk for src/directquery/server.ts');
  assert.not.ok(staticClosure(meta, 'dist/enabled/pemdq.mjs').includes(server!));
  const serverInputs = staticClosure(meta, server!).flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
  assert.ok(serverInputs.includes('src/directquery/auth/gate.ts'));
  assert.ok(serverInputs.some((i) => i.startsWith('node_modules/@grpc/grpc-js/')));
});

test('a static import of the server next to the entry is caught by the feature-off check', async () => {
  const r = await buildSnippet('enabled', 'src/eager.ts', "import './src/main.ts';\nimport { startDirectQuery } from './src/directquery/server.ts';\nexport const eager = startDirectQuery;\n");
  const meta = r.metafile as Metafile;
  const entry = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === 'src/eager.ts')!;
  const violations = featureOffViolations(meta, entry);
  assert.ok(violations.some((v) => v.endsWith(' loads src/directquery/server.ts')), violations.join('\n'));
  assert.ok(violations.some((v) => v.includes(' loads node_modules/@grpc/grpc-js/')), violations.join('\n'));
});

test('the stripped bundle contains no feature marker and no feature input', () => {
  assert.equal(strippedViolations(built['stripped']!.code, built['stripped']!.meta), []);
});

test('the stripped metafile lists the stub as its only src/directquery input, and no jose', () => {
  const inputs = Object.keys(built['stripped']!.meta.inputs);
  assert.equal(inputs.filter((i) => i.startsWith('src/directquery/')), [STUB_INPUT]);
  assert.equal(inputs.filter((i) => i.includes('node_modules/jose')), []);
});

test('the enabled metafile includes the real module and not the stub', () => {
  const inputs = Object.keys(built['enabled']!.meta.inputs);
  assert.ok(inputs.includes('src/directquery/index.ts'));
  assert.not.ok(inputs.includes(STUB_INPUT));
});

test('building the same tree twice gives identical bytes, in every file', async () => {
  for (const p of profiles) {
    const { outputs, metafile } = await build.buildProfile(p, outB);
    const again = await readOutputs(outB, outputs);
    assert.equal([...again.keys()], [...built[p.name]!.files.keys()], `${p.name}: different files between builds`);
    for (const [name, bytes] of again) assert.ok(bytes.equals(built[p.name]!.files.get(name)!), `${name} differs between builds`);
    assert.is(await readFile(metafile, 'utf8'), JSON.stringify(built[p.name]!.meta, null, 1) + '\n');
  }
});

test('a rebuild removes old chunks the new build no longer has, after a grace period', async () => {
  const chunks = join(outB, 'dist', 'enabled', 'chunks');
  const old = join(chunks, 'stale-OLD00000.mjs');
  const recent = join(chunks, 'stale-NEW00000.mjs');
  await writeFile(old, 'export {};\n');
  await writeFile(recent, 'export {};\n');
  const past = new Date(Date.now() - build.STALE_CHUNK_GRACE_MS - 60_000);
  await utimes(old, past, past);
  const { outputs } = await build.buildProfile(byName('enabled'), outB);
  assert.not.ok(outputs.includes(old) || outputs.includes(recent));
  assert.not.ok(existsSync(old), 'a chunk older than the grace period was kept');
  assert.ok(existsSync(recent), 'a chunk a just-started process may still import was removed');
  for (const o of outputs) assert.ok(existsSync(o));
  assert.equal((await readdir(chunks)).filter((n) => n.endsWith('.tmp')), []);
  await rm(recent);
});

test('an accidental static import of the real module is caught by the same checks', async () => {
  // Simulates a file outside the switch importing src/directquery/index.ts directly.
  const r = await buildSnippet('stripped', 'src/leak.ts', "import './src/main.ts';\nimport { feature } from './src/directquery/index.ts';\nexport const leaked = feature;\n");
  const violations = strippedViolations(r.outputFiles[0]!.text, r.metafile as Metafile);
  assert.ok(violations.includes('input present: src/directquery/index.ts'), violations.join('\n'));
  assert.ok(violations.includes('marker present: direct_query_enabled'), violations.join('\n'));
});

test('a profile with an unknown key is refused, naming the key and the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pemdq-profiles-'));
  try {
    await mkdir(dir, { recursive: true });
    const bad = { ...byName('stripped'), sourcemap: true };
    await writeFile(join(dir, 'stripped.json'), JSON.stringify(bad));
    try {
      await build.loadProfiles(dir);
      assert.unreachable('loadProfiles accepted an unknown key');
    } catch (err) {
      assert.is((err as Error).message, `${join(dir, 'stripped.json')}: unknown profile key "sourcemap" (allowed: name, description, define, outfile, minify, splitting)`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a profile must set the switch to true or false', () => {
  assert.throws(
    () => build.validateProfile({ name: 'x', outfile: 'dist/x/pemdq.mjs', define: {} }, 'x.json'),
    /x\.json: "define" must set PX_DIRECT_QUERY_DISABLED/,
  );
  assert.throws(
    () => build.validateProfile({ name: 'x', outfile: 'dist/x/pemdq.mjs', define: { PX_DIRECT_QUERY_DISABLED: '1' } }, 'x.json'),
    /PX_DIRECT_QUERY_DISABLED must be "true" or "false"/,
  );
  assert.throws(
    () => build.validateProfile({ name: 'x', outfile: 'out.js', define: { PX_DIRECT_QUERY_DISABLED: 'true' } }, 'x.json'),
    /"outfile" must be "dist\/x\/pemdq.mjs"/,
  );
});

test('"splitting" is optional, false by default, and must be a boolean', () => {
  const base = { name: 'x', outfile: 'dist/x/pemdq.mjs', define: { PX_DIRECT_QUERY_DISABLED: 'true' } };
  assert.is(build.validateProfile(base, 'x.json').splitting, false);
  assert.is(build.validateProfile({ ...base, splitting: true }, 'x.json').splitting, true);
  assert.throws(() => build.validateProfile({ ...base, splitting: 'yes' }, 'x.json'), /x\.json: "splitting" must be a boolean/);
  assert.is(byName('enabled').splitting, true);
  assert.is(byName('stripped').splitting, false);
});

test.run();
