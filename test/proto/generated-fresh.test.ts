// The committed generated code must be what `npm run gen` produces from proto/ today: we
// regenerate into a temporary directory with the repository's own buf.gen.yaml (buf's
// --output prefixes its out: path) and compare file by file.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const GENERATED = 'src/proto';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

test('src/proto matches a fresh buf generate of proto/', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'pemdq-gen-'));
  try {
    await run(join(ROOT, 'node_modules/.bin/buf'), ['generate', '--output', tmp], { cwd: ROOT });
    const fresh = await listFiles(join(tmp, GENERATED));
    assert.ok(fresh.length > 0, 'buf generate produced no files');
    for (const file of fresh) {
      const want = await readFile(join(tmp, GENERATED, file), 'utf8');
      const have = await readFile(join(ROOT, GENERATED, file), 'utf8').catch(() => '<missing>');
      assert.ok(have === want, `${GENERATED}/${file} is stale: run npm run gen and commit the result`);
    }
    // Generated files that proto/ no longer produces are stale too.
    const committed = (await listFiles(join(ROOT, GENERATED))).filter((f) => f.endsWith('_pb.ts'));
    assert.equal(committed, fresh.filter((f) => f.endsWith('_pb.ts')));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test.run();
