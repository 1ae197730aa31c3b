import type { AuthHeader } from '../resolve-auth.js';
import { redact } from '../resolve-auth.js';
import { retryDelay } from '../retry-delay.js';
import type { Cutoff } from '../create-drain.js';
import { readJson } from './read-json.js';
import type { RetryOutcome } from './retry-reason.js';
import { retry, RetryReason } from './retry-reason.js';
import type { ForwardOutcome, UpstreamRequest } from './upstream-types.js';

/** Why an event of a closing proxy was answered `retry` (no call of it was on the wire). */
export const SHUTDOWN_REASON =
  'the proxy is shutting down and its shutdown deadline ran out before this event was sent';

/** The words the proxy's messages name its time limit with; the reporter names its own. */
export const BATCH_TIME_LIMIT = 'the batch time limit (limits.batchTimeoutMs)';

/** Everything {@link forwardEvent} needs; built once per proxy or reporter (createForwarder). */
export interface Forwarder {
  /** The API root, without a trailing slash. */
  upstream: string;
  /** The project the credentials must reach (named in a 401/403 message). */
  project: string;
  /** The caller's time limit in words, for messages (e.g. {@link BATCH_TIME_LIMIT}). */
  timeLimit: string;
  authHeader: AuthHeader;
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** Most bytes of an upstream answer read (decoded); the rest is not read. */
  maxResponseBytes: number;
  onAttempt(latencyMs: number): void;
  onRetry(): void;
  log(line: Record<string, unknown> & { msg: string }): void;
}

/** When and how {@link forwardEvent} may send: its time limit, a shutdown's cutoff, extra headers. */
export interface ForwardLimits {
  /** Nothing starts or waits past it (default: no limit). */
  deadline?: number;
  /** A closing proxy's cutoff, which may move earlier while a call runs. */
  cutoff?: Cutoff;
  /** Extra request headers, e.g. `{ [DEVICE_CLOCK_HEADER]: 'offset-ms=7200000; device-create-time=…' }`. */
  headers?: Record<string, string>;
}

// Network failures that happen before a request is on the wire (nothing reached CTS), so
// sending it again cannot make a second copy. Anything else after the send (reset, timeout,
// a garbled answer) may have been stored: see forwardEvent.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function notSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  if (!cause) return false;
  if (typeof cause.code === 'string' && NOT_SENT.has(cause.code)) return true;
  // Happy eyeballs (several addresses tried): an AggregateError of connect errors.
  return (
    Array.isArray(cause.errors) &&
    cause.errors.length > 0 &&
    cause.errors.every((each) => typeof each?.code === 'string' && NOT_SENT.has(each.code))
  );
}

function rpcMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : '';
}

function rpcStatus(body: unknown): unknown {
  return (body as { error?: { status?: unknown } } | undefined)?.error?.status;
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

// Waits `ms`, or less when the cutoff comes first.
function sleepUntilCut(forwarder: Forwarder, ms: number, cutoff: Cutoff | undefined): Promise<void> {
  if (!cutoff) return forwarder.sleep(ms);
  return new Promise<void>((resolve) => {
    const off = cutoff.onCut(() => resolve());
    void forwarder.sleep(ms).then(resolve, resolve).finally(off);
  });
}

/** What one attempt came to: an outcome to answer with, or a failure worth another attempt after `delayMs`. */
type Attempt = { outcome: ForwardOutcome } | { again: RetryOutcome; delayMs: number };

/**
 * Sends one checked request with `clientEvents.create` (one call per event, as the API takes
 * them), with a per-call timeout and retries of 429, 5xx, 409 ABORTED and of connections refused
 * before anything was sent (delay: Retry-After, then google.rpc.RetryInfo, then exponential
 * backoff with jitter). A request that may have reached CTS without an answer (timeout, reset, a
 * 2xx that is not a JSON object) is not sent again in the same call but answered `retry`, and a
 * redirect (never followed) is `retry` too. 409 ALREADY_EXISTS is `duplicate`, another 4xx about
 * the event (400, 404 NOT_FOUND of a job) is `rejected` with CTS's message; 401/403
 * (credentials or permission: the event is not at fault) and exhausted retries are `retry`, so
 * the sender keeps the event. Every `retry` carries a {@link RetryReason} code. Nothing starts or
 * waits past `deadline`, so a hanging upstream cannot hold a caller for minutes; nor past
 * `cutoff` (a closing proxy's, which may move earlier while the call runs): a call on the wire
 * then is aborted and answered `retry` with the code `shutdown-cut`.
 *
 * @example
 * const outcome = await forwardEvent(forwarder, checked.request, { deadline: Date.now() + 25_000 }); // { status: 'accepted' }
 */
export async function forwardEvent(
  forwarder: Forwarder,
  request: UpstreamRequest,
  limits: ForwardLimits = {},
): Promise<ForwardOutcome> {
  const { deadline = Infinity, cutoff } = limits;
  let last: RetryOutcome | undefined;
  const end = () => Math.min(deadline, cutoff?.at ?? Infinity);
  const timeUp = (): RetryOutcome => {
    if (last) return last;
    if (cutoff && cutoff.at <= deadline) return retry(RetryReason.shutdown, SHUTDOWN_REASON);
    return retry(RetryReason.deadline, `${forwarder.timeLimit} ran out before this event was sent`);
  };
  for (let attempt = 0; ; attempt++) {
    // The time is up (a slow or hanging upstream, or a shutdown): the sender keeps the event.
    if (end() - forwarder.now() <= 0) return timeUp();
    let authorization: string;
    try {
      authorization = await forwarder.authHeader();
    } catch (error) {
      const message = errorText(error);
      forwarder.log({ msg: 'talent-beacon proxy: no upstream credentials', error: message });
      return retry(RetryReason.noCredentials, `no credentials: ${message}`);
    }
    // Measured again after the credentials: the call must not run past the deadline, which
    // bounds the event's claim (a token refresh may take seconds).
    const started = forwarder.now();
    if (end() - started <= 0) return timeUp();
    const result = await attemptOnce(forwarder, request, limits, {
      attempt,
      authorization,
      started,
      timeoutMs: Math.min(forwarder.timeoutMs, end() - started),
    });
    if ('outcome' in result) return result.outcome;
    last = result.again;
    const delayMs = result.delayMs;
    if (attempt >= forwarder.retries || delayMs > forwarder.maxDelayMs || forwarder.now() + delayMs >= end())
      return last;
    forwarder.onRetry();
    await sleepUntilCut(forwarder, delayMs, cutoff);
  }
}

// One call: sent, read (bounded by its timeout and the cutoff), and judged.
async function attemptOnce(
  forwarder: Forwarder,
  request: UpstreamRequest,
  limits: ForwardLimits,
  call: { attempt: number; authorization: string; started: number; timeoutMs: number },
): Promise<Attempt> {
  const { cutoff, headers } = limits;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  // A drain that begins during the call may move the cutoff before this timer.
  let cutHere = false;
  const offCut = cutoff?.onCut(() => {
    cutHere = true;
    controller.abort();
  });
  try {
    const response = await forwarder.fetch(forwarder.upstream + request.path, {
      method: 'POST',
      headers: { ...headers, authorization: call.authorization, 'content-type': 'application/json' },
      body: request.body,
      signal: controller.signal,
      // A redirect is never followed: a 307/308 would POST the event (and, same-origin, the
      // token) to another URL and a 302/303 would turn it into a GET answered 200.
      redirect: 'manual',
    });
    const { json, tooLarge } = await readJson(response, forwarder.maxResponseBytes);
    forwarder.onAttempt(forwarder.now() - call.started);
    return judgeAnswer(forwarder, response, { json, tooLarge }, call);
  } catch (error) {
    forwarder.onAttempt(forwarder.now() - call.started);
    if (controller.signal.aborted && (cutHere || (cutoff !== undefined && forwarder.now() >= cutoff.at))) {
      // Cut by a shutdown on the wire: CTS may have stored it. The claim is left to expire
      // (deliverEvent), so no other instance sends a copy while this one may still be stored.
      const text =
        'the proxy is shutting down: its shutdown deadline cut the upstream call; not resent, as it may have been stored';
      return { outcome: retry(RetryReason.shutdownCut, text) };
    }
    if (controller.signal.aborted) {
      // The request may have reached CTS and been stored, its answer lost (a timeout, an
      // upstream that never sends headers). Sending it again at once would make a copy each
      // time; the sender, which keeps the event, tries again later instead.
      const text = `upstream timeout after ${call.timeoutMs} ms; not resent in this batch, as it may have been stored`;
      return { outcome: retry(RetryReason.timeout, text) };
    }
    if (!notSent(error)) {
      const text = `upstream connection lost: ${errorText(error)}; not resent in this batch, as it may have been stored`;
      return { outcome: retry(RetryReason.connectionLost, text) };
    }
    const delay = retryDelay({
      attempt: call.attempt,
      baseMs: forwarder.baseDelayMs,
      maxMs: forwarder.maxDelayMs,
      now: forwarder.now(),
      random: forwarder.random,
    });
    return { again: retry(RetryReason.network, `upstream unreachable: ${errorText(error)}`), delayMs: delay.ms };
  } finally {
    clearTimeout(timer);
    offCut?.();
  }
}

// What CTS's answer means for the event.
function judgeAnswer(
  forwarder: Forwarder,
  response: Response,
  read: { json: unknown; tooLarge: boolean },
  call: { attempt: number; authorization: string },
): Attempt {
  const { status } = response;
  const { json } = read;
  if (status >= 300 && status < 400) {
    // Not the event's fault, and not CTS's answer: the upstream URL (or a gateway) is
    // misconfigured. The sender keeps the event until the operator fixes it.
    const location = (response.headers.get('location') ?? '').slice(0, 200);
    const text = `upstream redirected (${status}${location ? ` to ${location}` : ''}); redirects are not followed: check the proxy's upstream URL`;
    forwarder.log({ msg: 'talent-beacon proxy: upstream redirected', status, error: text });
    return { outcome: retry(RetryReason.redirect, text) };
  }
  if (response.ok) {
    // CTS answers the stored ClientEvent as a JSON object. Anything else (an HTML page of a
    // gateway, a truncated or oversized body) is not a sign the event was stored: not
    // `accepted`. It may have been stored, though, so it is not sent again in this call.
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) return { outcome: { status: 'accepted' } };
    const over = read.tooLarge ? ` (over limits.maxResponseBytes = ${forwarder.maxResponseBytes} bytes)` : '';
    const text = `upstream ${status} answer is not the expected JSON object${over}; not resent in this batch, as it may have been stored`;
    forwarder.log({ msg: 'talent-beacon proxy: unexpected upstream answer', status, error: text });
    return { outcome: retry(RetryReason.unexpectedAnswer, text) };
  }
  // Redacted before it goes anywhere: some gateways echo the request's headers in errors,
  // and this text reaches the browser (reason, issues) and the log.
  const message = redact(rpcMessage(json), [call.authorization, call.authorization.replace(/^\S+\s+/, '')]);
  const said = `upstream ${status}${message ? `: ${message}` : ''}`;
  // HTTP 409 is both ALREADY_EXISTS (a duplicate) and ABORTED (a conflict, to be retried:
  // google.rpc code.proto), so the error's status tells them apart.
  const aborted = status === 409 && rpcStatus(json) === 'ABORTED';
  if (status === 409 && !aborted) return { outcome: { status: 'duplicate' } };
  if (status === 429 || status >= 500 || aborted) {
    const code = aborted ? RetryReason.conflict : status === 429 ? RetryReason.rateLimited : RetryReason.status5xx;
    const delay = retryDelay({
      retryAfter: response.headers.get('retry-after'),
      body: json,
      attempt: call.attempt,
      baseMs: forwarder.baseDelayMs,
      maxMs: forwarder.maxDelayMs,
      now: forwarder.now(),
      random: forwarder.random,
    });
    return { again: retry(code, said), delayMs: delay.ms };
  }
  if (status === 401 || status === 403) {
    const text = `${said} (check the proxy's credentials and their access to project ${forwarder.project})`;
    forwarder.log({ msg: 'talent-beacon proxy: upstream refused the credentials', status, error: text });
    return { outcome: retry(RetryReason.auth, text) };
  }
  return {
    outcome: {
      status: 'rejected',
      issues: [
        {
          path: '',
          rule: 'upstream',
          message: `CTS answered ${status}${message ? `: ${message}` : ''}`,
          value: status,
        },
      ],
    },
  };
}
