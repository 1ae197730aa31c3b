import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, checkOptions, clientEventParent, describeValue } from '@talent-beacon/core';
import type { ApiVersion } from '@talent-beacon/core';
import { createLimiter } from './create-limiter.js';
import { createLog } from './create-log.js';
import { createMemoryDedupe } from './create-memory-dedupe.js';
import { createDrain } from './create-drain.js';
import { createMetrics } from './create-metrics.js';
import { createRateLimit } from './create-rate-limit.js';
import { clientKey, compileTrust, forwardedClient } from './client-ip.js';
import type { TrustHop } from './client-ip.js';
import { eventRules } from './check-event.js';
import { RETRY_OPTION_SPECS, TARGET_OPTION_SPECS } from './check-target-options.js';
import { handleRequest } from './handle-request.js';
import type { Handler, OutgoingReply } from './handle-request.js';
import { readNodeBody, readRequestBody } from './read-body.js';
import { createUpstream, DEFAULT_RETRY, DEFAULT_UPSTREAM } from './upstream/index.js';
import type { DefaultAuth } from './load-google-auth.js';
import { PII_MODES } from './pii-guard.js';
import type { CloseOptions, FetchInfo, Proxy, ProxyLimits, ProxyOptions, RetryOptions } from './proxy-types.js';

/**
 * The default of `proxy.close({ deadlineMs })` and of the CLI's `--shutdown-timeout`: under the
 * 10 s that Cloud Run gives a container between SIGTERM and SIGKILL (Kubernetes' default,
 * `terminationGracePeriodSeconds`, is 30 s), with room for closing the dedupe store and exiting.
 *
 * @example
 * process.once('SIGTERM', () => void proxy.close({ deadlineMs: DEFAULT_SHUTDOWN_MS }).then(() => process.exit(0)));
 */
export const DEFAULT_SHUTDOWN_MS = 8000;

// The default API root of Cloud Talent Solution (defined with the upstream calls).
export { DEFAULT_UPSTREAM };

const LIMIT_SPECS = {
  maxBodyBytes: { kind: 'number' as const, min: 1024, integer: true },
  maxEvents: { kind: 'number' as const, min: 1, max: 10_000, integer: true },
  maxEventAgeMs: { kind: 'number' as const, min: 1000 },
  maxClockSkewMs: { kind: 'number' as const, min: 0 },
  rateLimit: {
    kind: 'number' as const,
    min: 0,
    integer: true,
    hint: 'requests per client IP per rateWindowMs; 0 = off',
  },
  eventRateLimit: {
    kind: 'number' as const,
    min: 0,
    integer: true,
    hint: 'events per client IP per rateWindowMs; 0 = off',
  },
  rateWindowMs: { kind: 'number' as const, min: 1 },
  bodyTimeoutMs: { kind: 'number' as const, min: 1, hint: 'time limit for reading a request body' },
  concurrency: { kind: 'number' as const, min: 1, max: 1000, integer: true },
  timeoutMs: { kind: 'number' as const, min: 1 },
  batchTimeoutMs: { kind: 'number' as const, min: 1 },
  maxResponseBytes: { kind: 'number' as const, min: 1024, integer: true, hint: 'bytes of an upstream answer read' },
};

function checkProxyOptions(options: ProxyOptions): void {
  checkOptions('createProxy', options, {
    ...TARGET_OPTION_SPECS,
    allowedOrigins: {
      kind: 'string[]',
      required: true,
      hint: 'origins of your pages, e.g. ["https://jobs.example.com"]',
    },
    limits: { kind: 'object' },
    retry: { kind: 'object' },
    pii: {
      kind: 'string',
      oneOf: PII_MODES,
      hint: 'what to do with extraInfo values that look like an e-mail address, a phone number or a card number',
    },
    trustProxy: { kind: 'boolean' },
    trustedProxies: {
      kind: ['number', 'string[]'],
      hint: 'a count of proxy hops (1 behind Cloud Run, 2 behind a Google external Application Load Balancer) or a list of their IPs / CIDR ranges',
    },
    metricsRoute: { kind: 'boolean' },
    metricsToken: { kind: 'string', hint: 'a secret a scraper sends as "Authorization: Bearer <token>"' },
    log: { kind: ['boolean', 'function'] },
    fetch: { kind: 'function' },
    now: { kind: 'function' },
    sleep: { kind: 'function' },
    random: { kind: 'function' },
  });
  checkOptions('createProxy: limits', options.limits, LIMIT_SPECS);
  checkOptions('createProxy: retry', options.retry, RETRY_OPTION_SPECS);
  for (const origin of options.allowedOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // Browsers send the serialized origin: scheme://host[:port], no path and no trailing slash.
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(
        'INVALID_OPTION',
        'allowedOrigins',
        `createProxy: option "allowedOrigins" must hold origins like "https://jobs.example.com" (scheme, host, optional port; no path or trailing slash); got ${describeValue(origin)}${parsed && parsed.origin !== 'null' ? ` (did you mean "${parsed.origin}"?)` : ''}`,
      );
    }
  }
  if (options.trustedProxies !== undefined && options.trustProxy !== true) {
    throw new ConfigError(
      'INVALID_OPTION',
      'trustedProxies',
      `createProxy: option "trustedProxies" (${describeValue(options.trustedProxies)}) is only read with trustProxy: true (got trustProxy: ${describeValue(options.trustProxy)})`,
    );
  }
  if (options.metricsToken !== undefined && options.metricsToken.trim().length < 16) {
    throw new ConfigError(
      'INVALID_OPTION',
      'metricsToken',
      `createProxy: option "metricsToken" must be at least 16 characters (got ${options.metricsToken.trim().length}): it guards the metrics route on a public endpoint`,
    );
  }
  if (options.metricsToken !== undefined && options.metricsRoute === false) {
    throw new ConfigError(
      'INVALID_OPTION',
      'metricsToken',
      'createProxy: options "metricsToken" and metricsRoute: false contradict each other: drop one',
    );
  }
  const limits = options.limits ?? {};
  if (
    limits.eventRateLimit !== undefined &&
    limits.eventRateLimit > 0 &&
    limits.eventRateLimit < (limits.maxEvents ?? 100)
  ) {
    throw new ConfigError(
      'INVALID_OPTION',
      'eventRateLimit',
      `createProxy: option "eventRateLimit" must be 0 (off) or at least maxEvents = ${limits.maxEvents ?? 100}, or a full body could never pass (got ${limits.eventRateLimit})`,
    );
  }
  // Project, tenant and version must make a clientEvents parent (tenant required for v4, absent for v3).
  clientEventParent({ apiVersion: options.apiVersion ?? 'v3', project: options.project, tenant: options.tenant });
}

function sendNode(res: ServerResponse, reply: OutgoingReply, close: boolean): void {
  const headers = close ? { ...reply.headers, connection: 'close' } : reply.headers;
  res.writeHead(reply.status, headers).end(reply.body);
}

/**
 * Creates the proxy between the browser tracker and CTS (docs/design.md §7): it checks each batch
 * (CORS, rate limit, body and event limits, the core's validation, the configured project and
 * tenant), forwards every new event with `clientEvents.create` exactly once (dedupe by eventId),
 * and answers per event `accepted`, `duplicate`, `rejected` (with issues) or `retry`.
 *
 * @example
 * import http from 'node:http';
 * import { createProxy } from 'talent-beacon/proxy';
 * const proxy = createProxy({ project: 'my-project', allowedOrigins: ['https://jobs.example.com'] });
 * http.createServer((req, res) => (req.url === '/cts/events' ? proxy.node(req, res) : res.writeHead(404).end())).listen(8080);
 * // Express: app.use('/cts/events', proxy.node)   Workers / Next.js: export const POST = (req) => proxy.fetch(req);
 *
 * `defaultAuth` makes the client used without `token` and `auth`; the entries inject it
 * (talent-beacon/proxy: google-auth-library's ADC; its fetch-runtime build: none, so that no
 * bundler reaches google-auth-library). Users call the entries' createProxy(options).
 */
export function createProxy(options: ProxyOptions, defaultAuth?: DefaultAuth): Proxy {
  checkProxyOptions(options);
  const limits: Required<ProxyLimits> = {
    maxBodyBytes: 64 * 1024,
    maxEvents: 100,
    maxEventAgeMs: 3 * 86_400_000,
    maxClockSkewMs: 5 * 60_000,
    rateLimit: 120,
    eventRateLimit: 600,
    rateWindowMs: 60_000,
    bodyTimeoutMs: 10_000,
    concurrency: 8,
    timeoutMs: 10_000,
    batchTimeoutMs: 25_000,
    maxResponseBytes: 64 * 1024,
    ...stripUndefined(options.limits),
  };
  const retry: Required<RetryOptions> = { ...DEFAULT_RETRY, ...stripUndefined(options.retry) };
  const apiVersion: ApiVersion = options.apiVersion ?? 'v3';
  const now = options.now ?? Date.now;
  const trust: TrustHop | undefined = options.trustProxy ? compileTrust(options.trustedProxies ?? 1) : undefined;
  const metrics = createMetrics();
  const log = createLog(options.log, now);
  const drain = createDrain(now);
  const handler: Handler = {
    allowedOrigins: [...options.allowedOrigins],
    // Off unless asked for: the proxy is a public endpoint, and its counters tell anyone the
    // site's traffic. A token turns it on for scrapers that send it.
    metricsRoute: options.metricsRoute ?? options.metricsToken !== undefined,
    ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken.trim() } : {}),
    maxBodyBytes: limits.maxBodyBytes,
    maxEvents: limits.maxEvents,
    batchTimeoutMs: limits.batchTimeoutMs,
    bodyTimeoutMs: limits.bodyTimeoutMs,
    rules: eventRules(options, limits, apiVersion, now),
    // Built the same way as the reporter's (talent-beacon/server).
    upstream: createUpstream({
      ...options,
      retry,
      timeoutMs: limits.timeoutMs,
      maxResponseBytes: limits.maxResponseBytes,
      now,
      onAttempt: (ms) => metrics.upstream(ms),
      onRetry: () => metrics.retried(),
      log,
      defaultAuth,
      // Remember forwarded ids for as long as an event can be accepted at all: older ones are
      // rejected by the createTime window, so the window bounds what dedupe must cover. Claims
      // get their lifetime from each batch's deadline (handle-request passes it).
      dedupe:
        options.dedupe ??
        createMemoryDedupe({
          doneTtlMs: limits.maxEventAgeMs + limits.maxClockSkewMs,
          ...(options.now ? { now: options.now } : {}),
        }),
      who: 'talent-beacon proxy',
    }),
    limit: createLimiter(limits.concurrency),
    rateLimit: createRateLimit({ limit: limits.rateLimit, windowMs: limits.rateWindowMs, now }),
    eventRateLimit: createRateLimit({ limit: limits.eventRateLimit, windowMs: limits.rateWindowMs, now }),
    metrics,
    log,
    now,
    drain,
  };

  return {
    async fetch(request: Request, info: FetchInfo = {}): Promise<Response> {
      const headers = request.headers;
      const reply = await handleRequest(handler, {
        method: request.method,
        path: new URL(request.url).pathname,
        origin: headers.get('origin'),
        requestHeaders: headers.get('access-control-request-headers'),
        clientIp: clientKey(
          info.clientIp ?? (trust ? forwardedClient(headers.get('x-forwarded-for'), undefined, trust) : undefined),
        ),
        authorization: headers.get('authorization'),
        readBody: (max, ms) => readRequestBody(request, max, ms),
      });
      return new Response(reply.status === 204 ? null : reply.body, { status: reply.status, headers: reply.headers });
    },
    async node(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> {
      let tooLarge = false;
      let timedOut = false;
      try {
        const reply = await handleRequest(handler, {
          method: req.method ?? 'GET',
          path: (req.url ?? '/').split('?')[0] ?? '/',
          origin: req.headers.origin ?? null,
          requestHeaders: req.headers['access-control-request-headers'] ?? null,
          clientIp: clientKey(
            trust
              ? forwardedClient(req.headers['x-forwarded-for'], req.socket.remoteAddress, trust)
              : req.socket.remoteAddress,
          ),
          authorization: req.headers.authorization ?? null,
          readBody: async (max, ms) => {
            const body = await readNodeBody(req, max, ms);
            tooLarge = 'tooLarge' in body;
            timedOut = 'timedOut' in body;
            return body;
          },
        });
        if (timedOut) {
          // A client this slow is not drained (that is what it wants): answer and hang up.
          res.once('finish', () => req.socket.destroy());
          sendNode(res, reply, true);
          return;
        }
        // Unread request data: answer, close the connection, and let the rest drain. A closing
        // proxy closes every connection it answers, so none stays idle in a browser's pool.
        const unread = !req.readableEnded && req.method !== 'GET' && req.method !== 'OPTIONS';
        sendNode(res, reply, tooLarge || unread || drain.draining);
        if (tooLarge || unread) req.resume();
      } catch (error) {
        if (next) return next(error);
        log({
          msg: 'talent-beacon proxy: internal error',
          error: error instanceof Error ? error.message : String(error),
        });
        if (!res.headersSent)
          sendNode(
            res,
            {
              status: 500,
              headers: { 'content-type': 'application/json; charset=utf-8' },
              body: JSON.stringify({
                error: { code: 'INTERNAL', message: 'the proxy failed; the events were not forwarded, retry later' },
              }),
            },
            true,
          );
      }
    },
    metrics: () => metrics.snapshot(),
    metricsText: () => metrics.text(),
    close(closeOptions?: CloseOptions) {
      const { deadlineMs } = checkOptions<Required<CloseOptions>>('proxy.close', closeOptions, {
        deadlineMs: {
          kind: 'number',
          min: 0,
          max: 600_000,
          default: DEFAULT_SHUTDOWN_MS,
          hint: "ms until close() resolves, below your platform's shutdown grace (10 s on Cloud Run, 30 s by default on Kubernetes)",
        },
      });
      return drain.close(deadlineMs);
    },
    get closing() {
      return drain.draining;
    },
  };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
