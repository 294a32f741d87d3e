// Parses --sources entries: `demo`, `procfs`, `jsonl:TABLE=PATH` (repeatable).

import { SourceError } from './errors.js';

export type SourceSpec =
  | { readonly kind: 'demo' }
  | { readonly kind: 'procfs' }
  | { readonly kind: 'jsonl'; readonly table: string; readonly path: string };

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/;

/**
 * Parses and de-duplicates the entries. A bad entry throws SourceError naming it, or,
 * with `skip`, is handed to `skip` and left out while the rest are read.
 */
export function parseSourceSpecs(entries: readonly string[], skip?: (entry: string, err: SourceError) => void): SourceSpec[] {
  const out: SourceSpec[] = [];
  const seen = new Set<string>();
  for (const raw of entries) {
    const e = raw.trim();
    if (e === '') continue;
    let spec: SourceSpec;
    try {
      spec = parseEntry(e);
    } catch (err) {
      if (skip === undefined || !(err instanceof SourceError)) throw err;
      skip(raw, err);
      continue;
    }
    const key = spec.kind === 'jsonl' ? `jsonl:${spec.table}=${spec.path}` : spec.kind;
    if (!seen.has(key)) out.push(spec);
    seen.add(key);
  }
  return out;
}

function parseEntry(e: string): SourceSpec {
  if (e === 'demo' || e === 'procfs') return { kind: e };
  if (!e.startsWith('jsonl:')) {
    throw new SourceError('ERR_SOURCE_SPEC', `unknown --sources entry "${e}": expected demo, procfs or jsonl:TABLE=PATH`);
  }
  const body = e.slice('jsonl:'.length);
  const eq = body.indexOf('=');
  const table = eq > 0 ? body.slice(0, eq) : '';
  const path = eq > 0 ? body.slice(eq + 1) : '';
  if (!TABLE_RE.test(table) || path === '') {
    throw new SourceError('ERR_SOURCE_SPEC', `bad --sources entry "${e}": expected jsonl:TABLE=PATH`);
  }
  return { kind: 'jsonl', table, path };
}
