import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import type { ClientEvent } from '../../packages/core/src/index.js';
import { fakeProxy, hookTransactions, JOB, settle, testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

/** A proxy that answers `retry` for the events in `stuck` and accepts the others. */
function stuckProxy(stuck: Set<string>) {
  const proxy = fakeProxy();
  const fetch = async (url: string, init: RequestInit) => {
    const events = JSON.parse(init.body as string).events as ClientEvent[];
    if (!events.some((e) => stuck.has(e.eventId))) return proxy.fetch(url, init);
    proxy.requests.push(events);
    const accepted = (
      await proxy
        .fetch(url, { ...init, body: JSON.stringify({ events: events.filter((e) => !stuck.has(e.eventId)) }) })
        .then((r) => r.json())
    ).results;
    proxy.requests.pop(); // the inner call recorded the accepted part again
    return Response.json({
      results: [
        ...events.filter((e) => stuck.has(e.eventId)).map((e) => ({ eventId: e.eventId, status: 'retry' })),
        ...accepted,
      ],
    });
  };
  return { ...proxy, fetch };
}

describe('an event answered retry waits on its own (no head-of-line blocking)', () => {
  it('20 events the proxy answers retry forever hold back none of the 40 newer ones', async () => {
    const stuck = new Set<string>();
    const proxy = stuckProxy(stuck);
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', batchSize: 20, retryDelay: 1000, onError: (e) => errors.push(e.message) },
      testEnv({ fetch: proxy.fetch }),
    );
    const view = () => tracker.view({ job: JOB, requestId: 'r' }).eventId;
    for (let i = 0; i < 20; i++) stuck.add(view());
    await settle(100); // the oldest 20 went out and were answered retry
    expect(proxy.requests).toHaveLength(1);
    const newer = Array.from({ length: 40 }, view);
    await settle(3_000);
    expect(newer.filter((id) => !proxy.seen.has(id))).toEqual([]); // all 40 through, at once
    expect([...stuck].every((id) => !proxy.seen.has(id))).toBe(true);
    // The stuck ones kept being tried, each on its own growing delay.
    await settle(60_000);
    const times = proxy.requests
      .map((r, i) => (r.some((e) => stuck.has(e.eventId)) ? proxy.times[i]! : -1))
      .filter((t) => t >= 0);
    expect(times.length).toBeGreaterThanOrEqual(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(1).every((g, i) => g >= gaps[i]!)).toBe(true); // backoff grows per event
    expect(errors.some((m) => /proxy answered retry for 20 events/.test(m))).toBe(true);
    expect(errors.some((m) => /HTTP|network error/.test(m))).toBe(false); // no queue-wide backoff
  });
  it('flush() sends the waiting events too, after the others', async () => {
    const stuck = new Set<string>();
    const proxy = stuckProxy(stuck);
    const tracker = createTracker(
      { endpoint: '/e', batchSize: 5, retryDelay: 60_000, onError: () => {} },
      testEnv({ fetch: proxy.fetch }),
    );
    const view = () => tracker.view({ job: JOB, requestId: 'r' }).eventId;
    for (let i = 0; i < 5; i++) stuck.add(view());
    await settle(100);
    await settle(1); // a new millisecond: the next events are younger
    const fresh = Array.from({ length: 3 }, view);
    proxy.requests.length = 0;
    await tracker.flush();
    const order = proxy.requests.flatMap((r) => r.map((e) => e.eventId));
    expect(order.slice(0, 3)).toEqual(fresh); // the due ones first (a 45 s backoff holds the others)
    expect(new Set(order.slice(3))).toEqual(stuck); // then the waiting ones, in the same flush
  });
  it('a failed request backs off the whole queue, and anything getting through ends that backoff', async () => {
    const proxy = fakeProxy([503, 503]);
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 1000, onError: (e) => errors.push(e.message) },
      testEnv({ fetch: proxy.fetch }),
    );
    tracker.view({ job: JOB, requestId: 'r' });
    await settle(100);
    expect(errors).toEqual(['talent-beacon: HTTP 503, retry in 750 ms']);
    await tracker.flush(); // 503 again: 1500 ms
    await tracker.flush(); // through: the backoff is over
    tracker.view({ job: JOB, requestId: 'r' });
    await settle(50); // sent after its 10 ms flushInterval, not after a leftover 1500 ms
    expect(proxy.requests.map((r) => r.length)).toEqual([1, 1, 1, 1]);
  });
});

describe('every await of a flush is bounded', () => {
  it('a 200 whose body never ends counts as failed after 30 s, and the events go again', async () => {
    const proxy = fakeProxy();
    let calls = 0;
    const fetch = (async (url: string, init: RequestInit) =>
      ++calls == 1
        ? new Response(new ReadableStream({ start() {} }), { status: 200 })
        : proxy.fetch(url, init)) as typeof globalThis.fetch;
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 100, onError: (e) => errors.push(e.message) },
      testEnv({ fetch }),
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(29_000);
    expect(calls).toBe(1); // the body is still being read
    await settle(2_000);
    expect(errors[0]).toMatch(/network error, retry in/);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('IndexedDB transactions that never settle fail over to memory within seconds, and the events are delivered', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: proxy.fetch });
    // Every transaction's requests stay pending forever (Safari; a frozen page).
    const pending = () => new Proxy({}, { get: (_t, key) => (key === 'transaction' ? {} : () => ({})) });
    hookTransactions(env.indexedDB!, () => ({ objectStore: pending }) as unknown as IDBTransaction);
    const errors: string[] = [];
    const tracker = createTracker({ endpoint: '/e', flushInterval: 10, onError: (e) => errors.push(e.message) }, env);
    const ids = [
      tracker.view({ job: JOB, requestId: 'r' }).eventId,
      tracker.view({ job: JOB, requestId: 'r' }).eventId,
    ];
    await settle(10_000);
    expect(errors).toContain(
      'talent-beacon: IndexedDB failed (Error: IndexedDB timed out): queueing in memory for this page',
    );
    expect(
      proxy.requests
        .flat()
        .map((e) => e.eventId)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
