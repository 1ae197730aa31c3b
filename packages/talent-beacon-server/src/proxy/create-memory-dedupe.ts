import { LRUCache } from 'lru-cache';
import { checkOptions } from '@talent-beacon/core';
import type { ClaimOptions, ClaimResult, DedupeStore } from './proxy-types.js';

/** Options of {@link createMemoryDedupe}. */
export interface MemoryDedupeOptions {
  /** Most eventIds remembered (default 100000, about 16 MB of heap with 21-character ids, measured); the least recently used go first. */
  max?: number;
  /**
   * Most heap the remembered eventIds may take, estimated as {@link MEMORY_DEDUPE_ENTRY_BYTES}
   * plus 2 bytes per UTF-16 unit of the id (default 32 MiB): long ids (the core allows 255 bytes;
   * a store used without it, any length) evict the least recently used early instead of growing
   * the heap. With 21-character ids `max` binds first; with 255-character ids about 52,000 fit.
   */
  maxBytes?: number;
  /** How long an in-flight claim lasts if never completed or released, when the caller gives no `ttlMs` (default 120000; the proxy gives its batch deadline + 2 s). */
  inFlightTtlMs?: number;
  /** How long a forwarded eventId is remembered (default 3 days + 5 minutes: the proxy's createTime window). */
  doneTtlMs?: number;
  /** The clock (default performance.now via lru-cache); for tests. */
  now?: () => number;
}

/** The heap an entry of the memory dedupe store takes besides its id (measured: ~135 bytes). */
export const MEMORY_DEDUPE_ENTRY_BYTES = 136;

/**
 * The default dedupe store: an in-memory LRU with per-entry TTL (lru-cache). Exactly-once holds
 * within one process; for several proxy instances use {@link createRedisDedupe}. Under more
 * than `max` distinct events per window the oldest ids are evicted early and a late repeat of
 * one could be forwarded again; size `max` to your traffic.
 *
 * @example
 * const dedupe = createMemoryDedupe({ max: 50_000 });
 * await dedupe.claim('ev-1'); // 'claimed'
 * await dedupe.claim('ev-1'); // 'in-flight'
 */
export function createMemoryDedupe(options: MemoryDedupeOptions = {}): DedupeStore {
  checkOptions('createMemoryDedupe', options, {
    max: { kind: 'number', min: 1, integer: true },
    maxBytes: { kind: 'number', min: 1024, integer: true },
    inFlightTtlMs: { kind: 'number', min: 1 },
    doneTtlMs: { kind: 'number', min: 1 },
    now: { kind: 'function' },
  });
  const inFlightTtl = options.inFlightTtlMs ?? 120_000;
  const doneTtl = options.doneTtlMs ?? 3 * 86_400_000 + 300_000;
  const now = options.now;
  const cache = new LRUCache<string, 'in-flight' | 'done'>({
    max: options.max ?? 100_000,
    maxSize: options.maxBytes ?? 32 * 1024 * 1024,
    sizeCalculation: (_value, key) => MEMORY_DEDUPE_ENTRY_BYTES + 2 * key.length,
    ttlAutopurge: false,
    // lru-cache reads the clock through `perf`: an object with now().
    // ttlResolution 0: read the injected clock every time instead of caching it for 1 ms.
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  });
  return {
    // Synchronous check-and-set inside one event-loop turn: atomic for this process.
    claim(eventId: string, claimOptions?: ClaimOptions): Promise<ClaimResult> {
      const seen = cache.get(eventId);
      if (seen) return Promise.resolve(seen);
      cache.set(eventId, 'in-flight', { ttl: Math.max(1, claimOptions?.ttlMs ?? inFlightTtl) });
      return Promise.resolve('claimed');
    },
    complete(eventId: string): Promise<void> {
      cache.set(eventId, 'done', { ttl: doneTtl });
      return Promise.resolve();
    },
    release(eventId: string): Promise<void> {
      if (cache.get(eventId) === 'in-flight') cache.delete(eventId);
      return Promise.resolve();
    },
  };
}
