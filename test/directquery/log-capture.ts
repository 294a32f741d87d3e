// A Logger that keeps its JSON lines for assertions.

import { Logger } from '../../src/log/logger.js';

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: { level: string; msg: string; [k: string]: unknown }[];
  text(): string;
}

export function captureLog(verbosity = 2): CapturedLog {
  const raw: string[] = [];
  const log = new Logger({ format: 'json', verbosity, write: (l) => raw.push(l) });
  return {
    log,
    get lines() {
      return raw.map((l) => JSON.parse(l) as { level: string; msg: string });
    },
    text: () => raw.join(''),
  };
}
