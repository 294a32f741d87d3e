// Configuration errors. Every one maps to exit code 2 at the entry point.

export type ConfigErrorCode = 'ERR_CONFIG_UNKNOWN_FLAG' | 'ERR_CONFIG_BAD_VALUE' | 'ERR_CONFIG_MISSING_VALUE' | 'ERR_CONFIG_UNKNOWN_COMMAND';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}
