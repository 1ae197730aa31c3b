import type { ApiVersion } from '@talent-beacon/core';
import type { Forwarder } from './forward-event.js';
import type { DefaultAuth } from './load-google-auth.js';
import { resolveAuth } from './resolve-auth.js';
import type { AuthLike, LogLine, RetryOptions } from './proxy-types.js';

/** The upstream retry policy both the proxy and the reporter start from. */
export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 3, baseDelayMs: 200, maxDelayMs: 2000 };

/** What {@link createForwarder} is built from: where to send, how to authorize, and the environment. */
export interface ForwarderOptions {
  project: string;
  tenant?: string;
  apiVersion: ApiVersion;
  /** The API root, e.g. 'https://jobs.googleapis.com' (a trailing slash is dropped). */
  upstream: string;
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
 * server-side reporter (talent-beacon-server): auth resolved once (fixed token, the given client,
 * else Application Default Credentials), retries with the shared defaults, injectable clock,
 * sleep, random and fetch for tests.
 *
 * @example
 * const forwarder = createForwarder({ project: 'acme', apiVersion: 'v3', upstream: 'http://127.0.0.1:8081', token: 'dev', timeoutMs: 10_000, maxResponseBytes: 65_536, now: Date.now, log: () => {} });
 * await forwardEvent(forwarder, event); // { status: 'accepted' }
 */
export function createForwarder(o: ForwarderOptions): Forwarder {
  const retry = { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(o.retry ?? {}).filter(([, v]) => v !== undefined)) };
  return {
    upstream: o.upstream.replace(/\/+$/, ''),
    target: { apiVersion: o.apiVersion, project: o.project, tenant: o.tenant },
    authHeader: resolveAuth(o, o.defaultAuth, o.where),
    fetch: o.fetch ?? ((input, init) => fetch(input, init)),
    now: o.now,
    sleep: o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: o.random ?? Math.random,
    ...retry,
    timeoutMs: o.timeoutMs,
    maxResponseBytes: o.maxResponseBytes,
    onAttempt: o.onAttempt ?? (() => undefined),
    onRetry: o.onRetry ?? (() => undefined),
    log: o.log,
  };
}
