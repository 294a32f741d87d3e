// Locates the built bundles for tests that run them as real processes. `npm test` builds
// both profiles first (pretest); running a single test file builds what is missing.

import { existsSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export type ProfileName = 'enabled' | 'stripped';

export function bundlePath(profile: ProfileName): string {
  return join(repoRoot, 'dist', profile, 'pemdq.mjs');
}

export function metafilePath(profile: ProfileName): string {
  return join(repoRoot, 'dist', profile, 'meta.json');
}

/**
 * Every file of a built profile, entry first, as listed by its metafile (the enabled
 * bundle's lazily loaded chunks live beside the entry); empty when the build is missing.
 */
export function bundleFiles(profile: ProfileName): string[] {
  if (!existsSync(bundlePath(profile)) || !existsSync(metafilePath(profile))) return [];
  const meta = JSON.parse(readFileSync(metafilePath(profile), 'utf8')) as { outputs: Record<string, unknown> };
  const files = Object.keys(meta.outputs).map((p) => join(repoRoot, p));
  const entry = bundlePath(profile);
  return files.includes(entry) ? [entry, ...files.filter((f) => f !== entry)] : [];
}

function isBuilt(profile: ProfileName): boolean {
  const files = bundleFiles(profile);
  return files.length > 0 && files.every((f) => existsSync(f));
}

let building: Promise<void> | undefined;

/** Builds both bundles once per test process when either is missing or incomplete. */
export function ensureBuilt(): Promise<void> {
  if (isBuilt('enabled') && isBuilt('stripped')) return Promise.resolve();
  building ??= (async () => {
    const build = (await import(join(repoRoot, 'build.mjs'))) as {
      loadProfiles(): Promise<unknown[]>;
      buildProfile(p: unknown): Promise<unknown>;
    };
    for (const p of await build.loadProfiles()) await build.buildProfile(p);
  })();
  return building;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundle to completion with the given args and env (inherits nothing but PATH). */
export async function runBundle(
  profile: ProfileName,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunResult> {
  await ensureBuilt();
  const child = spawn(process.execPath, [bundlePath(profile), ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, timeoutMs);
}

/** Collects a child's output until it exits; kills it after timeoutMs. */
export function collect(child: ChildProcess, timeoutMs: number): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${timeoutMs} ms; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts a bundle that keeps running; resolves once a stderr line matches `ready`.
 * The caller stops it (SIGTERM) and awaits `done`.
 */
export async function startBundle(
  profile: ProfileName,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string; done: Promise<RunResult> }> {
  await ensureBuilt();
  const child = spawn(process.execPath, [bundlePath(profile), ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  const done = collect(child, 120_000);
  done.catch(() => {}); // observed by the caller; never an unhandled rejection here
  child.stderr?.on('data', (d: Buffer | string) => (seen += d.toString()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no line matching ${ready} within ${timeoutMs} ms:\n${seen}`));
    }, timeoutMs);
    const check = () => {
      const m = seen.match(ready);
      if (m) {
        clearTimeout(timer);
        child.stderr?.off('data', check);
        resolve(m);
      }
    };
    child.stderr?.on('data', check);
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`process exited before ${ready}:\n${seen}`));
    });
  });
  return { child, match, output: () => seen, done };
}
