import type { LogLine } from './proxy-types.js';

/**
 * The `log` option of the proxy and the reporter as one function: `true` writes JSON lines to
 * stdout, a function gets each line, anything else logs nothing. Each line gets `time` from
 * `now`; a logger that throws is ignored (logging must never fail a request or a report).
 *
 * @example
 * const log = createLog(options.log, Date.now);
 * log({ level: 'info', msg: 'talent-beacon proxy: batch' });
 */
export function createLog(
  option: boolean | ((line: LogLine) => void) | undefined,
  now: () => number,
): (line: LogLine) => void {
  const logTo =
    option === true
      ? (line: LogLine) => console.log(JSON.stringify(line))
      : typeof option === 'function'
        ? option
        : undefined;
  return (line) => {
    try {
      logTo?.({ time: new Date(now()).toISOString(), ...line });
    } catch {
      // a failing logger must not fail the request or the report
    }
  };
}
