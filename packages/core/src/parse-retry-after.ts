/**
 * Reads a `Retry-After` header value: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds (never negative), or undefined when absent or unreadable. Shared by the
 * tracker (the proxy's 429) and the proxy (CTS's 429 and 503).
 *
 * @example
 * parseRetryAfter('2', Date.now());   // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now); // ms until then, or 0
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim() ?? '';
  const ms = /^\d+$/.test(text) ? +text * 1000 : Date.parse(text) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}
