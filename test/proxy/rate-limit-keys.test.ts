// The rate limits keep at most maxKeys clients (50,000 by default in the proxy): a flood from
// fresh addresses forgets the least recent clients instead of growing memory without bound
// (measured with bench/proxy-memory.js: two full limits take about 17 MB of heap).
import { describe, expect, it } from 'vitest';
import { createRateLimit } from '../../packages/talent-beacon-server/src/proxy/create-rate-limit.js';

describe('createRateLimit key bound', () => {
  it('remembers at most maxKeys clients, forgetting the least recent first', () => {
    const limit = createRateLimit({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 100 });
    expect(limit('first')).toEqual({ allowed: true });
    expect(limit('first').allowed).toBe(false);
    for (let i = 0; i < 1000; i++) expect(limit(`198.51.${i >> 8}.${i & 255}`)).toEqual({ allowed: true });
    // 'first' was pushed out by 1,000 newer clients: its spent window is forgotten.
    expect(limit('first')).toEqual({ allowed: true });
    // The newest clients are still remembered and limited.
    expect(limit('198.51.3.231').allowed).toBe(false);
  });
});
