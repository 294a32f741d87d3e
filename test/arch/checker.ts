// Import checker over source text: finds every import of each file with the TypeScript
// parser (static, re-export, dynamic, `import('x').T` types), resolves it to a src file,
// an npm package or a Node built-in, then reports layering violations against a RuleSet
// and cycles among runtime imports. Pure: the caller supplies the files.

import ts from 'typescript';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import type { Exception, Rule, RuleSet } from './rules.js';

export type Target =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'package'; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'computed' };

export interface ImportEdge {
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** Erased at compile time (`import type`, `export type`, `import('x').T`). */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
  readonly target: Target;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface Report {
  readonly edges: readonly ImportEdge[];
  readonly violations: readonly Violation[];
  /** Each cycle as a path that ends where it starts. */
  readonly cycles: readonly (readonly string[])[];
}

/** Checks a whole tree: files maps repo-relative posix paths ('src/a/b.ts') to their text. */
export function checkTree(files: ReadonlyMap<string, string>, rules: RuleSet): Report {
  const names = new Set(files.keys());
  const edges = [...files].flatMap(([path, text]) => parseImports(path, text, names));
  const unplaced: Violation[] = [...names]
    .filter((f) => partOf(f, rules) === undefined)
    .sort()
    .map((file) => ({ file, line: 0, message: `${file} is not in any part (add its folder to PARTS in test/arch/rules.ts)` }));
  return { edges, violations: [...unplaced, ...checkLayering(edges, rules)], cycles: findCycles(edges) };
}

/** Every import of one file, in source order. */
export function parseImports(path: string, text: string, files: ReadonlySet<string>): ImportEdge[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: string | undefined, typeOnly: boolean, dynamic: boolean) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const target: Target = specifier === undefined ? { kind: 'computed' } : resolve(path, specifier, files);
    edges.push({ from: path, line, specifier: specifier ?? '<computed>', typeOnly, dynamic, target });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      // Under verbatimModuleSyntax only a clause-level `import type` is erased;
      // `import { type A }` still loads the module.
      add(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly === true, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      add(node, ts.isStringLiteral(expr) ? expr.text : undefined, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      add(node, arg && ts.isStringLiteralLike(arg) ? arg.text : undefined, false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

const BUILTINS = new Set(builtinModules);

/** Resolves a specifier as NodeNext does for our sources: './x.js' names './x.ts'. */
export function resolve(from: string, specifier: string, files: ReadonlySet<string>): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
    const asTs = joined.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
    return { kind: 'file', path: files.has(asTs) ? asTs : joined };
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) return { kind: 'builtin', name: specifier };
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return { kind: 'package', name };
}

/** The part a file belongs to, or undefined when it sits outside every part. */
export function partOf(file: string, rules: RuleSet): string | undefined {
  const direct = rules.fileParts[file];
  if (direct !== undefined) return direct;
  const m = /^src\/([^/]+)\//.exec(file);
  return m && rules.parts.includes(m[1]!) ? m[1] : undefined;
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('/') ? path.startsWith(pattern) : path === pattern;
}

function excepted(edge: ImportEdge, path: string, exceptions: readonly Exception[]): boolean {
  return exceptions.some((e) => matches(e.from, edge.from) && matches(e.to, path) && (!e.typeOnly || edge.typeOnly));
}

/** Layering violations of every edge (type-only edges included: a type import is still a dependency). */
export function checkLayering(edges: readonly ImportEdge[], rules: RuleSet): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const part = partOf(edge.from, rules);
    if (part === undefined) continue; // reported once per file by checkTree
    const rule = rules.fileRules[edge.from] ?? rules.partRules[part];
    const who = rules.fileRules[edge.from] ? edge.from : part;
    const at = `${edge.from}:${edge.line} imports '${edge.specifier}'`;
    const problem = rule === undefined ? `${part} has no rule in test/arch/rules.ts` : problemOf(edge, part, who, rule, rules);
    if (problem !== undefined) out.push({ file: edge.from, line: edge.line, message: `${at}: ${problem}` });
  }
  return out;
}

function problemOf(edge: ImportEdge, part: string, who: string, rule: Rule, rules: RuleSet): string | undefined {
  const t = edge.target;
  switch (t.kind) {
    case 'computed':
      return 'a computed import specifier cannot be checked; use a string literal';
    case 'builtin':
      return undefined;
    case 'package': {
      if (rule.packages === '*' || rule.packages.includes(t.name)) return undefined;
      if (rule.typePackages?.includes(t.name)) {
        return edge.typeOnly ? undefined : `${who} may use ${t.name} only through import type (${rule.why})`;
      }
      return `${who} may not use package ${t.name} (${rule.why}); if intended, add it to its rule in test/arch/rules.ts`;
    }
    case 'file': {
      const target = partOf(t.path, rules);
      if (target === undefined) return `${t.path} is outside every part of src/`;
      if (excepted(edge, t.path, rules.exceptions)) return undefined;
      if (target === part) {
        if (rule.ownFiles === undefined || rule.ownFiles.some((p) => matches(p, t.path))) return undefined;
        return `${who} may not import ${t.path} (${rule.why})`;
      }
      const allowed = rule.parts === '*' ? !(rule.notParts ?? []).includes(target) : rule.parts.includes(target);
      return allowed ? undefined : `${who} may not import ${target} (${t.path}): ${rule.why}`;
    }
  }
}

/** Cycles among runtime imports of the given files (type-only edges do not load modules). */
export function findCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, []);
    if (e.typeOnly || e.target.kind !== 'file') continue;
    graph.get(e.from)!.push(e.target.path);
  }
  for (const list of graph.values()) list.sort();
  return stronglyConnected(graph)
    .filter((scc) => scc.length > 1 || graph.get(scc[0]!)!.includes(scc[0]!))
    .map((scc) => shortestCycle(scc, graph))
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

// Tarjan's algorithm, iterative so deep import chains cannot overflow the stack.
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, i] = frame;
      if (i === 0 && !index.has(node)) {
        index.set(node, next);
        low.set(node, next++);
        stack.push(node);
        onStack.add(node);
      }
      const succ = (graph.get(node) ?? []).filter((s) => graph.has(s));
      if (i < succ.length) {
        frame[1] = i + 1;
        const s = succ[i]!;
        if (!index.has(s)) work.push([s, 0]);
        else if (onStack.has(s)) low.set(node, Math.min(low.get(node)!, index.get(s)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(node)!));
      if (low.get(node) === index.get(node)) {
        const scc: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          scc.push(n);
        } while (n !== node);
        out.push(scc.sort());
      }
    }
  }
  return out;
}

// Breadth-first from the alphabetically first file of the component back to itself.
function shortestCycle(scc: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string[] {
  const inScc = new Set(scc);
  const start = scc[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const s of graph.get(node) ?? []) {
      if (!inScc.has(s)) continue;
      if (s === start) {
        const back: string[] = [];
        for (let n = node; n !== start; n = prev.get(n)!) back.push(n);
        return [start, ...back.reverse(), start];
      }
      if (!prev.has(s)) {
        prev.set(s, node);
        queue.push(s);
      }
    }
  }
  return [start, start];
}

/** One line per cycle: a → b → a. */
export function formatCycle(cycle: readonly string[]): string {
  return `import cycle: ${cycle.join(' → ')}`;
}
