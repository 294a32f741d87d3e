// --help text, grouped, generated from the flag specs so it never drifts from the parser.

import type { FlagSpec, FlagSpecs } from './spec.js';
import { expected } from './parse.js';

export function renderFlagHelp(specs: FlagSpecs): string {
  const groups = new Map<string, [string, FlagSpec][]>();
  for (const [name, spec] of Object.entries(specs)) {
    const g = spec.group ?? 'general';
    const list = groups.get(g) ?? [];
    list.push([name, spec]);
    groups.set(g, list);
  }
  let out = '';
  for (const [group, flags] of groups) {
    out += `\n${group}:\n`;
    for (const [name, spec] of flags) {
      const def = spec.secret ? '' : ` (default: ${showDefault(spec)})`;
      const env = spec.env?.length ? ` [env: ${spec.env.join(', ')}]` : '';
      out += `  --${name}${spec.kind === 'bool' ? '' : '=VALUE'}\n      ${spec.help}${def}${env}\n      accepts ${expected(spec)}\n`;
    }
  }
  return out;
}

function showDefault(spec: FlagSpec): string {
  if (spec.kind === 'list') return spec.default.length ? spec.default.join(',') : 'none';
  if (spec.kind === 'string') return spec.default === '' ? 'empty' : JSON.stringify(spec.default);
  return String(spec.default);
}
