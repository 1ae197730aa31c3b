import type { ClientEvent } from '@talent-beacon/core';
import { utf8ByteLength } from '@talent-beacon/core';
import type { TrackerEnv } from './tracker-env.js';
import { within } from './within.js';

/**
 * Most bytes in one request body. Chromium refuses keepalive fetches and beacons once a page has
 * more than 64 KiB of such bodies in flight (Fetch spec "keepalive" quota), so one body stays
 * under 60 KB and leaves room for the headers' share.
 */
export const MAX_BODY_BYTES = 60_000;

/** One request: its events' ids, in order, and the body that carries the events. */
export interface Batch {
  ids: string[];
  body: string;
}

/**
 * Splits events, in order, into request bodies of at most `max` events and
 * {@link MAX_BODY_BYTES} bytes of UTF-8 each: `{"events":[…],"sentAt":1767268800000}` (design
 * §5). `sentAt` is the device's clock (epoch ms) as the batch leaves: the caller sends the
 * bodies at once. The proxy compares it with its own clock and, when the device's is off,
 * re-dates each event by the time it waited here (sentAt - createTime, both on this clock).
 *
 * @example
 * toBatches(events, 20, Date.now()).map((b) => b.ids.length); // [20, 20, 7]
 */
export function toBatches(events: readonly ClientEvent[], max: number, sentAt: number): Batch[] {
  const batches: Batch[] = [];
  let current: string[] = [];
  let parts: string[] = [];
  // The body's frame, sentAt included (16 digits at most)
  let bytes = 40;
  const close = () => {
    if (current.length) batches.push({ ids: current, body: `{"events":[${parts.join()}],"sentAt":${sentAt}}` });
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = utf8ByteLength(json) + 1;
    if (current.length >= max || bytes + size > MAX_BODY_BYTES) {
      close();
      current = [];
      parts = [];
      bytes = 40;
    }
    current.push(event.eventId);
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
export const TEXT = 'text/plain;charset=UTF-8';

/** One result of the proxy's reply (docs/design.md §5). */
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
 * of a flush, a closing tab); bodies are already under the keepalive limit. Credentials are
 * fetch's default, 'same-origin'. Never rejects.
 *
 * @example
 * const reply = await sendBatch(env, '/cts/events', {}, toBatches(events, 20)[0], 30_000);
 * if (reply.results) forget(reply.results.filter((r) => r.status != 'retry'));
 */
export function sendBatch(
  env: TrackerEnv,
  endpoint: string,
  headers: Record<string, string> | undefined,
  batch: Batch,
  timeout: number,
): Promise<Reply> {
  // Called at once, but a missing or throwing fetch (a page's wrapper) rejects instead of
  // throwing into a pagehide or visibilitychange listener of the host page.
  const request = new Promise<Response>((resolve) => {
    if (!env.fetch) throw Error(); // (no message: the reply is status 0 either way)
    resolve(
      env.fetch(endpoint, {
        method: 'POST',
        body: batch.body,
        keepalive: true,
        headers: { ...headers, 'content-type': TEXT },
      }),
    );
  }).then(async (response): Promise<Reply> => {
    // Any JSON, or none (0): a number or string has no results either; only an array counts.
    const results =
      response.status == 200
        ? ((await response.json().catch(() => 0)) as { results?: unknown } | null)?.results
        : undefined;
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      results: Array.isArray(results) ? results : undefined,
    };
  });
  return within(env, request, timeout, 'request').catch(() => ({ status: 0 }));
}
