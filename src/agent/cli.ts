// Command dispatch and argument handling for the agent binary.

import { ConfigError, coreFlags, parseArgs, renderFlagHelp, type Env, type FlagSpecs } from '../config/index.js';
import { batchedWriter } from '../log/batched.js';
import { Logger } from '../log/logger.js';
import { loadFeature, type CommandIo } from './feature.js';
import type { DirectQueryFeature } from '../directquery/api.js';
import { PROFILE, VERSION } from './version.js';
import { serve } from './serve.js';

const COMMANDS = ['serve'] as const; // plus `query` when the feature is built in

export interface CliIo extends CommandIo {
  /** Resolves when the agent should stop (default: SIGTERM or SIGINT). */
  stopSignal?: Promise<string>;
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: readonly string[], env: Env, io: CliIo = processIo): Promise<number> {
  const feature = await loadFeature();
  const { directQuery } = feature;
  if (argv[0] === 'query') {
    if (!feature.queryCommand) {
      io.err("pemdq: unknown command: query (this build does not include direct query)\nRun 'pemdq --help'.\n");
      return 2;
    }
    return feature.queryCommand(argv.slice(1), env, io);
  }
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    io.out(helpText(directQuery));
    return 0;
  }
  if (argv.includes('--version')) {
    io.out(`pemdq ${VERSION} (${PROFILE} build${directQuery.included ? ', direct query included' : ', direct query not included'})\n`);
    return 0;
  }
  const specs: FlagSpecs = { ...coreFlags, ...directQuery.flags };
  let parsed;
  try {
    parsed = parseArgs(specs, argv, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`pemdq: ${err.message}\nRun 'pemdq --help' for the list of flags.\n`);
      return 2;
    }
    throw err;
  }
  const [command = 'serve', ...rest] = parsed.positionals;
  if (!(COMMANDS as readonly string[]).includes(command) || rest.length > 0) {
    io.err(`pemdq: unknown command: ${[command, ...rest].join(' ')}\nCommands: ${COMMANDS.join(', ')}. Run 'pemdq --help'.\n`);
    return 2;
  }
  const values = parsed.values as Record<string, unknown>;
  // Flushed by a timer, not setImmediate: a reply's own frames go out in the current loop
  // turn (http2 writes are scheduled as immediates too), so the log write never precedes them.
  const sink = batchedWriter((text) => io.err(text), (flush) => void setTimeout(flush, 1));
  const log = new Logger({
    format: values['log_format'] === 'text' ? 'text' : 'json',
    verbosity: Number(values['v']),
    write: sink.write,
  });
  // Pending lines reach stderr however the process ends (an uncaught exception included).
  process.on('exit', sink.flush);
  try {
    return await serve({ flags: values, env, log, directQuery, ...(io.stopSignal ? { stopSignal: io.stopSignal } : {}) });
  } finally {
    sink.flush();
    process.off('exit', sink.flush);
  }
}

function helpText(directQuery: DirectQueryFeature): string {
  const specs: FlagSpecs = { ...coreFlags, ...directQuery.flags };
  return (
    `pemdq ${VERSION} — node-local PxL query agent (${PROFILE} build)\n\n` +
    `Usage: pemdq [serve] [--flag=value ...]\n` +
    (directQuery.included ? `       pemdq query (-e SCRIPT | --file PATH) [...]   (see pemdq query --help)\n` : '') +
    `       pemdq --help | --version\n\n` +
    `Flags use the gflags spelling: --flag=value, --flag value, --flag / --noflag for booleans.\n` +
    `Each flag falls back to the env variable shown, then to its default.\n` +
    (directQuery.included ? '' : `\nThis build does not include direct query.\n`) +
    renderFlagHelp(specs)
  );
}
