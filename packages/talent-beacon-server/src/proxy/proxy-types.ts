import type { ApiVersion, IssueRule } from '@talent-beacon/core';
import type { PiiMode } from './pii-guard.js';

/** Every status one event can get in a reply (docs/design.md §5). */
export type EventStatus = 'accepted' | 'duplicate' | 'rejected' | 'retry';

/**
 * Why an event was rejected: the core's validation issues, plus the proxy's own rules
 * (`'project'`: a job of another project/tenant; `'time-window'`: createTime too old or in the
 * future; `'upstream'`: CTS refused it with 400; `'pii-email'`, `'pii-phone'`, `'pii-card'`: an
 * extraInfo value looks like personal data, see the `pii` option).
 */
export interface ProxyIssue {
  path: string;
  rule: IssueRule | 'project' | 'time-window' | 'upstream' | 'pii-email' | 'pii-phone' | 'pii-card';
  message: string;
  limit?: number | string;
  value?: unknown;
}

/** One entry of a `200 {"results":[…]}` reply. */
export interface EventResult {
  eventId: string | null;
  status: EventStatus;
  issues?: ProxyIssue[];
  /** Why an event is to be retried (upstream status, timeout, another copy in flight). */
  reason?: string;
}

/** The outcome of claiming an eventId in a {@link DedupeStore}. */
export type ClaimResult = 'claimed' | 'in-flight' | 'done';

/** What the caller of {@link DedupeStore.claim} knows about the claim it asks for. */
export interface ClaimOptions {
  /**
   * How long the claim may last: the time its holder can still use it. The proxy passes the
   * time left until its batch deadline plus a short grace (no upstream call starts or runs past
   * the deadline), so a proxy that dies mid-call frees its claims within one batch deadline.
   * Without it a store uses its own `inFlightTtlMs`.
   */
  ttlMs?: number;
}

/**
 * Remembers which eventIds were forwarded, so each reaches CTS once. `claim` must be atomic:
 * of two concurrent claims of one id, exactly one gets `'claimed'`.
 */
export interface DedupeStore {
  /** Marks the id in flight (for `options.ttlMs`, else the store's `inFlightTtlMs`) if nobody has; else says who has. */
  claim(eventId: string, options?: ClaimOptions): Promise<ClaimResult>;
  /** Marks the id forwarded, remembered for `doneTtlMs`. */
  complete(eventId: string): Promise<void>;
  /** Forgets an in-flight claim after a failure that a later retry may fix. */
  release(eventId: string): Promise<void>;
}

/** Anything that can authorize a call: google-auth-library clients fit. */
export interface AuthLike {
  getAccessToken?(): Promise<string | null | undefined | { token?: string | null }>;
  getRequestHeaders?(url?: string): Promise<Headers | Record<string, string>>;
}

/** Upstream retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First exponential backoff step (default 200 ms), doubled each retry, with full jitter. */
  baseDelayMs?: number;
  /**
   * The longest the proxy waits before one retry (default 2000 ms). A server asking for longer
   * (Retry-After / RetryInfo) ends the retries: the event is answered `retry`, and the browser,
   * which keeps it, tries again later instead of holding a request open.
   */
  maxDelayMs?: number;
}

/** Limits of {@link createProxy}. Defaults in parentheses. */
export interface ProxyLimits {
  /** Largest request body in bytes (65536); larger: 413. */
  maxBodyBytes?: number;
  /** Most events in one body (100); more: 413. */
  maxEvents?: number;
  /** Oldest accepted createTime, in ms before now (259200000 = 3 days, the tracker's maxAge). */
  maxEventAgeMs?: number;
  /** How far createTime may be ahead of the proxy's clock (300000 = 5 minutes). */
  maxClockSkewMs?: number;
  /**
   * Requests per client IP per `rateWindowMs` (120); more: 429 with Retry-After. 0 = off. Not
   * applied when the IP is unknown (a fetch runtime without `clientIp` and without `trustProxy`).
   */
  rateLimit?: number;
  /**
   * Events per client IP per `rateWindowMs` (600), counted over the events of each body; a body
   * that would go over it: 429 with Retry-After. 0 = off; else at least `maxEvents`.
   */
  eventRateLimit?: number;
  /** The rate-limit window (60000). */
  rateWindowMs?: number;
  /**
   * Upstream calls in flight at once, for the whole proxy (8). Waiting events get a free slot
   * in turn per client IP (round robin), so one client's large backlog cannot starve the others.
   */
  concurrency?: number;
  /** Time limit for reading a request body (10000); slower: 408 and the connection is closed. */
  bodyTimeoutMs?: number;
  /** Most bytes of an upstream answer read (65536), after decompression; the rest is discarded. */
  maxResponseBytes?: number;
  /** Timeout of one upstream call (10000). */
  timeoutMs?: number;
  /**
   * Time limit of one batch (25000): past it no upstream call starts or is retried and the
   * remaining events are answered `retry`, so a hanging upstream cannot hold a request open.
   */
  batchTimeoutMs?: number;
}

/** One structured log line (one per batch, plus upstream/auth problems). */
export type LogLine = Record<string, unknown> & { msg: string };

/** Options of {@link createProxy}. */
export interface ProxyOptions {
  /** The Google Cloud project id events are reported to; never taken from the request. */
  project: string;
  /** The tenant id (required for v4; optional for v4beta1; not for v3). */
  tenant?: string;
  /** The CTS API version (default 'v3'). */
  apiVersion?: ApiVersion;
  /** Origins allowed to POST from a browser, e.g. ['https://jobs.example.com']. A request without Origin is allowed. */
  allowedOrigins: string[];
  /** The API root (default 'https://jobs.googleapis.com'); the emulator's URL in development. */
  upstream?: string;
  /** A fixed access token (development / emulator). */
  token?: string;
  /** An auth client (default: google-auth-library GoogleAuth, Application Default Credentials, jobs scope). */
  auth?: AuthLike;
  /** Scopes of the default GoogleAuth (default ['https://www.googleapis.com/auth/jobs']). */
  scopes?: string[];
  /** Where forwarded eventIds are remembered (default: in-memory LRU with TTL). */
  dedupe?: DedupeStore;
  limits?: ProxyLimits;
  retry?: RetryOptions;
  /**
   * The PII guard (default 'reject'): an extraInfo value that looks like an e-mail address, a
   * phone number or a payment card number (Luhn-checked) is refused with the rule and the key,
   * never the value; 'redact' sends `[redacted:email]` etc. instead; 'off' sends it as is.
   */
  pii?: PiiMode;
  /**
   * Take the client IP from X-Forwarded-For (behind a load balancer: Cloud Run, GKE ingress):
   * the right-most address not written by a trusted proxy (see `trustedProxies`). Default false.
   */
  trustProxy?: boolean;
  /**
   * Which proxies in front of this one are trusted to append to X-Forwarded-For, with
   * `trustProxy`: a count of hops (default 1: the right-most entry is the client, as behind
   * Cloud Run; 2 behind a Google external Application Load Balancer, which appends the
   * client's and its own address), or a list of their addresses and CIDR ranges
   * (e.g. ['35.191.0.0/16', '130.211.0.0/22']): the client is the right-most entry outside it.
   */
  trustedProxies?: number | string[];
  /**
   * Serve counters as Prometheus text at `…/metrics` (GET) under the mount path. Default: off,
   * or on behind `metricsToken` when one is given; `true` without a token serves them to anyone.
   */
  metricsRoute?: boolean;
  /** Serve `…/metrics` only with `Authorization: Bearer <metricsToken>` (else 401). */
  metricsToken?: string;
  /** One structured line per batch: `true` = JSON on console.log, or your function. Off by default. */
  log?: boolean | ((line: LogLine) => void);
  /** Injectable environment, for tests. */
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Counters of a proxy since it was created. */
export interface ProxyMetrics {
  /** Requests by answer: 200, 400, 403, 405, 413, 429, … */
  requests: Record<string, number>;
  /** Events received in valid bodies. */
  received: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Events answered `retry`. */
  retry: number;
  /** Events whose createTime was re-dated because their device's clock was off (docs/design.md §5). */
  derived: number;
  /** Upstream attempts that were retried. */
  retried: number;
  /** Upstream calls made, and their latency. */
  upstreamCalls: number;
  upstreamLatencyMsSum: number;
  upstreamLatencyMsMax: number;
  /** Upstream latency histogram: calls at or under each bound in ms (cumulative), plus '+Inf'. */
  upstreamLatencyBuckets: Record<string, number>;
}

/** Extra facts a fetch runtime knows about a request. */
export interface FetchInfo {
  /**
   * The client's IP, the key of the per-client rate limits, which are skipped for a request
   * without one (unless trustProxy reads X-Forwarded-For). Workers: the CF-Connecting-IP header;
   * Deno: the handler's `info.remoteAddr.hostname`; Bun: `server.requestIP(request)?.address`.
   */
  clientIp?: string;
}

/** Options of {@link Proxy.close}. */
export interface CloseOptions {
  /**
   * The most ms `close()` takes (default 8000; 0 to 600000): pick it below your platform's
   * shutdown grace (Cloud Run: 10 s from SIGTERM to SIGKILL; Kubernetes: 30 s by default) minus what you do
   * after it (closing the dedupe store's client, exiting).
   */
  deadlineMs?: number;
}

/** What {@link Proxy.close} resolves with. */
export interface CloseReport {
  /** Batches in flight when the drain began. */
  batches: number;
  /** How long the drain took, in ms. */
  ms: number;
  /**
   * Events whose bookkeeping (an upstream call, or the dedupe store write recording it) had not
   * settled at the deadline: 0 unless the store or the upstream ignored every time limit. Their
   * claims expire by themselves (the batch deadline + 2 s at most).
   */
  unsettled: number;
}

/** A proxy created by {@link createProxy}. */
export interface Proxy {
  /** Handles a request in a fetch-API runtime (Workers, Deno, Next.js route handlers). */
  fetch(request: Request, info?: FetchInfo): Promise<Response>;
  /** Handles a Node http request; also Express middleware (`app.use('/cts/events', proxy.node)`). */
  node(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
    next?: (error?: unknown) => void,
  ): Promise<void>;
  /** A snapshot of the counters. */
  metrics(): ProxyMetrics;
  /** The counters in Prometheus text format (also served at `…/metrics`). */
  metricsText(): string;
  /**
   * Drains the proxy for a graceful stop (a rollout, a scale-in: SIGTERM), when you mount
   * `proxy.node` or `proxy.fetch` in your own server. From the call on:
   *
   * - a new batch is answered `503` with `Retry-After: 1` (and `Connection: close` from
   *   `proxy.node`): the tracker keeps every event and sends them again, to another instance;
   *   preflights and the metrics route are answered as before;
   * - every batch in flight goes on, with its batch deadline shortened to the drain's cutoff,
   *   `deadlineMs` - 1 s (half of `deadlineMs` under 2 s), and gets its per-event answers;
   * - `close()` resolves once the last of them is answered **and** its dedupe store writes
   *   (done-marks, releases) are done, at `deadlineMs` at the latest: only then close the
   *   store's client (e.g. `redis.quit()`). Closing it earlier loses the done-marks, and a copy
   *   the browser sends again through another instance is then stored twice.
   *
   * When the cutoff comes before a batch is done, its unfinished events are answered `retry`
   * (the browser keeps them): one waiting for an upstream slot or a retry's backoff had no call
   * on the wire, so its claim is released and its next copy is forwarded once. One whose upstream
   * call is on the wire is aborted: CTS may or may not have stored it, and the proxy cannot know
   * (the same gap as a lost answer, see docs/proxy.md, "Exactly once upstream"). Its claim is left
   * to expire (at its batch deadline + 2 s at most), so no other instance sends a copy while it may still be
   * being stored; a copy sent after that is forwarded, and is stored twice only if CTS had
   * stored the cut call. So a stop stores nothing twice unless CTS takes longer to answer than
   * the cutoff leaves. Calling `close()` again returns the same drain (a smaller `deadlineMs`
   * moves its deadline earlier). The proxy stays closed.
   *
   * @example
   * const server = http.createServer((req, res) => proxy.node(req, res)).listen(8080);
   * process.once('SIGTERM', async () => {
   *   server.close(); // no new connections
   *   const { batches, ms } = await proxy.close({ deadlineMs: 8000 });
   *   console.log(`drained ${batches} batches in ${ms} ms`);
   *   await redis.quit(); // the dedupe store's client, only now
   *   process.exit(0);
   * });
   */
  close(options?: CloseOptions): Promise<CloseReport>;
  /** True once {@link Proxy.close} was called. */
  readonly closing: boolean;
}
