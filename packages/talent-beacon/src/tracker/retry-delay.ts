import { parseRetryAfter } from '@talent-beacon/core';

/** Longest wait between two attempts, Retry-After included: an event should not wait for hours. */
export const MAX_RETRY_DELAY = 300_000;

/**
 * How long to wait before the next attempt after `attempt` failures in a row (0 = first failure):
 * the server's `Retry-After` (seconds or an HTTP date) when it sent a usable one, otherwise
 * exponential backoff from `base` with "equal jitter" (half fixed, half random) so that many
 * tabs and visitors coming back online do not retry in lockstep. Capped at 5 minutes (a huge
 * `attempt` makes an Infinity that the cap takes too).
 *
 * @example
 * retryDelay(0, 1000, Math.random, null, Date.now());  // 500..1000
 * retryDelay(3, 1000, Math.random, null, Date.now());  // 4000..8000
 * retryDelay(0, 1000, Math.random, '7', Date.now());   // 7000
 */
export function retryDelay(
  attempt: number,
  base: number,
  random: () => number,
  retryAfter: string | null | undefined,
  now: number,
): number {
  const wanted = parseRetryAfter(retryAfter, now) ?? 0;
  // Whole milliseconds: the delay is also what onError's message says (`retry in 576 ms`).
  return Math.round(Math.min(MAX_RETRY_DELAY, wanted > 0 ? wanted : base * 2 ** attempt * (0.5 + random() / 2)));
}
