import type { ApiVersion, ClientEvent } from '../../core/index.js';
import { toClientEventRequest } from '../../core/index.js';
import type { AuthHeader } from './resolve-auth.js';
import { redact } from './resolve-auth.js';
import { retryDelay } from './retry-delay.js';
import type { ProxyIssue } from './proxy-types.js';

/** The outcome of forwarding one event. */
export type ForwardOutcome =
  | { status: 'accepted' | 'duplicate' }
  | { status: 'rejected'; issues: ProxyIssue[] }
  | { status: 'retry'; reason: string };

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
  onAttempt(latencyMs: number): void;
  onRetry(): void;
  log(line: Record<string, unknown> & { msg: string }): void;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
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
 * google.rpc.RetryInfo, then exponential backoff with jitter). 409 ALREADY_EXISTS is `duplicate` (409 ABORTED is retried),
 * another 4xx about the event (400, 404 NOT_FOUND of a job) is `rejected` with CTS's message;
 * 401/403 (credentials or permission: the event is not at fault) and exhausted retries are
 * `retry`, so the browser keeps the event. Nothing starts or waits past `deadline` (the batch's
 * time limit), so a hanging upstream cannot hold the browser's request open for minutes.
 *
 * @example
 * const outcome = await forwardEvent(forwarder, event); // { status: 'accepted' }
 */
export async function forwardEvent(f: Forwarder, event: ClientEvent, deadline = Infinity): Promise<ForwardOutcome> {
  const { path, body } = toClientEventRequest(event, f.target);
  const url = f.upstream + path;
  const payload = JSON.stringify(body);
  let reason = '';
  for (let attempt = 0; ; attempt++) {
    // The batch's time is up (a slow or hanging upstream): the browser keeps the event.
    const left = deadline - f.now();
    if (left <= 0) return { status: 'retry', reason: reason || 'the batch time limit (limits.batchTimeoutMs) ran out before this event was sent' };
    let delay = { ms: 0, fromServer: false };
    let authorization: string;
    try {
      authorization = await f.authHeader();
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      f.log({ msg: 'talent-beacon proxy: no upstream credentials', error: message });
      return { status: 'retry', reason: `no credentials: ${message}` };
    }
    const started = f.now();
    const controller = new AbortController();
    const timeout = Math.min(f.timeoutMs, left);
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const response = await f.fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: payload,
        signal: controller.signal,
      });
      const json = await readJson(response);
      f.onAttempt(f.now() - started);
      if (response.ok) return { status: 'accepted' };
      // Redacted before it goes anywhere: some gateways echo the request's headers in errors,
      // and this text reaches the browser (reason, issues) and the log.
      const message = redact(rpcMessage(json), [authorization, authorization.replace(/^\S+\s+/, '')]);
      // HTTP 409 is both ALREADY_EXISTS (a duplicate) and ABORTED (a conflict, to be retried:
      // google.rpc code.proto), so the error's status tells them apart.
      const aborted = response.status === 409 && rpcStatus(json) === 'ABORTED';
      if (response.status === 409 && !aborted) return { status: 'duplicate' };
      if (response.status === 429 || response.status >= 500 || aborted) {
        reason = `upstream ${response.status}${message ? `: ${message}` : ''}`;
        delay = retryDelay({ retryAfter: response.headers.get('retry-after'), body: json, attempt, baseMs: f.baseDelayMs, maxMs: f.maxDelayMs, now: f.now(), random: f.random });
      } else if (response.status === 401 || response.status === 403) {
        const text = `upstream ${response.status}${message ? `: ${message}` : ''} (check the proxy's credentials and their access to project ${f.target.project})`;
        f.log({ msg: 'talent-beacon proxy: upstream refused the credentials', status: response.status, error: text });
        return { status: 'retry', reason: text };
      } else {
        return { status: 'rejected', issues: [{ path: '', rule: 'upstream', message: `CTS answered ${response.status}${message ? `: ${message}` : ''}`, value: response.status }] };
      }
    } catch (error) {
      f.onAttempt(f.now() - started);
      reason = controller.signal.aborted ? `upstream timeout after ${timeout} ms` : `upstream unreachable: ${redact(error instanceof Error ? error.message : String(error))}`;
      delay = retryDelay({ attempt, baseMs: f.baseDelayMs, maxMs: f.maxDelayMs, now: f.now(), random: f.random });
    } finally {
      clearTimeout(timer);
    }
    if (attempt >= f.retries || delay.ms > f.maxDelayMs || f.now() + delay.ms >= deadline) return { status: 'retry', reason };
    f.onRetry();
    await f.sleep(delay.ms);
  }
}
