import type { ClientEvent } from '../../core/index.js';
import { utf8ByteLength } from '../../core/index.js';
import type { TrackerEnv } from './tracker-env.js';
import { within } from './within.js';

/**
 * Most bytes in one request body. Chromium refuses keepalive fetches and beacons once a page has
 * more than 64 KiB of such bodies in flight (Fetch spec "keepalive" quota), so one body stays
 * under 60 KB and leaves room for the headers' share.
 */
export const MAX_BODY_BYTES = 60_000;

/** One request: the events and the body that carries them. */
export interface Batch {
  events: ClientEvent[];
  body: string;
}

/**
 * Splits events, in order, into request bodies of at most `max` events and
 * {@link MAX_BODY_BYTES} bytes of UTF-8 each: `{"events":[…]}` (design §5).
 *
 * @example
 * toBatches(events, 20).map((b) => b.events.length); // [20, 20, 7]
 */
export function toBatches(events: readonly ClientEvent[], max: number): Batch[] {
  const batches: Batch[] = [];
  let current: ClientEvent[] = [];
  let parts: string[] = [];
  let bytes = 12;
  const close = () => current.length && batches.push({ events: current, body: `{"events":[${parts.join()}]}` });
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = utf8ByteLength(json) + 1;
    if (current.length >= max || bytes + size > MAX_BODY_BYTES) {
      close();
      current = [];
      parts = [];
      bytes = 12;
    }
    current.push(event);
    parts.push(json);
    bytes += size;
  }
  close();
  return batches;
}

/** The transport functions of the page (injectable). */
export interface Transport {
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
}

// text/plain keeps the request CORS-simple (no preflight), which sendBeacon requires cross-origin.
const TEXT = 'text/plain;charset=UTF-8';

/** One result of the proxy's reply (design §5). */
export interface BatchResult {
  eventId: string;
  status: 'accepted' | 'duplicate' | 'rejected' | 'retry';
  issues?: unknown;
}

/**
 * What came of one request: the HTTP status (0 when no answer came: a network error, or no whole
 * answer within the time limit), the server's `Retry-After`, and for a 200 the per-event results
 * (undefined when the body was not the §5 reply, which counts as no answer).
 */
export interface Reply {
  status: number;
  retryAfter?: string | null;
  results?: BatchResult[];
}

/**
 * POSTs one batch with fetch while the page is alive and reads the reply, all within `timeout`
 * ms: the request, the headers and the whole body (a 200 whose body stalls would otherwise hold
 * the flush lock forever). `keepalive` lets the request outlive the page (a reload in the middle
 * of a flush); bodies are already under the keepalive limit. Never rejects.
 *
 * @example
 * const reply = await sendBatch(env, '/cts/events', {}, toBatches(events, 20)[0], 30_000);
 * if (reply.results) forget(reply.results.filter((r) => r.status != 'retry'));
 */
export function sendBatch(env: TrackerEnv, endpoint: string, headers: Record<string, string> | undefined, batch: Batch, timeout: number): Promise<Reply> {
  const request = env.fetch!(endpoint, {
    method: 'POST',
    body: batch.body,
    keepalive: true,
    credentials: 'same-origin',
    headers: { ...headers, 'content-type': TEXT },
  }).then(async (response): Promise<Reply> => {
    const results = response.status == 200 ? (await response.json().catch(() => 0))?.results : undefined;
    return { status: response.status, retryAfter: response.headers.get('retry-after'), results: Array.isArray(results) ? results : undefined };
  });
  return within(env, request, timeout, 'request').catch(() => ({ status: 0 }));
}

/**
 * Hands events to the browser while the page is going away: sendBeacon per batch, falling back
 * to a keepalive fetch when it returns false (quota, or no sendBeacon). Returns the ids the beacon
 * accepted; the others (over the 64 KiB in-flight quota) stay queued for the next page.
 *
 * @example
 * addEventListener('pagehide', () => marks.add(sendBeacons(transport, '/cts/events', pending)));
 */
export function sendBeacons(transport: Transport, endpoint: string, events: readonly ClientEvent[], max: number): string[] {
  const sent: string[] = [];
  for (const batch of toBatches(events, max)) {
    let ok = false;
    try {
      ok = transport.sendBeacon!(endpoint, new Blob([batch.body], { type: TEXT }));
    } catch {
      // no sendBeacon, or it threw (a bad URL): fall through to fetch
    }
    if (ok) for (const e of batch.events) sent.push(e.eventId);
    else {
      // Not marked as sent: whether it leaves is unknowable here (over the quota it rejects
      // later), so the next page sends these again at once and the proxy drops duplicates.
      try {
        transport.fetch!(endpoint, { method: 'POST', body: batch.body, keepalive: true, headers: { 'content-type': TEXT } }).catch(() => 0);
      } catch {
        // no fetch either: the events stay queued
      }
    }
  }
  return sent;
}
