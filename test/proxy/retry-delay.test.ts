import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  parseRetryAfter,
  parseRetryInfo,
  retryDelay,
} from '../../packages/talent-beacon-server/src/proxy.js';

const info = (retryDelay: unknown) => ({
  error: {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }],
  },
});

describe('retry delays', () => {
  it('reads Retry-After as seconds or an HTTP date, ignoring junk', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
  it('reads google.rpc.RetryInfo durations, in JSON and object form', () => {
    expect(parseRetryInfo(info('1s'))).toBe(1000);
    expect(parseRetryInfo(info('0.25s'))).toBe(250);
    expect(parseRetryInfo(info({ seconds: 2, nanos: 5e8 }))).toBe(2500);
    expect(parseRetryInfo(info('1 minute'))).toBeUndefined();
    expect(
      parseRetryInfo({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo' }] } }),
    ).toBeUndefined();
    expect(parseRetryInfo('not json')).toBeUndefined();
    expect(parseRetryInfo(null)).toBeUndefined();
  });
  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(0, 200, 2000, () => 1)).toBe(200);
    expect(backoffDelay(3, 200, 2000, () => 1)).toBe(1600);
    expect(backoffDelay(10, 200, 2000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 200, 2000, () => 0.5)).toBe(800);
    expect(backoffDelay(3, 200, 2000, () => 0)).toBe(0);
  });
  it('prefers Retry-After, then RetryInfo, then backoff', () => {
    const base = { attempt: 2, baseMs: 100, maxMs: 1000, now: 0, random: () => 1 };
    expect(retryDelay({ ...base, retryAfter: '4', body: info('1s') })).toEqual({ ms: 4000, fromServer: true });
    expect(retryDelay({ ...base, retryAfter: null, body: info('1s') })).toEqual({ ms: 1000, fromServer: true });
    expect(retryDelay({ ...base, body: {} })).toEqual({ ms: 400, fromServer: false });
  });
});
