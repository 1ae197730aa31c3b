/** Stable codes of {@link ConfigError}. */
export type ConfigErrorCode = 'MISSING_OPTION' | 'UNKNOWN_OPTION' | 'INVALID_OPTION';

/**
 * Bad configuration of a tracker, proxy or emulator: thrown at creation, never later, with the
 * option, the rule and the value in the message.
 *
 * @example
 * createTracker({});
 * // ConfigError [MISSING_OPTION]: createTracker: option "endpoint" is required (a URL string such as "/cts/events")
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** The option at fault. */
  readonly option: string;

  constructor(code: ConfigErrorCode, option: string, message: string) {
    super(message);
    this.code = code;
    this.option = option;
  }
}
