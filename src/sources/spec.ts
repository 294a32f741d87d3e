// Parses --sources entries: `demo`, `procfs`, `jsonl:TABLE=PATH` (repeatable).

import { SourceError } from './errors.js';

export type SourceSpec =
  | { readonly kind: 'demo' }
  | { readonly kind: 'procfs' }
  | { readonly kind: 'jsonl'; readonly table: string; readonly path: string };

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/;

/** Parses and de-duplicates the entries; throws SourceError naming the bad entry. */
export function parseSourceSpecs(entries: readonly string[]): SourceSpec[] {
  const out: SourceSpec[] = [];
  const seen = new Set<string>();
  for (const raw of entries) {
    const e = raw.trim();
    if (e === '') continue;
    let spec: SourceSpec;
    if (e === 'demo' || e === 'procfs') spec = { kind: e };
    else if (e.startsWith('jsonl:')) {
      const body = e.slice('jsonl:'.length);
      const eq = body.indexOf('=');
      const table = eq > 0 ? body.slice(0, eq) : '';
      const path = eq > 0 ? body.slice(eq + 1) : '';
      if (!TABLE_RE.test(table) || path === '') {
        throw new SourceError('ERR_SOURCE_SPEC', `bad --sources entry "${e}": expected jsonl:TABLE=PATH`);
      }
      spec = { kind: 'jsonl', table, path };
    } else {
      throw new SourceError('ERR_SOURCE_SPEC', `unknown --sources entry "${e}": expected demo, procfs or jsonl:TABLE=PATH`);
    }
    const key = spec.kind === 'jsonl' ? `jsonl:${spec.table}=${spec.path}` : spec.kind;
    if (!seen.has(key)) out.push(spec);
    seen.add(key);
  }
  return out;
}
