import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import { ClientEventError, ConfigError } from '../../packages/core/src/index.js';
import { fakeProxy, hookTransactions, JOB, testEnv, type Answer, settle } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

function setup(answers: Answer[] = [], options: Record<string, unknown> = {}) {
  const proxy = fakeProxy(answers);
  const errors: string[] = [];
  const env = testEnv({ fetch: proxy.fetch });
  const tracker = createTracker({ endpoint: '/e', onError: (e) => errors.push(e.message), ...options }, env);
  const views = (n: number) =>
    Array.from({ length: n }, (_, i) => tracker.view({ job: `${JOB}${i}`, requestId: 'r' }).eventId);
  return { proxy, errors, env, tracker, views, sent: () => proxy.requests.map((r) => r.length) };
}

describe('createTracker: options and events', () => {
  it('rejects bad options with ConfigError naming the option', () => {
    expect(() => createTracker({} as never)).toThrow(/option "endpoint" is required/);
    expect(() => createTracker({ endpoint: '/e', batchsize: 3 } as never)).toThrow(
      /unknown option "batchsize" \(did you mean "batchSize"\?\)/,
    );
    expect(() => createTracker({ endpoint: '/e', batchSize: 0 })).toThrow(ConfigError);
    expect(() => createTracker({ endpoint: 7 } as never)).toThrow(/must be a string/);
  });
  it('validates synchronously, throws ClientEventError and queues nothing for bad input', async () => {
    const { tracker, sent } = setup();
    expect(() => tracker.view({ job: 'jobs/1', requestId: 'r' })).toThrow(ClientEventError);
    expect(() => tracker.view({ job: JOB })).toThrow(/requestId/);
    expect(() => tracker.track(null as never)).toThrow(ClientEventError);
    expect(() => tracker.view({ job: JOB, requestId: 'r', extraInfo: { a: {} as never } })).toThrow(/extraInfo/);
    await tracker.flush();
    expect(sent()).toEqual([]);
  });
  it('builds the event: id, time, converted extraInfo with __proto__ as an own key', () => {
    const { tracker } = setup();
    vi.setSystemTime(Date.parse('2026-11-22T10:00:00Z'));
    const extraInfo = JSON.parse('{"__proto__":"x","n":3,"b":true}');
    const e = tracker.track({ type: 'APPLICATION_START', jobs: [JOB], requestId: 'r', parentEventId: 'p', extraInfo });
    expect(e).toEqual({
      eventId: e.eventId,
      parentEventId: 'p',
      requestId: 'r',
      createTime: '2026-11-22T10:00:00.000Z',
      extraInfo: JSON.parse('{"__proto__":"x","n":"3","b":"true"}'),
      jobEvent: { type: 'APPLICATION_START', jobs: [JOB] },
    });
    expect(Object.keys(e.extraInfo!)).toEqual(['__proto__', 'n', 'b']);
    expect(e.extraInfo!.n).toBe('3');
    expect('parentEventId' in tracker.view({ job: JOB, requestId: 'r' })).toBe(false);
  });
  it('returns the same IMPRESSION for a requestId it already reported', () => {
    const { tracker } = setup();
    const a = tracker.impression({ requestId: 'r', jobs: [JOB] });
    expect(tracker.impression({ requestId: 'r', jobs: [JOB] })).toBe(a);
  });
  it('works without a window (SSR): no timers, no listeners, no throw', async () => {
    const tracker = createTracker({ endpoint: '/e' });
    expect(tracker.view({ job: JOB, requestId: 'r' }).eventId).toHaveLength(21);
    expect(vi.getTimerCount()).toBe(0);
    await tracker.destroy();
  });
});

describe('scheduler', () => {
  it('flushes when a batch is full, in one request per batchSize', async () => {
    const { views, sent } = setup([], { batchSize: 5 });
    views(12);
    await settle();
    expect(sent()).toEqual([5, 5, 2]);
  });
  it('flushes a partial batch after flushInterval, not before', async () => {
    const { views, sent } = setup([], { flushInterval: 5000 });
    await settle(); // the start-up flush finds nothing
    views(3);
    await settle(4000);
    expect(sent()).toEqual([]);
    await settle(1000);
    expect(sent()).toEqual([3]);
  });
  it('flushes on visibilitychange to hidden and on online', async () => {
    const { views, sent, env } = setup([], { flushInterval: 60_000 });
    await settle();
    views(2);
    env.target.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(sent()).toEqual([]);
    env.document.visibilityState = 'hidden';
    env.target.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(sent()).toEqual([2]);
  });
  it('writes one IndexedDB transaction per task, however many events', async () => {
    // A proxy that never answers: no delete transaction follows the write.
    const env = testEnv({ fetch: () => new Promise<Response>(() => {}) });
    const transactions: string[] = [];
    hookTransactions(
      env.indexedDB!,
      (transaction, stores, mode, options) => (
        transactions.push(mode ?? 'readonly'),
        transaction(stores, mode, options)
      ),
    );
    const tracker = createTracker({ endpoint: '/e', flushInterval: 60_000, batchSize: 1000 }, env);
    for (let i = 0; i < 300; i++) tracker.view({ job: JOB, requestId: 'r' });
    await settle();
    expect(transactions.filter((m) => m === 'readwrite')).toHaveLength(1);
  });
});

describe('replies and backoff', () => {
  it('keeps everything on 500, network errors and 503, retrying after growing delays', async () => {
    const { views, errors, proxy } = setup([500, 'network', 503, 200], { retryDelay: 1000, flushInterval: 0 });
    const start = Date.now();
    const ids = views(3);
    await settle(10_000);
    // random() = 0.5 -> 0.75 x 1000 x 2^n
    expect(proxy.times.map((t) => t - start)).toEqual([0, 750, 750 + 1500, 750 + 1500 + 3000]);
    expect(proxy.requests.map((r) => r.map((e) => e.eventId).sort())).toEqual(Array(4).fill([...ids].sort()));
    expect(errors).toEqual([
      'talent-beacon: HTTP 500, retry in 750 ms',
      'talent-beacon: network error, retry in 1500 ms',
      'talent-beacon: HTTP 503, retry in 3000 ms',
    ]);
    await settle(60_000);
    expect(proxy.requests).toHaveLength(4);
  });
  it('honours Retry-After over its own backoff', async () => {
    const { views, proxy } = setup([{ status: 429, retryAfter: '20' }], { retryDelay: 100, flushInterval: 0 });
    const start = Date.now();
    views(1);
    await settle(60_000);
    expect(proxy.times.map((t) => t - start)).toEqual([0, 20_000]);
  });
  it('a timer flush that queued up behind a 429 waits for its Retry-After', async () => {
    const proxy = fakeProxy([{ status: 429, retryAfter: '2' }]);
    const slow = (url: string, init: RequestInit) =>
      new Promise((r) => setTimeout(r, 100)).then(() => proxy.fetch(url, init));
    const tracker = createTracker({ endpoint: '/e', flushInterval: 10, retryDelay: 60_000 }, testEnv({ fetch: slow }));
    tracker.view({ job: JOB, requestId: 'r' });
    await settle(50); // the first attempt is in flight for 100 ms
    tracker.view({ job: `${JOB}2`, requestId: 'r' }); // its 10 ms timer fires during that attempt
    await settle(1000);
    expect(proxy.requests.map((r) => r.length)).toEqual([1]); // nothing before the 2 s are up
    await settle(1500);
    expect(proxy.requests.map((r) => r.length)).toEqual([1, 2]);
  });
  it('resets the backoff after a success', async () => {
    const { views, sent, tracker } = setup([500, 500, 200, 500], { retryDelay: 1000 });
    views(1);
    await tracker.flush();
    await tracker.flush();
    await tracker.flush(); // explicit flush ignores the backoff: 200
    views(1);
    await tracker.flush(); // 500 again: the delay starts from 750 ms, not 3000
    expect(sent()).toEqual([1, 1, 1, 1]);
    await settle(750);
    expect(sent()).toEqual([1, 1, 1, 1, 1]);
  });
  it('deletes accepted, duplicate and rejected events, reports rejected, keeps retry', async () => {
    const answer = (events: { eventId: string }[]) =>
      Response.json({
        results: events.map((e, i) => ({
          eventId: e.eventId,
          status: ['accepted', 'duplicate', 'rejected', 'retry'][i],
          issues: i === 2 ? ['bad'] : undefined,
        })),
      });
    const { views, tracker, proxy, errors } = setup([answer], { retryDelay: 10 });
    const ids = views(4);
    await tracker.flush();
    await settle(100);
    expect(proxy.requests.map((r) => r.map((e) => e.eventId))).toEqual([ids, [ids[3]]]);
    expect(errors[0]).toBe(`talent-beacon: proxy rejected event ${ids[2]}: ["bad"]`);
  });
  it('splits a batch answered 413 and drops the one event answered 400 alone', async () => {
    const bad = (events: { eventId: string }[], status: number) =>
      events.some((e) => e.eventId === badId) ? new Response('', { status }) : undefined;
    let badId = '';
    const proxy = fakeProxy();
    const fetch = async (url: string, init: RequestInit) => {
      const events = JSON.parse(init.body as string).events;
      return bad(events, events.length > 1 ? 413 : 400) ?? proxy.fetch(url, init);
    };
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', batchSize: 8, onError: (e) => errors.push(e.message) },
      testEnv({ fetch }),
    );
    const ids = Array.from({ length: 8 }, () => tracker.view({ job: JOB, requestId: 'r' }).eventId);
    badId = ids[5]!;
    await tracker.flush();
    expect([...proxy.seen.keys()].sort()).toEqual(ids.filter((id) => id !== badId).sort());
    expect(errors).toEqual([`talent-beacon: dropped 1 events (proxy answered 400 for it alone)`]);
    await tracker.flush();
    expect(proxy.requests.flat()).toHaveLength(7);
  });
});

describe('bounds, consent, beacon', () => {
  it('keeps at most maxQueue events and reports how many were dropped', async () => {
    const { views, tracker, errors, sent } = setup([], { maxQueue: 10, batchSize: 100 });
    const ids = views(25);
    await settle();
    await tracker.flush();
    expect(errors).toEqual(['talent-beacon: dropped 15 events (maxQueue)']);
    expect(sent()).toEqual([10]);
    expect(ids).toHaveLength(25);
  });
  it('drops events older than maxAge', async () => {
    const { views, tracker, errors, sent } = setup([], { maxAge: 60_000, flushInterval: 1e9 });
    await settle(); // the start-up flush, with nothing queued yet
    views(2);
    await settle();
    vi.setSystemTime(Date.now() + 61_000);
    await tracker.flush();
    expect(errors).toEqual(['talent-beacon: dropped 2 events (maxAge)']);
    expect(sent()).toEqual([]);
  });
  it('with consent: false, opens no IndexedDB and sends nothing until setConsent(true)', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: proxy.fetch });
    let opened = 0;
    const open = env.indexedDB!.open.bind(env.indexedDB);
    env.indexedDB!.open = (name: string) => (opened++, open(name));
    const tracker = createTracker({ endpoint: '/e', consent: false }, env);
    tracker.view({ job: JOB, requestId: 'r' });
    env.target.dispatchEvent(new Event('pagehide'));
    env.target.dispatchEvent(new Event('pageshow')); // back from the back/forward cache
    await tracker.flush();
    await settle(10_000);
    expect([opened, proxy.requests.length]).toEqual([0, 0]);
    tracker.setConsent(true);
    await tracker.flush();
    expect(proxy.requests.flat()).toHaveLength(1);
    tracker.view({ job: JOB, requestId: 'r' });
    tracker.setConsent(false);
    await tracker.flush();
    tracker.setConsent(true);
    await tracker.flush();
    expect(proxy.requests.flat()).toHaveLength(1);
  });
  it('an answered event whose IndexedDB delete was lost (the page navigated away) is deleted, not sent again, by the next page', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: () => Promise.reject(new TypeError('offline')) });
    const first = createTracker({ endpoint: '/e', flushInterval: 60_000 }, env);
    const [answered, open] = [
      first.view({ job: JOB, requestId: 'r' }).eventId,
      first.view({ job: JOB, requestId: 'r' }).eventId,
    ];
    await settle(); // both written to IndexedDB
    await first.destroy();
    // What a page leaves when the proxy answered for `answered` and the page was gone before its
    // delete committed: the event still in IndexedDB, and the mark set before the delete.
    env.localStorage!.setItem('talent-beacon:answered', JSON.stringify({ [answered]: Date.now() }));
    const next = createTracker(
      { endpoint: '/e', flushInterval: 60_000 },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await next.flush();
    await settle();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([open]);
    expect(JSON.parse(env.localStorage!.getItem('talent-beacon:answered')!)).toEqual({});
    await next.flush();
    expect(proxy.requests).toHaveLength(1); // nothing left in IndexedDB either
  });
  it('beacons unacknowledged events at pagehide, marks them, and the next page waits the grace period', async () => {
    const beacons: string[][] = [];
    const proxy = fakeProxy();
    const env = testEnv({
      fetch: () => Promise.reject(new TypeError('offline')), // the first page's fetches fail
      sendBeacon: (_url, data) => {
        void (data as Blob)
          .text()
          .then((t) => beacons.push(JSON.parse(t).events.map((e: { eventId: string }) => e.eventId)));
        return true;
      },
    });
    const first = createTracker({ endpoint: '/e', flushInterval: 60_000 }, env);
    const ids = [first.view({ job: JOB, requestId: 'r' }).eventId, first.view({ job: JOB, requestId: 'r' }).eventId];
    env.target.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(beacons).toEqual([ids]);
    await first.destroy();
    // The next page, same storage: the events are still in IndexedDB but marked.
    const next = createTracker(
      { endpoint: '/e', flushInterval: 60_000 },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await next.flush();
    expect(proxy.requests).toEqual([]);
    await settle(30_000);
    expect(
      proxy.requests
        .flat()
        .map((e) => e.eventId)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
