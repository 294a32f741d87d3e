// The checker itself, on small in-memory trees, so the real-tree test can fail for real.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTree, findCycles, formatCycle, parseImports, resolve } from './checker.js';
import { rules } from './rules.js';

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

test('finds static, re-export, side-effect, dynamic and import-type imports with lines', () => {
  const src = [
    "import { a } from './a.js';", //                    1 runtime
    "import type { B } from './b.js';", //               2 type-only
    "import { type C } from './c.js';", //               3 still loads c (verbatimModuleSyntax)
    "export * from './d.js';", //                        4
    "export type { E } from './e.js';", //               5
    "import './f.js';", //                               6
    'const g = () => import("./g.js");', //              7 dynamic
    "let h: import('./h.js').H;", //                      8 type position
    "// import { z } from './commented.js';", //         9 comment: ignored
    "const s = \"import { y } from './string.js'\";", // 10 string: ignored
  ].join('\n');
  const edges = parseImports('src/x/m.ts', src, new Set(['src/x/a.ts']));
  assert.equal(
    edges.map((e) => [e.line, e.specifier, e.typeOnly, e.dynamic]),
    [
      [1, './a.js', false, false],
      [2, './b.js', true, false],
      [3, './c.js', false, false],
      [4, './d.js', false, false],
      [5, './e.js', true, false],
      [6, './f.js', false, false],
      [7, './g.js', false, true],
      [8, './h.js', true, false],
    ],
  );
  assert.equal(edges[0]!.target, { kind: 'file', path: 'src/x/a.ts' });
});

test('resolves .js to .ts, scoped and deep package names, and node built-ins', () => {
  const files = new Set(['src/pxl/lexer.ts']);
  assert.equal(resolve('src/pxl/parser.ts', './lexer.js', files), { kind: 'file', path: 'src/pxl/lexer.ts' });
  assert.equal(resolve('src/pxl/a/b.ts', '../../store/x.js', files), { kind: 'file', path: 'src/store/x.js' });
  assert.equal(resolve('src/proto/a.ts', '@bufbuild/protobuf/codegenv2', files), { kind: 'package', name: '@bufbuild/protobuf' });
  assert.equal(resolve('src/a/a.ts', 'jose', files), { kind: 'package', name: 'jose' });
  assert.equal(resolve('src/a/a.ts', 'node:fs/promises', files), { kind: 'builtin', name: 'node:fs/promises' });
  assert.equal(resolve('src/a/a.ts', 'fs', files), { kind: 'builtin', name: 'fs' });
});

test('reports a pxl file importing exec, with file, line and rule', () => {
  const report = checkTree(
    tree({
      'src/pxl/compile.ts': "import type { Plan } from './plan.js';\nimport { run } from '../exec/run.js';\n",
      'src/pxl/plan.ts': 'export type Plan = {};\n',
      'src/exec/run.ts': 'export function run() {}\n',
    }),
    rules,
  );
  assert.equal(report.violations, [
    {
      file: 'src/pxl/compile.ts',
      line: 2,
      message:
        "src/pxl/compile.ts:2 imports '../exec/run.js': pxl may not import exec (src/exec/run.ts): " +
        'the compiler reads store schemas and metadata interfaces; it executes nothing and knows no wire format',
    },
  ]);
});

test('a type-only import still counts for layering', () => {
  const report = checkTree(
    tree({ 'src/metadata/x.ts': "import type { Plan } from '../pxl/plan.js';\n", 'src/pxl/plan.ts': '' }),
    rules,
  );
  assert.equal(report.violations.map((v) => v.message), [
    "src/metadata/x.ts:1 imports '../pxl/plan.js': metadata may not import pxl (src/pxl/plan.ts): " +
      'metadata state is consulted by the engine, never the other way round',
  ]);
});

test('reports forbidden packages and runtime use of a type-only package', () => {
  const report = checkTree(
    tree({
      'src/exec/a.ts': "import { Server } from '@grpc/grpc-js';\nimport * as fs from 'node:fs';\n",
      'src/proto/a.ts': "import type { ServiceDefinition } from '@grpc/grpc-js';\nimport { status } from '@grpc/grpc-js';\n",
    }),
    rules,
  );
  assert.equal(report.violations.map((v) => v.message), [
    "src/exec/a.ts:1 imports '@grpc/grpc-js': exec may not use package @grpc/grpc-js " +
      '(the executor runs plans over the store; it knows nothing of gRPC, protobuf or JWTs); ' +
      'if intended, add it to its rule in test/arch/rules.ts',
    "src/proto/a.ts:2 imports '@grpc/grpc-js': proto may use @grpc/grpc-js only through import type " +
      '(the wire contract is protobuf-es code over shared types; grpc-js appears as types only, so importing it never loads grpc-js)',
  ]);
});

test('only the build-time switch may load directquery; other agent files may import its api types', () => {
  const report = checkTree(
    tree({
      'src/agent/feature.ts': "import type { F } from '../directquery/api.js';\nconst m = import('../directquery/index.js');\n",
      'src/agent/serve.ts': "import type { F } from '../directquery/api.js';\n",
      'src/agent/cli.ts': "import { feature } from '../directquery/index.js';\nimport { X } from '../directquery/api.js';\n",
      'src/directquery/index.ts': '',
      'src/directquery/api.ts': '',
    }),
    rules,
  );
  assert.equal(report.violations.map((v) => `${v.file}:${v.line}`), ['src/agent/cli.ts:1', 'src/agent/cli.ts:2']);
});

test('the stub may import only the shared api of its own part', () => {
  const report = checkTree(
    tree({
      'src/directquery/stub.ts': "import type { A } from './api.js';\nimport { verify } from './auth/index.js';\nimport 'jose';\n",
      'src/directquery/api.ts': '',
      'src/directquery/auth/index.ts': '',
    }),
    rules,
  );
  assert.equal(report.violations.map((v) => `${v.line} ${v.message.split(': ')[1]}`), [
    '2 src/directquery/stub.ts may not import src/directquery/auth/index.ts (the stripped bundle replacement must not pull in anything the real module needs)',
    '3 src/directquery/stub.ts may not use package jose (the stripped bundle replacement must not pull in anything the real module needs); if intended, add it to its rule in test/arch/rules.ts',
  ]);
});

test('files outside every part, imports leaving src and computed specifiers are reported', () => {
  const report = checkTree(
    tree({
      'src/misc/a.ts': '',
      'src/log/b.ts': "import { x } from '../../test/helpers/x.js';\nconst n = 'y';\nvoid import(n);\n",
    }),
    rules,
  );
  assert.equal(report.violations.map((v) => v.message), [
    'src/misc/a.ts is not in any part (add its folder to PARTS in test/arch/rules.ts)',
    "src/log/b.ts:1 imports '../../test/helpers/x.js': test/helpers/x.js is outside every part of src/",
    "src/log/b.ts:3 imports '<computed>': a computed import specifier cannot be checked; use a string literal",
  ]);
});

test('reports a runtime cycle with its path and ignores one closed only by a type import', () => {
  const report = checkTree(
    tree({
      'src/store/a.ts': "import { b } from './b.js';\n",
      'src/store/b.ts': "import { c } from './c.js';\n",
      'src/store/c.ts': "import { a } from './a.js';\n",
      'src/store/d.ts': "import { e } from './e.js';\n",
      'src/store/e.ts': "import type { D } from './d.js';\n",
    }),
    rules,
  );
  assert.equal(report.violations, []);
  assert.equal(report.cycles.map(formatCycle), ['import cycle: src/store/a.ts → src/store/b.ts → src/store/c.ts → src/store/a.ts']);
});

test('reports a self-import and each cycle once, shortest path first from its first file', () => {
  const edge = (from: string, to: string) => ({
    from, line: 1, specifier: to, typeOnly: false, dynamic: false, target: { kind: 'file' as const, path: to },
  });
  const cycles = findCycles([
    edge('s.ts', 's.ts'),
    edge('a.ts', 'b.ts'), edge('b.ts', 'a.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts'),
  ]);
  assert.equal(cycles, [
    ['a.ts', 'b.ts', 'a.ts'],
    ['s.ts', 's.ts'],
  ]);
});

test.run();
