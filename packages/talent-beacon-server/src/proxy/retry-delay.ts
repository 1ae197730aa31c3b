import { parseRetryAfter } from '@talent-beacon/core';

export { parseRetryAfter };

/**
 * Reads `google.rpc.RetryInfo.retryDelay` from a google.rpc.Status error body (as CTS sends it
 * with 429 RESOURCE_EXHAUSTED): `{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}`.
 * The delay is a protobuf Duration in JSON: decimal seconds with an `s`. Returns milliseconds or undefined.
 *
 * @example
 * parseRetryInfo({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }] } }); // 1000
 */
export function parseRetryInfo(body: unknown): number | undefined {
  const error = (body as { error?: { details?: unknown } } | null)?.error;
  const details = error && Array.isArray(error.details) ? error.details : [];
  for (const detail of details) {
    const d = detail as { '@type'?: unknown; retryDelay?: unknown };
    if (d && d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo') {
      const delay = d.retryDelay;
      // The JSON mapping is "1.5s"; an object {seconds, nanos} appears in some client libraries.
      if (typeof delay === 'string') {
        const m = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
        if (m) return Math.round(Number(m[1]) * 1000);
      } else if (delay && typeof delay === 'object') {
        const { seconds, nanos } = delay as { seconds?: unknown; nanos?: unknown };
        const s = Number(seconds ?? 0);
        const n = Number(nanos ?? 0);
        if (Number.isFinite(s) && Number.isFinite(n)) return Math.round(s * 1000 + n / 1e6);
      }
    }
  }
  return undefined;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): a random delay in [0, min(max, base * 2^attempt)]. Full jitter spreads out clients
 * that failed together, which is what a rate limit (429) asks for.
 *
 * @example
 * backoffDelay(0, 200, 2000, Math.random); // 0..200
 * backoffDelay(5, 200, 2000, () => 1);     // 2000
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap * random());
}

/**
 * The delay before retrying an upstream call: the server's `Retry-After`, else the
 * `google.rpc.RetryInfo` of its body, else exponential backoff with jitter. `fromServer` tells
 * whether the server chose it (so a caller may refuse a delay longer than it wants to wait).
 *
 * @example
 * retryDelay({ retryAfter: null, body: rpc429, attempt: 0, baseMs: 200, maxMs: 2000, now: 0, random: Math.random });
 * // { ms: 1000, fromServer: true }
 */
export function retryDelay(input: {
  retryAfter?: string | null;
  body?: unknown;
  attempt: number;
  baseMs: number;
  maxMs: number;
  now: number;
  random: () => number;
}): { ms: number; fromServer: boolean } {
  const header = parseRetryAfter(input.retryAfter, input.now);
  if (header !== undefined) return { ms: header, fromServer: true };
  const info = parseRetryInfo(input.body);
  if (info !== undefined) return { ms: info, fromServer: true };
  return { ms: backoffDelay(input.attempt, input.baseMs, input.maxMs, input.random), fromServer: false };
}
