import { LRUCache } from 'lru-cache';

/** The answer of a rate limit for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A per-key (client) fixed-window limit, held in a bounded LRU so that many distinct
 * addresses cannot grow memory without bound (the least recent ones are forgotten first; keys
 * are short, see clientKey). Each call spends `cost` (1 for a request, the body's event count
 * for the event limit); a call that would go over the limit spends nothing and is refused.
 * A fixed window is enough here: its worst case, 2x the limit across a window edge, is harmless
 * for event batches, and it needs one counter per key.
 *
 * @example
 * const limit = createRateLimit({ limit: 120, windowMs: 60_000, now: Date.now });
 * limit('203.0.113.7'); // { allowed: true }
 * limit('203.0.113.7', 100); // spends 100
 */
export function createRateLimit(options: {
  limit: number;
  windowMs: number;
  now: () => number;
  maxKeys?: number;
}): (key: string, cost?: number) => RateDecision {
  const { limit, windowMs, now } = options;
  const windows = new LRUCache<string, { start: number; count: number }>({ max: options.maxKeys ?? 50_000 });
  return (key, cost = 1) => {
    if (limit <= 0) return { allowed: true };
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    if (w.count + cost > limit)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    w.count += cost;
    return { allowed: true };
  };
}
