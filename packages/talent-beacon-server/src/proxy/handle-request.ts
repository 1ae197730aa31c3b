import { describeValue } from '@talent-beacon/core';
import type { CheckedEvent, EventRules } from './check-event.js';
import { checkEvent } from './check-event.js';
import type { DeviceClock } from '@talent-beacon/core';
import { DEVICE_CLOCK_HEADER, deviceClockNote, isDeviceTime, readDeviceClock } from '@talent-beacon/core';
import { corsHeaders, isOriginAllowed } from './cors.js';
import type { Upstream } from './upstream/index.js';
import { SHUTDOWN_REASON } from './upstream/index.js';
import type { Drain } from './create-drain.js';
import type { MetricsRecorder } from './create-metrics.js';
import type { RateDecision } from './create-rate-limit.js';
import type { EventResult, LogLine } from './proxy-types.js';

/** A request as both runtimes can describe it. */
export interface IncomingCall {
  method: string;
  path: string;
  origin: string | null;
  /** Access-Control-Request-Headers of a preflight. */
  requestHeaders: string | null;
  /** The client's key (its IP, see clientKey) for the rate limits and fair turns; undefined when the runtime cannot tell. */
  clientIp: string | undefined;
  /** The Authorization header (for a guarded metrics route). */
  authorization: string | null;
  /** Reads the body, giving up past `maxBytes` or after `timeoutMs`. */
  readBody(
    maxBytes: number,
    timeoutMs: number,
  ): Promise<{ text: string } | { json: unknown } | { tooLarge: true } | { timedOut: true }>;
}

/** The answer, for either runtime to write. */
export interface OutgoingReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the request handler is built from (one per proxy). */
export interface Handler {
  allowedOrigins: readonly string[];
  metricsRoute: boolean;
  /** When set, `…/metrics` needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  maxBodyBytes: number;
  maxEvents: number;
  batchTimeoutMs: number;
  bodyTimeoutMs: number;
  rules: EventRules;
  /** Claims, sends and records each checked event (shared with the reporter). */
  upstream: Upstream;
  /** The upstream slots, taken in turn per client key. */
  limit: <T>(key: string, task: () => Promise<T>) => Promise<T>;
  rateLimit: (key: string) => RateDecision;
  /** Spends a body's event count from its client's event budget. */
  eventRateLimit: (key: string, events: number) => RateDecision;
  metrics: MetricsRecorder;
  log: (line: LogLine) => void;
  now: () => number;
  /** The shutdown state: batches in flight, and the cutoff a close() sets for them. */
  drain: Drain;
}

const JSON_TYPE = 'application/json; charset=utf-8';

// How long a claim outlives its batch deadline (shared with the server-side reporter).
export { CLAIM_GRACE_MS } from './deliver-event.js';

// Compares in time that does not depend on where the strings differ (no node:crypto here:
// this file also runs in fetch runtimes).
function bearerMatches(header: string | null, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  const given = match?.[1] ?? '';
  let diff = given.length ^ token.length;
  for (let index = 0; index < token.length; index++)
    diff |= token.charCodeAt(index) ^ given.charCodeAt(index % Math.max(1, given.length));
  return diff === 0 && match !== null;
}

function errorReply(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): OutgoingReply {
  return {
    status,
    headers: { ...headers, 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/** The batch's device clock when its createTimes are re-dated, and where each re-dating is noted for the log. */
interface Redating {
  clock: DeviceClock;
  derived: Array<{ eventId: string | null; deviceCreateTime: string; createTime: string; rejected?: true }>;
}

/** What one event of a batch is handled with: the batch's deadline, its client, its device clock. */
interface BatchContext {
  deadline: number;
  client: string;
  redating?: Redating;
}

// The eventId a raw event carries, if it carries one: the answer names it, and copies of it in
// one body share one answer.
function eventIdOf(raw: unknown): string | null {
  const eventId = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId : null;
}

async function processEvent(
  handler: Handler,
  raw: unknown,
  eventId: string | null,
  context: BatchContext,
): Promise<EventResult> {
  const { redating } = context;
  const result = checkEvent(raw, handler.rules, redating?.clock);
  // Both times of a re-dated event go to the batch's log line, also when the derived time is
  // outside the window (its issue says so to the browser).
  if ('issues' in result) {
    if (redating && result.redated) redating.derived.push({ eventId, ...result.redated, rejected: true });
    return { eventId, status: 'rejected', issues: result.issues };
  }
  const { checked } = result;
  if (redating && checked.redated) redating.derived.push({ eventId, ...checked.redated });
  if (handler.drain.at <= handler.now()) return { eventId, status: 'retry', reason: SHUTDOWN_REASON };
  const outcome = await deliverChecked(handler, checked, context);
  if (outcome.status === 'rejected') return { eventId, status: 'rejected', issues: outcome.issues };
  if (outcome.status === 'retry') return { eventId, status: 'retry', reason: outcome.reason };
  return { eventId, status: outcome.status };
}

// The claim lasts as long as this request can use it: no upstream call starts or runs past the
// deadline (forwardEvent), so the time left plus a grace for the last answer's bookkeeping
// covers the wait for an upstream slot and every attempt, and a proxy killed mid-call frees
// its claims at most batchTimeoutMs + CLAIM_GRACE_MS after the batch arrived (deliverEvent,
// shared with talent-beacon/server).
// A closing proxy's cutoff shortens the claim too: a claim left by a call it cut lasts until
// the cutoff + CLAIM_GRACE_MS at most.
function deliverChecked(handler: Handler, checked: CheckedEvent, context: BatchContext) {
  const { deadline, client } = context;
  // Tells the upstream that this createTime was derived (the emulator's inspector shows it; CTS
  // ignores a header it does not know).
  const note =
    context.redating &&
    checked.redated &&
    deviceClockNote({ offsetMs: context.redating.clock.offsetMs, deviceCreateTime: checked.redated.deviceCreateTime });
  return handler.upstream.send(checked, {
    deadline,
    claimUntil: Math.min(deadline, handler.drain.at),
    cutoff: handler.drain,
    ...(note && { headers: { [DEVICE_CLOCK_HEADER]: note } }),
    queue: (call) => handler.limit(client, call),
  });
}

// The batch time limit holds for every step, also a dedupe store or an auth client that never
// answers (e.g. ioredis with maxRetriesPerRequest: null while Redis is down): at the deadline the
// event is answered `retry`. The late step then finds the deadline past, so forwardEvent starts
// no call and the claim, if one arrives, is released. A closing proxy's cutoff ends the wait the
// same way; the late step is still counted by the drain, which waits for its store write.
function processEventBy(
  handler: Handler,
  raw: unknown,
  eventId: string | null,
  context: BatchContext,
): Promise<EventResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let offCut: (() => void) | undefined;
  const timeUp = new Promise<EventResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          eventId,
          status: 'retry',
          reason: 'the batch time limit (limits.batchTimeoutMs) ran out before this event was answered',
        }),
      Math.max(0, context.deadline - handler.now()),
    );
    offCut = handler.drain.onCut(() =>
      resolve({
        eventId,
        status: 'retry',
        reason: 'the proxy is shutting down and its shutdown deadline ran out before this event was answered',
      }),
    );
  });
  return Promise.race([handler.drain.work(processEvent(handler, raw, eventId, context)), timeUp]).finally(() => {
    clearTimeout(timer);
    offCut?.();
  });
}

/** Resolves with what `read` gives, or with `{ cut: true }` when a closing proxy's cutoff comes first. */
function unlessCut<T>(handler: Handler, read: Promise<T>): Promise<T | { cut: true }> {
  let offCut: (() => void) | undefined;
  const cut = new Promise<{ cut: true }>((resolve) => {
    offCut = handler.drain.onCut(() => resolve({ cut: true }));
  });
  return Promise.race([read, cut]).finally(() => offCut?.());
}

// How long a browser waits before sending a batch again that a closing instance turned away:
// its next request opens a new connection, which the balancer gives to another instance.
const SHUTDOWN_RETRY_AFTER_S = 1;

function shuttingDown(cors: Record<string, string>): OutgoingReply {
  return errorReply(
    503,
    'SHUTTING_DOWN',
    'this proxy instance is shutting down; nothing was forwarded: send the batch again (another instance takes it)',
    {
      ...cors,
      'retry-after': String(SHUTDOWN_RETRY_AFTER_S),
    },
  );
}

/**
 * The whole request logic, independent of the runtime: CORS, routes (POST batch, OPTIONS
 * preflight, GET …/metrics), rate limit, body limits, JSON, then each event independently:
 * checked, claimed in the dedupe store, forwarded, answered (docs/design.md §5).
 *
 * @example
 * const reply = await handleRequest(handler, call); // { status: 200, headers, body: '{"results":[…]}' }
 */
export async function handleRequest(handler: Handler, call: IncomingCall): Promise<OutgoingReply> {
  let reply: OutgoingReply;
  try {
    reply = await route(handler, call);
  } catch (error) {
    // The runtime answers 500: count it, so a failure shows in /metrics, not only in the log.
    handler.metrics.request(500);
    throw error;
  }
  handler.metrics.request(reply.status);
  return reply;
}

async function route(handler: Handler, call: IncomingCall): Promise<OutgoingReply> {
  const started = handler.now();
  const method = call.method.toUpperCase();
  if (method === 'GET' && handler.metricsRoute && /\/metrics\/?$/.test(call.path)) {
    if (handler.metricsToken !== undefined && !bearerMatches(call.authorization, handler.metricsToken)) {
      return errorReply(401, 'UNAUTHENTICATED', 'the metrics route needs "Authorization: Bearer <metricsToken>"', {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
      body: handler.metrics.text(),
    };
  }
  if (!isOriginAllowed(call.origin, handler.allowedOrigins)) {
    return errorReply(
      403,
      'FORBIDDEN_ORIGIN',
      `origin ${JSON.stringify(call.origin)} is not in the proxy's allowedOrigins; nothing was forwarded`,
      {
        vary: 'Origin',
      },
    );
  }
  const cors = corsHeaders(call.origin, { preflight: method === 'OPTIONS', requestHeaders: call.requestHeaders });
  if (method === 'OPTIONS') return { status: 204, headers: cors, body: '' };
  if (method !== 'POST') {
    return errorReply(405, 'METHOD_NOT_ALLOWED', `method ${method} is not allowed: POST {"events":[…]} to this URL`, {
      ...cors,
      allow: 'POST, OPTIONS',
    });
  }
  // A closing proxy takes no new batch: 503 + Retry-After, which the tracker answers by keeping
  // every event and trying again later (docs/design.md §5).
  if (handler.drain.draining) return shuttingDown(cors);
  return handler.drain.batch(() => batch(handler, call, cors, started));
}

async function batch(
  handler: Handler,
  call: IncomingCall,
  cors: Record<string, string>,
  started: number,
): Promise<OutgoingReply> {
  // Without a known client IP there is nothing to limit per client: one shared bucket would
  // throttle every visitor at once (fetch runtimes: pass clientIp, or set trustProxy).
  const rate = call.clientIp === undefined ? { allowed: true as const } : handler.rateLimit(call.clientIp);
  if (!rate.allowed) {
    return errorReply(
      429,
      'RATE_LIMITED',
      `too many requests from this client; try again in ${rate.retryAfterSeconds} s`,
      {
        ...cors,
        'retry-after': String(rate.retryAfterSeconds),
      },
    );
  }
  const body = await unlessCut(handler, call.readBody(handler.maxBodyBytes, handler.bodyTimeoutMs));
  if ('cut' in body) return shuttingDown(cors);
  if ('timedOut' in body) {
    return errorReply(
      408,
      'BODY_TIMEOUT',
      `the body did not arrive within limits.bodyTimeoutMs = ${handler.bodyTimeoutMs} ms; nothing was forwarded`,
      cors,
    );
  }
  if ('tooLarge' in body) {
    return errorReply(
      413,
      'BODY_TOO_LARGE',
      `the body is larger than limits.maxBodyBytes = ${handler.maxBodyBytes} bytes; send fewer events per request`,
      cors,
    );
  }
  let parsed: unknown;
  if ('json' in body) parsed = body.json;
  else {
    try {
      parsed = JSON.parse(body.text);
    } catch (error) {
      return errorReply(
        400,
        'MALFORMED_JSON',
        `the body is not valid JSON (${error instanceof Error ? error.message : String(error)}); expected {"events":[…]}`,
        cors,
      );
    }
  }
  const events = (parsed as { events?: unknown } | null)?.events;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Array.isArray(events)) {
    return errorReply(
      400,
      'BAD_BODY',
      `the body must be {"events":[ClientEvent, …]} (got ${describeValue(parsed)})`,
      cors,
    );
  }
  if (events.length > handler.maxEvents) {
    return errorReply(
      413,
      'TOO_MANY_EVENTS',
      `the body has ${events.length} events; at most limits.maxEvents = ${handler.maxEvents} are allowed per request`,
      cors,
    );
  }
  // The request limit alone lets a client send rateLimit × maxEvents events per window.
  const eventRate =
    call.clientIp === undefined ? { allowed: true as const } : handler.eventRateLimit(call.clientIp, events.length);
  if (!eventRate.allowed) {
    return errorReply(
      429,
      'RATE_LIMITED',
      `too many events from this client (limits.eventRateLimit); try again in ${eventRate.retryAfterSeconds} s`,
      {
        ...cors,
        'retry-after': String(eventRate.retryAfterSeconds),
      },
    );
  }
  handler.metrics.received(events.length);
  // Clients without a known address share one turn.
  const client = call.clientIp ?? '';
  // The device's clock when it sent the batch (docs/design.md §5): when it is off beyond the tolerance,
  // each createTime is re-dated by the time the event waited on the device (device-clock.ts).
  // A body without a usable sentAt is judged as sent.
  const sentAt = (parsed as { sentAt?: unknown }).sentAt;
  const clock = readDeviceClock(sentAt, started);
  const redating: Redating | undefined = clock && { clock, derived: [] };
  const context: BatchContext = { deadline: started + handler.batchTimeoutMs, client, ...(redating && { redating }) };
  // A repeated eventId in one body is processed once and every copy gets the same answer.
  const byId = new Map<string, Promise<EventResult>>();
  const results = await Promise.all(
    events.map((raw) => {
      const eventId = eventIdOf(raw);
      if (eventId === null) return processEventBy(handler, raw, eventId, context);
      const first = byId.get(eventId);
      if (first) return first;
      const pending = processEventBy(handler, raw, eventId, context);
      byId.set(eventId, pending);
      return pending;
    }),
  );
  const counts = { accepted: 0, duplicate: 0, rejected: 0, retry: 0 };
  for (const result of results) {
    counts[result.status]++;
    handler.metrics.result(result.status);
  }
  if (redating) handler.metrics.derived(redating.derived.length);
  handler.log({
    msg: 'talent-beacon proxy: batch',
    origin: call.origin,
    events: events.length,
    ...counts,
    ms: handler.now() - started,
    // Both times of every re-dated event, and the device clock's offset (network time included).
    ...(redating && {
      deviceClockOffsetMs: redating.clock.offsetMs,
      sentAt: new Date(redating.clock.sentAt).toISOString(),
      derived: redating.derived,
    }),
    // A sentAt that names no time is ignored (the body is judged as sent): said here, not to the browser.
    ...(sentAt !== undefined && !isDeviceTime(sentAt) && { sentAtIgnored: describeValue(sentAt) }),
  });
  return {
    status: 200,
    headers: { ...cors, 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify({ results }),
  };
}
