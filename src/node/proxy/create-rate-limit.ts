import { LRUCache } from 'lru-cache';

/** The answer of a rate limit for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A per-key (client IP) fixed-window request limit, held in a bounded LRU so that many distinct
 * addresses cannot grow memory without bound (the least recent ones are forgotten first).
 * A fixed window is enough here: its worst case, 2x the limit across a window edge, is harmless
 * for event batches, and it needs one counter per IP.
 *
 * @example
 * const limit = createRateLimit({ limit: 120, windowMs: 60_000, now: Date.now });
 * limit('203.0.113.7'); // { allowed: true }
 */
export function createRateLimit(options: { limit: number; windowMs: number; now: () => number; maxKeys?: number }): (key: string) => RateDecision {
  const { limit, windowMs, now } = options;
  const windows = new LRUCache<string, { start: number; count: number }>({ max: options.maxKeys ?? 50_000 });
  return (key) => {
    if (limit <= 0) return { allowed: true };
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (w.count >= limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    w.count++;
    return { allowed: true };
  };
}
