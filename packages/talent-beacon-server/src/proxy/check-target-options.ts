import { API_VERSIONS, ConfigError, describeValue } from '@talent-beacon/core';
import type { OptionSpec } from '@talent-beacon/core';
import type { AuthLike } from './proxy-types.js';

/**
 * The kinds of the options the proxy and the reporter share (where events go, how they are
 * authorized and deduplicated), for checkOptions; each adds its own beside them.
 *
 * @example
 * checkOptions('createReporter', options, { ...TARGET_OPTION_SPECS, log: { kind: ['boolean', 'function'] } });
 */
export const TARGET_OPTION_SPECS = {
  project: { kind: 'string', required: true, hint: 'your Google Cloud project id' },
  tenant: { kind: 'string', hint: 'the CTS tenant id; required for v4' },
  apiVersion: { kind: 'string', oneOf: API_VERSIONS },
  upstream: { kind: 'string', hint: 'the API root URL, e.g. "https://jobs.googleapis.com"' },
  token: { kind: 'string', hint: 'a fixed access token, e.g. for the emulator' },
  auth: {
    kind: 'object',
    hint: 'a client with getAccessToken() or getRequestHeaders(), e.g. a google-auth-library GoogleAuth',
  },
  scopes: { kind: 'string[]' },
  dedupe: { kind: 'object', hint: 'createMemoryDedupe() or createRedisDedupe({ client })' },
} satisfies Record<string, OptionSpec>;

/**
 * The `retry` option's fields, shared by the proxy and the reporter.
 *
 * @example
 * checkOptions('createProxy: retry', options.retry, RETRY_OPTION_SPECS);
 */
export const RETRY_OPTION_SPECS = {
  retries: { kind: 'number', min: 0, max: 10, integer: true },
  baseDelayMs: { kind: 'number', min: 0 },
  maxDelayMs: { kind: 'number', min: 0 },
} satisfies Record<string, OptionSpec>;

/**
 * The checks of where and how events are sent that the proxy and the reporter share: `upstream`
 * an http(s) URL, `token` and `auth` exclusive, `token` not empty, `auth` a client with
 * getAccessToken() or getRequestHeaders(), `dedupe` a store with claim/complete/release. Throws a
 * {@link ConfigError} naming the option; `where` starts the message ('createProxy', 'createReporter').
 *
 * @example
 * checkTargetOptions('createReporter', { upstream: 'ftp://x' }); // ConfigError [INVALID_OPTION] upstream
 */
export function checkTargetOptions(
  where: string,
  options: { upstream?: string; token?: string; auth?: AuthLike; dedupe?: unknown },
): void {
  if (options.upstream !== undefined && !/^https?:\/\/[^/]+/.test(options.upstream)) {
    throw new ConfigError(
      'INVALID_OPTION',
      'upstream',
      `${where}: option "upstream" must be an http(s) URL such as "https://jobs.googleapis.com" (got ${describeValue(options.upstream)})`,
    );
  }
  if (options.token !== undefined && options.auth !== undefined) {
    throw new ConfigError(
      'INVALID_OPTION',
      'token',
      `${where}: options "token" and "auth" exclude each other: give one`,
    );
  }
  if (options.token !== undefined && options.token.trim() === '') {
    throw new ConfigError('INVALID_OPTION', 'token', `${where}: option "token" must not be empty`);
  }
  if (
    options.auth &&
    typeof options.auth.getAccessToken !== 'function' &&
    typeof options.auth.getRequestHeaders !== 'function'
  ) {
    throw new ConfigError(
      'INVALID_OPTION',
      'auth',
      `${where}: option "auth" must have getAccessToken() or getRequestHeaders() (every google-auth-library client has both)`,
    );
  }
  const dedupe = options.dedupe as Record<string, unknown> | undefined;
  if (dedupe && !['claim', 'complete', 'release'].every((k) => typeof dedupe[k] === 'function')) {
    throw new ConfigError(
      'INVALID_OPTION',
      'dedupe',
      `${where}: option "dedupe" must have claim(), complete() and release(): use createMemoryDedupe() or createRedisDedupe({ client })`,
    );
  }
}
