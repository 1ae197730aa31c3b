import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY, retryDelay } from '../../packages/talent-beacon/src/tracker/retry-delay.js';

describe('retryDelay', () => {
  it('doubles per failure with equal jitter, capped at 5 minutes', () => {
    expect(retryDelay(0, 1000, () => 0, null, 0)).toBe(500);
    expect(retryDelay(0, 1000, () => 1, null, 0)).toBe(1000);
    expect(retryDelay(3, 1000, () => 0, null, 0)).toBe(4000);
    expect(retryDelay(3, 1000, () => 1, null, 0)).toBe(8000);
    expect(retryDelay(40, 1000, () => 1, null, 0)).toBe(MAX_RETRY_DELAY);
    expect(retryDelay(0, 1000, () => 0.3, null, 0)).toBe(650); // whole ms: onError's message says it
    expect(retryDelay(1, 1, () => 0.1234, null, 0)).toBe(1);
  });
  it('honours Retry-After in seconds or as an HTTP date, ignores garbage', () => {
    expect(retryDelay(5, 1000, () => 0, '7', 0)).toBe(7000);
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryDelay(0, 1000, () => 0, 'Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryDelay(0, 1000, () => 0, 'soon', now)).toBe(500);
    expect(retryDelay(0, 1000, () => 0, '0', now)).toBe(500);
    expect(retryDelay(0, 1000, () => 0, '86400', now)).toBe(MAX_RETRY_DELAY);
  });
});
