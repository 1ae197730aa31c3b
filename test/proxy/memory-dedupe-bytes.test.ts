// Issue 12 D6: the memory dedupe store is bounded by bytes, not only by count.
import { describe, expect, it } from 'vitest';
import {
  createMemoryDedupe,
  MEMORY_DEDUPE_ENTRY_BYTES,
} from '../../packages/talent-beacon-server/src/proxy/create-memory-dedupe.js';

describe('createMemoryDedupe: byte bound', () => {
  it('evicts the least recently used ids once their estimated size passes maxBytes, however few they are', async () => {
    const perEntry = MEMORY_DEDUPE_ENTRY_BYTES + 2 * 1000;
    const store = createMemoryDedupe({ max: 100_000, maxBytes: perEntry * 10 });
    const id = (i: number) => `${i}`.padStart(1000, 'x');
    for (let i = 0; i < 50; i++) {
      expect(await store.claim(id(i))).toBe('claimed');
      await store.complete(id(i));
    }
    // Only the 10 newest fit: the old ones were evicted by size, the count bound (100,000) never came near.
    expect(await store.claim(id(49))).toBe('done');
    expect(await store.claim(id(40))).toBe('done');
    expect(await store.claim(id(0))).toBe('claimed');
  });

  it('defaults to 32 MiB: 30 KB ids cannot hold gigabytes any more', async () => {
    const store = createMemoryDedupe();
    const big = (i: number) => `${i}-`.padEnd(30_000, 'e');
    for (let i = 0; i < 1000; i++) await store.complete(big(i)); // 60 MB of UTF-16 estimated
    expect(await store.claim(big(999))).toBe('done');
    // 32 MiB / (136 + 60,000) ≈ 557 entries: the oldest are gone.
    expect(await store.claim(big(0))).toBe('claimed');
    expect(await store.claim(big(500))).toBe('done');
  });

  it('checks the option', () => {
    expect(() => createMemoryDedupe({ maxBytes: 10 })).toThrow(/maxBytes.*at least 1024/);
  });
});
