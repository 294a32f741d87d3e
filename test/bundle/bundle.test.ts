// Builds both profiles and inspects the emitted files: the stripped bundle holds no feature
// code, the enabled one holds all of it, builds are byte-reproducible, and a stray static
// import of the feature would be caught.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../helpers/dist.js';
import { missingMarkers, strippedViolations, STUB_INPUT, type Metafile } from './markers.js';

interface BuildModule {
  loadProfiles(dir?: string): Promise<Profile[]>;
  buildProfile(p: Profile, outRoot?: string): Promise<{ outfile: string; metafile: string }>;
  validateProfile(p: unknown, where: string): Profile;
}
interface Profile { name: string; define: Record<string, string>; outfile: string; minify: Record<string, boolean> }

const build = (await import(join(repoRoot, 'build.mjs'))) as BuildModule;
const profiles = await build.loadProfiles();
const byName = (n: string) => profiles.find((p) => p.name === n)!;

const outA = await mkdtemp(join(tmpdir(), 'pemdq-build-a-'));
const outB = await mkdtemp(join(tmpdir(), 'pemdq-build-b-'));
const built: Record<string, { code: string; meta: Metafile; bytes: Buffer }> = {};
for (const p of profiles) {
  const { outfile, metafile } = await build.buildProfile(p, outA);
  const bytes = await readFile(outfile);
  built[p.name] = { bytes, code: bytes.toString('utf8'), meta: JSON.parse(await readFile(metafile, 'utf8')) as Metafile };
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

test('the enabled bundle contains every feature marker', () => {
  assert.equal(missingMarkers(built['enabled']!.code), []);
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

test('building the same tree twice gives identical bytes', async () => {
  for (const p of profiles) {
    const { outfile, metafile } = await build.buildProfile(p, outB);
    assert.ok((await readFile(outfile)).equals(built[p.name]!.bytes), `${p.name} bundle differs between builds`);
    assert.is(await readFile(metafile, 'utf8'), JSON.stringify(built[p.name]!.meta, null, 1) + '\n');
  }
});

test('an accidental static import of the real module is caught by the same checks', async () => {
  // Simulates a file outside the switch importing src/directquery/index.ts directly.
  const stripped = byName('stripped');
  const r = await esbuild.build({
    absWorkingDir: repoRoot,
    stdin: {
      contents: "import './src/main.ts';\nimport { feature } from './src/directquery/index.ts';\nexport const leaked = feature;\n",
      resolveDir: repoRoot,
      sourcefile: 'src/leak.ts',
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, metafile: true,
    minifySyntax: true, logLevel: 'silent', define: { ...stripped.define, PEMDQ_VERSION: '"x"', PEMDQ_PROFILE: '"stripped"' },
  });
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
      assert.is((err as Error).message, `${join(dir, 'stripped.json')}: unknown profile key "sourcemap" (allowed: name, description, define, outfile, minify)`);
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

test.run();
