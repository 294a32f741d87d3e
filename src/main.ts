// pemdq entry point: `pemdq [serve]` (default), `--help`, `--version`.
// Exit codes: 0 clean stop, 2 bad command line, 1 unexpected failure.

import { runCli } from './agent/cli.js';

runCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pemdq: fatal: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
