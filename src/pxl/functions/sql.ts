// normalize_mysql / normalize_pgsql: replace literal constants in a SQL text with
// placeholders ('?' for MySQL, $n for PostgreSQL) and list them as params, keeping the rest
// of the text as written. Pixie parses with ANTLR grammars; we use a literal-aware scanner
// (strings, numbers, booleans, X'..'/B'..'/E'..'/N'.. literals), which covers the same
// statements without validating the SQL. Execute-style inputs "query=[..] params=[..]"
// merge the bound params with the literals in placeholder order.

import { DataType as T } from '../../types/index.js';
import type { ScalarOverload } from './registry.js';
import { bigintArg, defineScalar, mapStrings, none, stringArg } from './kernel.js';

export const MYSQL_COM_QUERY = 3n;
export const MYSQL_COM_STMT_EXECUTE = 23n;

interface Normalized { query: string; params: string[]; error: string }

type Token = { kind: 'literal' | 'placeholder' | 'text'; text: string; index?: number };

const IDENT = /[A-Za-z0-9_$@#]/;

/** Splits SQL text into literal, placeholder and verbatim tokens. */
function scan(sql: string, dialect: 'mysql' | 'pgsql'): Token[] {
  const out: Token[] = [];
  let text = '';
  const flush = (): void => { if (text) { out.push({ kind: 'text', text }); text = ''; } };
  let i = 0;
  const quoted = (q: string, start: number): number => {
    let j = start + 1;
    while (j < sql.length) {
      if (sql[j] === '\\' && dialect === 'mysql') { j += 2; continue; }
      if (sql[j] === q) { if (sql[j + 1] === q) { j += 2; continue; } return j + 1; }
      j++;
    }
    return j;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const prev = i > 0 ? sql[i - 1]! : ' ';
    if (c === '-' && sql[i + 1] === '-') { const e = sql.indexOf('\n', i); const end = e < 0 ? sql.length : e; text += sql.slice(i, end); i = end; continue; }
    if (/[XxBbEeNn]/.test(c) && sql[i + 1] === "'" && !IDENT.test(prev)) {
      const end = quoted("'", i + 1);
      flush(); out.push({ kind: 'literal', text: sql.slice(i, end) }); i = end; continue;
    }
    if (c === "'" || (c === '"' && dialect === 'mysql')) {
      const end = quoted(c, i);
      flush(); out.push({ kind: 'literal', text: sql.slice(i, end) }); i = end; continue;
    }
    if (c === '"' || c === '`') { const end = quoted(c, i); text += sql.slice(i, end); i = end; continue; }
    if (c === '?' && dialect === 'mysql') { flush(); out.push({ kind: 'placeholder', text: c }); i++; continue; }
    if (c === '$' && dialect === 'pgsql' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(sql[j] ?? '')) j++;
      flush(); out.push({ kind: 'placeholder', text: sql.slice(i, j), index: Number(sql.slice(i + 1, j)) }); i = j; continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      if (IDENT.test(prev) || prev === '.') {
        let j = i; while (j < sql.length && IDENT.test(sql[j]!)) j++;
        text += sql.slice(i, j); i = j; continue;
      }
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i))!;
      flush(); out.push({ kind: 'literal', text: m[0] }); i += m[0].length; continue;
    }
    if (/[A-Za-z_]/.test(c) && !IDENT.test(prev)) {
      let j = i; while (j < sql.length && IDENT.test(sql[j]!)) j++;
      const word = sql.slice(i, j);
      if (/^(true|false)$/i.test(word)) { flush(); out.push({ kind: 'literal', text: word }); } else text += word;
      i = j; continue;
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** Splits "query=[...] params=[a, b]" into its query and its params. */
function parseExecute(s: string): { query: string; params: string[] } | undefined {
  const m = /^query=\[([\s\S]*)\] params=\[([\s\S]*)\]\s*$/.exec(s);
  if (m === null) return undefined;
  return { query: m[1]!, params: m[2] === '' ? [] : m[2]!.split(', ') };
}

function normalize(sql: string, dialect: 'mysql' | 'pgsql', execute: boolean): Normalized {
  let query = sql;
  let bound: string[] = [];
  if (execute) {
    const e = parseExecute(sql);
    if (e === undefined) return { query: '', params: [], error: 'Execute input is not of the form query=[...] params=[...]' };
    query = e.query;
    bound = e.params;
  }
  const tokens = scan(query, dialect);
  const params: string[] = [];
  let out = '';
  if (dialect === 'mysql') {
    let next = 0;
    for (const t of tokens) {
      if (t.kind === 'text') out += t.text;
      else { out += '?'; params.push(t.kind === 'literal' ? t.text : bound[next++] ?? ''); }
    }
  } else {
    params.push(...bound);
    let n = bound.length;
    for (const t of tokens) {
      if (t.kind === 'literal') { params.push(t.text); out += `$${++n}`; } else out += t.text;
    }
  }
  return { query: out, params, error: '' };
}

/** px.normalize_mysql(sql, cmd): cmd 3 (COM_QUERY) or 23 (COM_STMT_EXECUTE). */
export function normalizeMysql(sql: string, cmd: bigint): string {
  const r = cmd === MYSQL_COM_QUERY || cmd === MYSQL_COM_STMT_EXECUTE
    ? normalize(sql, 'mysql', cmd === MYSQL_COM_STMT_EXECUTE)
    : { query: '', params: [], error: `unsupported MySQL command code ${cmd}: only COM_QUERY (3) and COM_STMT_EXECUTE (23) are normalized` };
  return JSON.stringify(r);
}

/** px.normalize_pgsql(sql, cmd): cmd "Query" or "Execute". */
export function normalizePgsql(sql: string, cmd: string): string {
  const r = cmd === 'Query' || cmd === 'Execute'
    ? normalize(sql, 'pgsql', cmd === 'Execute')
    : { query: '', params: [], error: `unsupported PostgreSQL command '${cmd}': only Query and Execute are normalized` };
  return JSON.stringify(r);
}

/** normalize_mysql and normalize_pgsql. */
export function sqlFunctions(): ScalarOverload[] {
  return [
    defineScalar('normalize_mysql', [T.STRING, T.INT64], T.STRING, none, (args, n) => {
      const s = stringArg(args[0]!), c = bigintArg(args[1]!);
      return mapStrings(n, (i) => normalizeMysql(s(i), c(i)));
    }),
    defineScalar('normalize_pgsql', [T.STRING, T.STRING], T.STRING, none, (args, n) => {
      const s = stringArg(args[0]!), c = stringArg(args[1]!);
      return mapStrings(n, (i) => normalizePgsql(s(i), c(i)));
    }),
  ];
}
