import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import { fakeProxy, hookTransactions, JOB, testEnv, settle } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('delivery faults', () => {
  it('a request that never settles counts as failed after 30 s: the lock is freed and the events are sent again', async () => {
    const proxy = fakeProxy();
    let calls = 0;
    const fetch = ((url: string, init: RequestInit) =>
      ++calls == 1 ? new Promise<Response>(() => {}) : proxy.fetch(url, init)) as typeof globalThis.fetch;
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 100, onError: (e) => errors.push(e.message) },
      testEnv({ fetch }),
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(29_000);
    expect(calls).toBe(1); // still waiting for the stalled request
    await settle(2_000);
    expect(errors[0]).toMatch(/network error, retry in/);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('an answered request leaves no timer behind (a pending stall timer kept each Response alive for 30 s)', async () => {
    const proxy = fakeProxy();
    const tracker = createTracker({ endpoint: '/e', flushInterval: 10 }, testEnv({ fetch: proxy.fetch }));
    tracker.view({ job: JOB, requestId: 'r' });
    await tracker.flush();
    await settle(5_000); // past the 3 s IndexedDB open timeout, which is not cleared
    expect(proxy.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
  it('an idle tab sends what a closed tab beaconed once the grace ends, woken by the storage event of its marks', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ sendBeacon: () => true });
    const idle = { ...env, fetch: proxy.fetch, target: new EventTarget() };
    createTracker({ endpoint: '/e', flushInterval: 60_000 }, idle);
    await settle(); // its first look at the queue: nothing there yet
    const closing = { ...env, fetch: () => Promise.reject(new TypeError('offline')), target: new EventTarget() };
    const tab = createTracker({ endpoint: '/e', flushInterval: 60_000, onError: () => {} }, closing);
    const id = tab.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(); // written to the shared IndexedDB
    closing.target.dispatchEvent(new Event('pagehide')); // beaconed and marked in localStorage
    await tab.destroy();
    idle.target.dispatchEvent(Object.assign(new Event('storage'), { key: 'talent-beacon:beacon' }));
    await settle(10_000);
    expect(proxy.requests).toEqual([]); // the beacon may have arrived: wait the grace first
    await settle(25_000);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('an event the reply leaves out is kept and sent again, like a retry', async () => {
    const partial = (events: { eventId: string }[]) =>
      Response.json({ results: [{ eventId: events[0]!.eventId, status: 'accepted' }] });
    const proxy = fakeProxy([partial]);
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 100, onError: () => {} },
      testEnv({ fetch: proxy.fetch }),
    );
    const ids = [
      tracker.view({ job: JOB, requestId: 'r' }).eventId,
      tracker.view({ job: JOB, requestId: 'r' }).eventId,
    ];
    await settle(1_000);
    const [first, second, ...more] = proxy.requests.map((r) => r.map((e) => e.eventId));
    expect(new Set(first)).toEqual(new Set(ids)); // same createTime: IndexedDB order, not tracking order
    expect(second).toEqual([first![1]]); // the one the reply did not mention
    expect(more).toEqual([]);
  });
  it('delivers when Web Locks refuses the request (opaque origin: sandboxed iframe, SecurityError)', async () => {
    const proxy = fakeProxy();
    const locks = {
      request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
    } as unknown as LockManager;
    const tracker = createTracker(
      { endpoint: '/e', onError: () => {} },
      testEnv({ fetch: proxy.fetch, locks, indexedDB: undefined }),
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await tracker.flush();
    await settle(10_000);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('delivers from memory where indexedDB.open() throws (an opaque origin denies IndexedDB)', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: proxy.fetch });
    env.indexedDB!.open = () => {
      throw new DOMException('access to the Indexed Database API is denied in this context', 'SecurityError');
    };
    const errors: string[] = [];
    const tracker = createTracker({ endpoint: '/e', onError: (e) => errors.push(e.message) }, env);
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle();
    await tracker.flush();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
    expect(errors.some((m) => /IndexedDB failed/.test(m))).toBe(true);
  });
  it('a malformed record in IndexedDB neither blocks delivery nor stays forever: dropped and reported', async () => {
    const env = testEnv();
    // What another script or an older build may have left under the same database name.
    await new Promise<void>((resolve, reject) => {
      const request = env.indexedDB!.open('talent-beacon');
      request.onupgradeneeded = () => request.result.createObjectStore('events');
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      request.onsuccess = () => {
        const tx = request.result.transaction('events', 'readwrite');
        tx.objectStore('events').put(null, 'junk');
        tx.objectStore('events').put({ eventId: 'noTime' }, 'noTime');
        tx.oncomplete = () => (request.result.close(), resolve());
      };
    });
    const proxy = fakeProxy();
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', onError: (e) => errors.push(e.message) },
      { ...env, fetch: proxy.fetch },
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle();
    await tracker.flush();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
    expect(errors).toEqual(['talent-beacon: dropped 1 events (maxAge)']);
  });
  it('events answered after IndexedDB failed mid-session are not sent again by the next page', async () => {
    let online = false;
    const proxy = fakeProxy();
    const env = testEnv({
      fetch: (url, init) => (online ? proxy.fetch(url, init) : Promise.reject(new TypeError('offline'))),
    });
    let broken = false;
    hookTransactions(env.indexedDB!, (transaction, ...args) => {
      if (broken) throw new DOMException('Connection is closing.', 'InvalidStateError');
      return transaction(...args);
    });
    const errors: string[] = [];
    const first = createTracker({ endpoint: '/e', flushInterval: 60_000, onError: (e) => errors.push(e.message) }, env);
    first.view({ job: JOB, requestId: 'r' });
    await settle(); // written to IndexedDB; the start-up flush failed (offline)
    broken = true;
    online = true;
    await first.flush(); // IndexedDB fails twice: memory from now on; the proxy accepts the event
    expect(proxy.requests.flat()).toHaveLength(1);
    expect(errors.some((m) => /IndexedDB failed/.test(m))).toBe(true);
    await first.destroy();
    broken = false;
    const next = createTracker({ endpoint: '/e', flushInterval: 60_000 }, { ...env, target: new EventTarget() });
    await next.flush();
    await settle(60_000);
    expect(proxy.requests.flat()).toHaveLength(1);
  });
  it('events sent by beacon are sent again when their 30 s grace ends, not 30 s after the next page opened', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: () => Promise.reject(new TypeError('offline')), sendBeacon: () => true });
    const first = createTracker({ endpoint: '/e', flushInterval: 600_000 }, env);
    const id = first.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(); // written to IndexedDB
    env.target.dispatchEvent(new Event('pagehide'));
    await first.destroy();
    await settle(20_000); // the beacon got lost; the next page opens 20 s later
    const next = createTracker(
      { endpoint: '/e', flushInterval: 600_000 },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await settle(5_000);
    expect(proxy.requests).toEqual([]); // still within the grace
    await settle(6_000); // 31 s after the beacon
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
    await next.destroy();
  });
  it('links learned before consent survive setConsent(true) when another tab stored links meanwhile', async () => {
    const env = testEnv({ fetch: fakeProxy().fetch });
    const page = createTracker({ endpoint: '/e', consent: false, onError: () => {} }, env);
    const impression = page.impression({ requestId: 'r1', jobs: [JOB] });
    await settle();
    expect(env.localStorage!.getItem('talent-beacon:links')).toBe(null);
    const other = createTracker({ endpoint: '/e', onError: () => {} }, { ...env, target: new EventTarget() });
    other.impression({ requestId: 'r2', jobs: [`${JOB}2`] });
    await settle();
    page.setConsent(true);
    expect(page.view({ job: JOB }).parentEventId).toBe(impression.eventId);
    await settle();
    expect(env.localStorage!.getItem('talent-beacon:links')).toContain(impression.eventId);
    expect(other.view({ job: `${JOB}2` }).requestId).toBe('r2'); // the other tab's links stay too
  });
  it("two trackers sharing one localStorage keep each other's links when both remember in the same task", async () => {
    const env = testEnv({ fetch: fakeProxy().fetch });
    const a = createTracker({ endpoint: '/e', onError: () => {} }, env);
    const b = createTracker({ endpoint: '/e', onError: () => {} }, { ...env, target: new EventTarget() });
    const fromA = a.impression({ requestId: 'r1', jobs: [JOB] });
    const fromB = b.impression({ requestId: 'r2', jobs: [`${JOB}2`] }); // both saves run in the same microtask checkpoint
    await settle();
    const stored = env.localStorage!.getItem('talent-beacon:links')!;
    expect(stored).toContain(fromA.eventId);
    expect(stored).toContain(fromB.eventId);
  });
  it('a queued record with an unreadable createTime is dropped, and maxQueue still drops the oldest of the others', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: () => Promise.reject(new TypeError('offline')) });
    const first = createTracker({ endpoint: '/e', flushInterval: 600_000, onError: () => {} }, env);
    const made = [0, 1, 2].map((i) => {
      vi.setSystemTime(Date.now() + 1000);
      return first.view({ job: `${JOB}${i}`, requestId: 'r' });
    });
    await settle(); // written
    await first.destroy();
    // Another record under a key that sorts between them, whose createTime no Date reads.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = env.indexedDB!.open('talent-beacon');
      r.onsuccess = () => resolve(r.result);
    });
    const keys = made.map((e) => e.eventId).sort();
    await new Promise((resolve) => {
      const tx = db.transaction('events', 'readwrite');
      tx.objectStore('events').put({ ...made[0], eventId: keys[0] + '~', createTime: 'garbage' }, keys[0] + '~');
      tx.oncomplete = resolve;
    });
    db.close();
    const errors: string[] = [];
    const next = createTracker(
      { endpoint: '/e', maxQueue: 2, onError: (e) => errors.push(e.message) },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await next.flush();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([made[1]!.eventId, made[2]!.eventId]);
    await next.destroy();
  });
  it('consent: false stores no links in localStorage until setConsent(true), and keeps them in memory meanwhile', async () => {
    const proxy = fakeProxy();
    const env = testEnv({ fetch: proxy.fetch });
    const tracker = createTracker({ endpoint: '/e', consent: false }, env);
    const impression = tracker.impression({ requestId: 'r', jobs: [JOB] });
    expect(tracker.view({ job: JOB }).parentEventId).toBe(impression.eventId);
    await settle(10_000);
    expect(env.localStorage!.getItem('talent-beacon:links')).toBe(null);
    tracker.setConsent(true);
    const apply = tracker.track({ type: 'APPLICATION_START', jobs: [JOB] }); // the link made before consent
    expect(apply.requestId).toBe('r');
    await settle();
    expect(env.localStorage!.getItem('talent-beacon:links')).toContain(apply.eventId);
    expect(env.localStorage!.getItem('talent-beacon:links')).toContain(impression.eventId);
  });
  it('at pagehide over the beacon quota, the events not yet in IndexedDB leave first (the others stay for the next page)', async () => {
    const beacons: string[][] = [];
    const env = testEnv({
      fetch: () => Promise.reject(new TypeError('offline')),
      // The keepalive quota (64 KiB in flight): here one beacon fits, the rest is refused.
      sendBeacon: (_url, data) => {
        if (beacons.length) return false;
        beacons.push([]);
        void (data as Blob)
          .text()
          .then((t) => beacons[0]!.push(...JSON.parse(t).events.map((e: { eventId: string }) => e.eventId)));
        return true;
      },
    });
    const tracker = createTracker({ endpoint: '/e', flushInterval: 600_000, onError: () => {} }, env);
    for (let i = 0; i < 40; i++) tracker.view({ job: JOB, requestId: 'r' });
    await settle(1000); // written to IndexedDB
    const last = tracker.view({ job: JOB, requestId: 'r' }).eventId; // its write cannot finish: the page goes
    env.target.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(beacons[0]).toContain(last);
  });
  it('a lost connection under several pending operations is reopened once for all of them, not taken as a second failure', async () => {
    const env = testEnv();
    const factory = env.indexedDB!;
    const open = factory.open.bind(factory);
    let opened = 0;
    factory.open = (name: string) => {
      const request = open(name);
      const n = ++opened;
      request.addEventListener('success', () => {
        const db = request.result;
        const tx = db.transaction.bind(db);
        // The first connection is closing (Safari closes idle ones): every transaction fails.
        db.transaction = ((...args: Parameters<typeof tx>) => {
          if (n === 1) throw new DOMException('Connection is closing.', 'InvalidStateError');
          return tx(...args);
        }) as typeof db.transaction;
      });
      return request;
    };
    const proxy = fakeProxy();
    const errors: string[] = [];
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 600_000, onError: (e) => errors.push(e.message) },
      { ...env, fetch: proxy.fetch },
    );
    tracker.view({ job: JOB, requestId: 'r' });
    void tracker.flush(); // its write and the flush's read both meet the closing connection
    await settle(1000);
    expect(errors).toEqual([]);
    expect(proxy.requests.flat()).toHaveLength(1);
  });
});
