// Structured, leveled logging: JSON lines on stderr by default, a text form for people.
// Verbosity follows the original agent: --v=N enables debug lines of level <= N.
// Callers pass fields, never secrets; the logger does not try to guess what is secret.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
export type LogFields = Record<string, unknown>;

export interface LoggerOptions {
  format: LogFormat;
  /** gflags-style verbosity: debug(msg, fields, n) is written when n <= verbosity. */
  verbosity: number;
  /** Minimum level for info/warn/error. */
  minLevel?: Exclude<LogLevel, 'debug'>;
  write?: (line: string) => void;
  now?: () => Date;
}

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export class Logger {
  readonly #opts: Required<LoggerOptions>;
  readonly #fields: LogFields;

  constructor(opts: LoggerOptions, fields: LogFields = {}) {
    this.#opts = {
      minLevel: 'info',
      write: (line) => process.stderr.write(line),
      now: () => new Date(),
      ...opts,
    };
    this.#fields = fields;
  }

  /** A logger that adds `fields` (e.g. `{ component: 'store' }`) to every line. */
  child(fields: LogFields): Logger {
    return new Logger(this.#opts, { ...this.#fields, ...fields });
  }

  get verbosity(): number {
    return this.#opts.verbosity;
  }

  /** True when debug lines of verbosity `v` would be written (to skip building costly fields). */
  debugEnabled(v = 1): boolean {
    return v <= this.#opts.verbosity;
  }

  debug(msg: string, fields?: LogFields, v = 1): void {
    if (v <= this.#opts.verbosity) this.#emit('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void { this.#emit('info', msg, fields); }
  warn(msg: string, fields?: LogFields): void { this.#emit('warn', msg, fields); }
  error(msg: string, fields?: LogFields): void { this.#emit('error', msg, fields); }

  #emit(level: LogLevel, msg: string, fields?: LogFields): void {
    if (level !== 'debug' && levelRank[level] < levelRank[this.#opts.minLevel]) return;
    const time = this.#opts.now().toISOString();
    const all = { ...this.#fields, ...fields };
    this.#opts.write(this.#opts.format === 'json' ? jsonLine(time, level, msg, all) : textLine(time, level, msg, all));
  }
}

function jsonLine(time: string, level: LogLevel, msg: string, fields: LogFields): string {
  return JSON.stringify({ time, level, msg, ...fields }, replacer) + '\n';
}

function textLine(time: string, level: LogLevel, msg: string, fields: LogFields): string {
  let s = `${time} ${level.toUpperCase().padEnd(5)} ${msg}`;
  for (const [k, v] of Object.entries(fields)) {
    const val = typeof v === 'string' ? (/[\s="]/.test(v) || v === '' ? JSON.stringify(v) : v) : JSON.stringify(v, replacer);
    s += ` ${k}=${val}`;
  }
  return s + '\n';
}

// bigint is not JSON; errors lose their message under JSON.stringify.
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, ...(('code' in value) ? { code: (value as { code: unknown }).code } : {}) };
  return value;
}

/** A logger that discards everything (tests, benchmarks). */
export function nullLogger(): Logger {
  return new Logger({ format: 'json', verbosity: 0, write: () => {} });
}
