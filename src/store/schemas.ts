// Table schemas the compiler reads: the 19 built-in PEM tables (schemas-data.ts) plus
// user-declared tables (--table_schema files). Name tables are Maps, never {} lookups.

import { BUILTIN_TABLES, type TableSchema } from './schemas-data.js';
import type { ColumnInfo, Relation } from '../types/index.js';
import { DataType, SemanticType, parseDataType, parseSemanticType } from '../types/index.js';
import { StoreError } from './errors.js';

export type { TableSchema } from './schemas-data.js';
export { BUILTIN_TABLES } from './schemas-data.js';

const builtins = new Map<string, TableSchema>(BUILTIN_TABLES.map((t) => [t.name, t]));

/** The relation of a built-in table, or undefined when the name is not one of the 19. */
export function tableSchema(name: string): Relation | undefined {
  return builtins.get(name)?.relation;
}

/** The full built-in schema (with description and pattern types), or undefined. */
export function builtinTable(name: string): TableSchema | undefined {
  return builtins.get(name);
}

/** Names of the 19 built-in tables, in reference order. */
export function tableNames(): readonly string[] {
  return BUILTIN_TABLES.map((t) => t.name);
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/;
const MAX_COLUMNS = 256;

/**
 * Validates a user table declaration {name, desc?, columns:[{name,type,semantic_type?,desc?}]}
 * (the --table_schema JSON file). `where` names the file for error messages.
 */
export function parseTableDeclaration(value: unknown, where: string): TableSchema {
  const fail = (what: string): never => { throw new StoreError('ERR_STORE_BAD_SCHEMA', `${where}: ${what}`); };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object {name, columns}');
  const obj = value as Record<string, unknown>;
  const name = obj['name'];
  if (typeof name !== 'string' || !NAME_RE.test(name)) fail('"name" must be a table name (letters, digits, _ and .)');
  const cols = obj['columns'];
  if (!Array.isArray(cols) || cols.length === 0) fail('"columns" must be a non-empty array');
  if ((cols as unknown[]).length > MAX_COLUMNS) fail(`at most ${MAX_COLUMNS} columns are allowed`);
  const seen = new Set<string>();
  const relation: ColumnInfo[] = (cols as unknown[]).map((c, i) => {
    if (typeof c !== 'object' || c === null) return fail(`columns[${i}] must be an object`);
    const rec = c as Record<string, unknown>;
    const cname = rec['name'];
    if (typeof cname !== 'string' || !NAME_RE.test(cname)) return fail(`columns[${i}].name must be a column name`);
    if (seen.has(cname)) return fail(`columns[${i}]: duplicate column "${cname}"`);
    seen.add(cname);
    const type = typeof rec['type'] === 'string' ? parseDataType(rec['type'] as string) : undefined;
    if (type === undefined) return fail(`columns[${i}].type must be one of BOOLEAN, INT64, UINT128, FLOAT64, STRING, TIME64NS`);
    let semanticType: SemanticType = SemanticType.ST_NONE;
    if (rec['semantic_type'] !== undefined) {
      const st = typeof rec['semantic_type'] === 'string' ? parseSemanticType(rec['semantic_type'] as string) : undefined;
      if (st === undefined) return fail(`columns[${i}].semantic_type is not a known semantic type`);
      semanticType = st;
    }
    const desc = typeof rec['desc'] === 'string' ? (rec['desc'] as string) : '';
    return Object.freeze({ name: cname, type, semanticType, desc });
  });
  const time = relation.find((c) => c.name === 'time_');
  if (time !== undefined && time.type !== DataType.TIME64NS) fail('column "time_" must have type TIME64NS');
  const desc = typeof obj['desc'] === 'string' ? (obj['desc'] as string) : '';
  return { name: name as string, desc, relation: Object.freeze(relation), patternTypes: relation.map(() => 'GENERAL') };
}
