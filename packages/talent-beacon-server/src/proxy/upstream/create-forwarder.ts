import type { Forwarder } from './forward-event.js';
import { BATCH_TIME_LIMIT } from './forward-event.js';
import type { DefaultAuth } from '../load-google-auth.js';
import { resolveAuth } from '../resolve-auth.js';
import type { AuthLike, LogLine, RetryOptions } from '../proxy-types.js';

/**
 * The default API root of Cloud Talent Solution.
 *
 * @example
 * createProxy({ project, allowedOrigins, upstream: DEFAULT_UPSTREAM }); // the same as leaving it out
 */
export const DEFAULT_UPSTREAM = 'https://jobs.googleapis.com';

/** The upstream retry policy both the proxy and the reporter start from. */
export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 3, baseDelayMs: 200, maxDelayMs: 2000 };

/** What {@link createForwarder} is built from: where to send, how to authorize, and the environment. */
export interface ForwarderOptions {
  project: string;
  /** The API root (default {@link DEFAULT_UPSTREAM}; a trailing slash is dropped). */
  upstream?: string;
  /** The caller's time limit in words, for messages (default: the proxy's batch time limit). */
  timeLimit?: string;
  token?: string;
  auth?: AuthLike;
  scopes?: string[];
  /** Makes the client used without `token` and `auth` (none in fetch runtimes: one of them is then required). */
  defaultAuth?: DefaultAuth;
  /** Starts configuration error messages ('createProxy', 'createReporter'). */
  where?: string;
  retry?: RetryOptions;
  /** Timeout of one upstream call. */
  timeoutMs: number;
  /** Most bytes of an upstream answer read. */
  maxResponseBytes: number;
  fetch?: typeof fetch;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onAttempt?: (latencyMs: number) => void;
  onRetry?: () => void;
  log: (line: LogLine) => void;
}

/**
 * Builds the {@link Forwarder} that `forwardEvent` sends with, the same way for the proxy and the
 * server-side reporter (talent-beacon/server): auth resolved once (fixed token, the given client,
 * else Application Default Credentials), retries with the shared defaults, injectable clock,
 * sleep, random and fetch for tests.
 *
 * @example
 * const forwarder = createForwarder({ project: 'acme', upstream: 'http://127.0.0.1:8081', token: 'dev', timeoutMs: 10_000, maxResponseBytes: 65_536, now: Date.now, log: () => {} });
 * await forwardEvent(forwarder, checked.request); // { status: 'accepted' }
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const given = Object.fromEntries(Object.entries(options.retry ?? {}).filter(([, value]) => value !== undefined));
  const retry = { ...DEFAULT_RETRY, ...given };
  return {
    upstream: (options.upstream ?? DEFAULT_UPSTREAM).replace(/\/+$/, ''),
    project: options.project,
    timeLimit: options.timeLimit ?? BATCH_TIME_LIMIT,
    authHeader: resolveAuth(options, options.defaultAuth, options.where),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    ...retry,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    onAttempt: options.onAttempt ?? (() => undefined),
    onRetry: options.onRetry ?? (() => undefined),
    log: options.log,
  };
}
