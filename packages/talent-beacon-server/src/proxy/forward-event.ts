import type { ApiVersion, ClientEvent } from '@talent-beacon/core';
import { toClientEventRequest } from '@talent-beacon/core';
import type { AuthHeader } from './resolve-auth.js';
import { redact } from './resolve-auth.js';
import { retryDelay } from './retry-delay.js';
import type { ProxyIssue } from './proxy-types.js';
import type { Cutoff } from './create-drain.js';

/**
 * The outcome of forwarding one event. `cut`: a shutdown's cutoff aborted the upstream call on
 * the wire, so CTS may have stored the event (deliverEvent then leaves its claim to expire).
 */
export type ForwardOutcome =
  { status: 'accepted' | 'duplicate' } | { status: 'rejected'; issues: ProxyIssue[] } | { status: 'retry'; reason: string; cut?: true };

/** Why an event of a closing proxy was answered `retry` (no call of it was on the wire). */
export const SHUTDOWN_REASON = 'the proxy is shutting down and its shutdown deadline ran out before this event was sent';

// Waits `ms`, or less when the cutoff comes first.
function sleepUntilCut(f: Forwarder, ms: number, cutoff: Cutoff | undefined): Promise<void> {
  if (!cutoff) return f.sleep(ms);
  return new Promise<void>((resolve) => {
    const off = cutoff.onCut(() => resolve());
    void f.sleep(ms).then(resolve, resolve).finally(off);
  });
}

/** Everything {@link forwardEvent} needs; built once per proxy. */
export interface Forwarder {
  upstream: string;
  target: { apiVersion: ApiVersion; project: string; tenant?: string };
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

/**
 * Reads an upstream answer as JSON, at most `maxBytes` of it (after any content decoding, so a
 * small gzip bomb inflates no further than the limit): past it the stream is cancelled. The
 * per-call abort signal still bounds the time. `json` is undefined for anything but JSON.
 */
async function readJson(response: Response, maxBytes: number): Promise<{ json: unknown; tooLarge: boolean }> {
  if (!response.body) return { json: undefined, tooLarge: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { json: undefined, tooLarge: true };
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  try {
    return { json: JSON.parse(text), tooLarge: false };
  } catch {
    return { json: undefined, tooLarge: false };
  }
}

// Network failures that happen before a request is on the wire (nothing reached CTS), so
// sending it again cannot make a second copy. Anything else after the send (reset, timeout,
// a garbled answer) may have been stored: see forwardEvent.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function notSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  if (!cause) return false;
  if (typeof cause.code === 'string' && NOT_SENT.has(cause.code)) return true;
  // Happy eyeballs (several addresses tried): an AggregateError of connect errors.
  return Array.isArray(cause.errors) && cause.errors.length > 0 && cause.errors.every((e) => typeof e?.code === 'string' && NOT_SENT.has(e.code));
}

function rpcMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : '';
}

function rpcStatus(body: unknown): unknown {
  return (body as { error?: { status?: unknown } } | undefined)?.error?.status;
}

/**
 * Sends one event with `clientEvents.create` (one call per event, as the API takes them), with a
 * per-call timeout and retries of 429, 5xx, timeouts and network errors (delay: Retry-After, then
 * google.rpc.RetryInfo, then exponential backoff with jitter), and of connections refused before
 * anything was sent. A request that may have reached CTS without an answer (timeout, reset, a
 * 2xx that is not a JSON object) is not sent again in the same batch but answered `retry`, and
 * a redirect (never followed) is `retry` too. 409 ALREADY_EXISTS is `duplicate` (409 ABORTED is retried),
 * another 4xx about the event (400, 404 NOT_FOUND of a job) is `rejected` with CTS's message;
 * 401/403 (credentials or permission: the event is not at fault) and exhausted retries are
 * `retry`, so the browser keeps the event. Nothing starts or waits past `deadline` (the batch's
 * time limit), so a hanging upstream cannot hold the browser's request open for minutes; nor past
 * `cutoff` (a closing proxy's, which may move earlier while the call runs): a call on the wire
 * then is aborted and answered `retry` with `cut: true`.
 *
 * @example
 * const outcome = await forwardEvent(forwarder, event); // { status: 'accepted' }
 * // headers: extra request headers, e.g. { [DEVICE_CLOCK_HEADER]: 'offset-ms=7200000; device-create-time=…' }
 */
export async function forwardEvent(
  f: Forwarder,
  event: ClientEvent,
  deadline = Infinity,
  cutoff?: Cutoff,
  headers?: Record<string, string>,
): Promise<ForwardOutcome> {
  const { path, body } = toClientEventRequest(event, f.target);
  const url = f.upstream + path;
  const payload = JSON.stringify(body);
  let reason = '';
  const end = () => Math.min(deadline, cutoff?.at ?? Infinity);
  const timeUp = () =>
    reason || (cutoff && cutoff.at <= deadline ? SHUTDOWN_REASON : 'the batch time limit (limits.batchTimeoutMs) ran out before this event was sent');
  for (let attempt = 0; ; attempt++) {
    // The batch's time is up (a slow or hanging upstream, or a shutdown): the browser keeps the event.
    const left = end() - f.now();
    if (left <= 0) return { status: 'retry', reason: timeUp() };
    let delay: ReturnType<typeof retryDelay>;
    let authorization: string;
    try {
      authorization = await f.authHeader();
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      f.log({ msg: 'talent-beacon proxy: no upstream credentials', error: message });
      return { status: 'retry', reason: `no credentials: ${message}` };
    }
    // Measured again after the credentials: the call must not run past the deadline, which
    // bounds the event's claim (a token refresh may take seconds).
    const started = f.now();
    if (end() - started <= 0) return { status: 'retry', reason: timeUp() };
    const controller = new AbortController();
    const timeout = Math.min(f.timeoutMs, end() - started);
    const timer = setTimeout(() => controller.abort(), timeout);
    // A drain that begins during the call may move the cutoff before this timer.
    let cutHere = false;
    const offCut = cutoff?.onCut(() => {
      cutHere = true;
      controller.abort();
    });
    try {
      const response = await f.fetch(url, {
        method: 'POST',
        headers: { ...headers, authorization, 'content-type': 'application/json' },
        body: payload,
        signal: controller.signal,
        // A redirect is never followed: a 307/308 would POST the event (and, same-origin, the
        // token) to another URL and a 302/303 would turn it into a GET answered 200.
        redirect: 'manual',
      });
      const { json, tooLarge } = await readJson(response, f.maxResponseBytes);
      f.onAttempt(f.now() - started);
      if (response.status >= 300 && response.status < 400) {
        // Not the event's fault, and not CTS's answer: the upstream URL (or a gateway) is
        // misconfigured. The browser keeps the event until the operator fixes it.
        const location = (response.headers.get('location') ?? '').slice(0, 200);
        const text = `upstream redirected (${response.status}${location ? ` to ${location}` : ''}); redirects are not followed: check the proxy's upstream URL`;
        f.log({ msg: 'talent-beacon proxy: upstream redirected', status: response.status, error: text });
        return { status: 'retry', reason: text };
      }
      if (response.ok) {
        // CTS answers the stored ClientEvent as a JSON object. Anything else (an HTML page of a
        // gateway, a truncated or oversized body) is not a sign the event was stored: not
        // `accepted`. It may have been stored, though, so it is not sent again in this batch.
        if (json !== null && typeof json === 'object' && !Array.isArray(json)) return { status: 'accepted' };
        const text = `upstream ${response.status} answer is not the expected JSON object${tooLarge ? ` (over limits.maxResponseBytes = ${f.maxResponseBytes} bytes)` : ''}; not resent in this batch, as it may have been stored`;
        f.log({ msg: 'talent-beacon proxy: unexpected upstream answer', status: response.status, error: text });
        return { status: 'retry', reason: text };
      }
      // Redacted before it goes anywhere: some gateways echo the request's headers in errors,
      // and this text reaches the browser (reason, issues) and the log.
      const message = redact(rpcMessage(json), [authorization, authorization.replace(/^\S+\s+/, '')]);
      // HTTP 409 is both ALREADY_EXISTS (a duplicate) and ABORTED (a conflict, to be retried:
      // google.rpc code.proto), so the error's status tells them apart.
      const aborted = response.status === 409 && rpcStatus(json) === 'ABORTED';
      if (response.status === 409 && !aborted) return { status: 'duplicate' };
      if (response.status === 429 || response.status >= 500 || aborted) {
        reason = `upstream ${response.status}${message ? `: ${message}` : ''}`;
        delay = retryDelay({
          retryAfter: response.headers.get('retry-after'),
          body: json,
          attempt,
          baseMs: f.baseDelayMs,
          maxMs: f.maxDelayMs,
          now: f.now(),
          random: f.random,
        });
      } else if (response.status === 401 || response.status === 403) {
        const text = `upstream ${response.status}${message ? `: ${message}` : ''} (check the proxy's credentials and their access to project ${f.target.project})`;
        f.log({ msg: 'talent-beacon proxy: upstream refused the credentials', status: response.status, error: text });
        return { status: 'retry', reason: text };
      } else {
        return {
          status: 'rejected',
          issues: [{ path: '', rule: 'upstream', message: `CTS answered ${response.status}${message ? `: ${message}` : ''}`, value: response.status }],
        };
      }
    } catch (error) {
      f.onAttempt(f.now() - started);
      if (controller.signal.aborted && (cutHere || (cutoff && f.now() >= cutoff.at))) {
        // Cut by a shutdown on the wire: CTS may have stored it. The claim is left to expire
        // (deliverEvent), so no other instance sends a copy while this one may still be stored.
        return {
          status: 'retry',
          reason: 'the proxy is shutting down: its shutdown deadline cut the upstream call; not resent, as it may have been stored',
          cut: true,
        };
      }
      if (controller.signal.aborted || !notSent(error)) {
        // The request may have reached CTS and been stored, its answer lost (a timeout, a
        // reset, an upstream that never sends headers). Sending it again at once would make
        // a copy each time; the browser, which keeps the event, tries again later instead.
        const what = controller.signal.aborted
          ? `upstream timeout after ${timeout} ms`
          : `upstream connection lost: ${redact(error instanceof Error ? error.message : String(error))}`;
        return { status: 'retry', reason: `${what}; not resent in this batch, as it may have been stored` };
      }
      reason = `upstream unreachable: ${redact(error instanceof Error ? error.message : String(error))}`;
      delay = retryDelay({ attempt, baseMs: f.baseDelayMs, maxMs: f.maxDelayMs, now: f.now(), random: f.random });
    } finally {
      clearTimeout(timer);
      offCut?.();
    }
    if (attempt >= f.retries || delay.ms > f.maxDelayMs || f.now() + delay.ms >= end()) return { status: 'retry', reason };
    f.onRetry();
    await sleepUntilCut(f, delay.ms, cutoff);
  }
}
