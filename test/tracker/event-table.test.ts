// The delivery's event table (this page's events, which IndexedDB holds, each event's own retry
// state), seen through a tracker.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import type { ClientEvent } from '../../packages/core/src/index.js';
import { fakeProxy, JOB, settle, testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

/** Runs `op` on the object store of the tracker's IndexedDB database, as another tab would. */
function idb(env: ReturnType<typeof testEnv>, op: (store: IDBObjectStore) => IDBRequest | void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = env.indexedDB!.open('talent-beacon');
    request.onupgradeneeded = () => request.result.createObjectStore('events');
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    request.onsuccess = () => {
      const tx = request.result.transaction('events', 'readwrite');
      const result = op(tx.objectStore('events'));
      tx.oncomplete = () => (request.result.close(), resolve(result?.result));
    };
  });
}

/** A fetch that answers `retry` for the events in `stuck` and accepts the others. */
function stuckProxy(stuck: Set<string>) {
  const proxy = fakeProxy();
  const fetch = (url: string, init: RequestInit) => {
    const events = JSON.parse(init.body as string).events as ClientEvent[];
    proxy.requests.push(events);
    proxy.times.push(Date.now());
    return Promise.resolve(
      Response.json({
        results: events.map((e) => ({ eventId: e.eventId, status: stuck.has(e.eventId) ? 'retry' : 'accepted' })),
      }),
    );
  };
  return { ...proxy, fetch };
}

describe('the event table', () => {
  it('holds this page events in tracked order, memory-only ones first (pagehide beacons them first)', async () => {
    const beacons: Promise<string[]>[] = [];
    const env = testEnv({
      fetch: () => new Promise<Response>(() => {}),
      sendBeacon: (_url, data) => (
        beacons.push((data as Blob).text().then((t) => JSON.parse(t).events.map((e: ClientEvent) => e.eventId))),
        true
      ),
    });
    const tracker = createTracker({ endpoint: '/e', flushInterval: 600_000, onError: () => {} }, env);
    const view = () => tracker.view({ job: JOB, requestId: 'r' }).eventId;
    const a = view();
    await settle(); // written to IndexedDB
    const [b, c] = [view(), view()]; // not yet
    env.target.dispatchEvent(new Event('pagehide'));
    expect(await Promise.all(beacons)).toEqual([[b, c, a]]);
  });
  it('evicts the oldest event beyond maxQueue at the next write: reported and deleted from IndexedDB, before any run', async () => {
    const errors: string[] = [];
    const env = testEnv({ fetch: () => new Promise<Response>(() => {}) });
    const tracker = createTracker(
      { endpoint: '/e', maxQueue: 3, flushInterval: 600_000, onError: (e) => errors.push(e.message) },
      env,
    );
    const view = () => tracker.view({ job: JOB, requestId: 'r' }).eventId;
    const [a, b, c] = [view(), view(), view()];
    await settle(); // all three written; no run yet (the first comes after 5 s)
    const d = view();
    await settle();
    expect(errors).toEqual(['talent-beacon: dropped 1 events (maxQueue)']);
    const kept = ((await idb(env, (s) => s.getAllKeys())) as string[]).sort();
    expect(kept).toEqual([b, c, d].sort());
    expect(kept).not.toContain(a); // the oldest
  });
  it('gives each event answered retry its own count and due time', async () => {
    const stuck = new Set<string>();
    const proxy = stuckProxy(stuck);
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 600_000, retryDelay: 1000, onError: () => {} },
      testEnv({ fetch: proxy.fetch }),
    );
    const view = () => tracker.view({ job: JOB, requestId: 'r' }).eventId;
    const start = Date.now();
    const a = view();
    stuck.add(a);
    await tracker.flush(); // a: retry 1, due at 750 (random 0.5: 0.75 x 1000 x 2^0)
    await settle(500);
    const b = view();
    stuck.add(b);
    await tracker.flush(); // b, then a (a forced run sends the waiting too): b due at 1250, a at 2000
    await settle(6_000);
    const sentAt = (id: string) =>
      proxy.times.filter((_, i) => proxy.requests[i]!.some((e) => e.eventId == id)).map((t) => t - start);
    expect(sentAt(a)).toEqual([0, 500, 2_000, 5_000]);
    expect(sentAt(b)).toEqual([500, 1_250, 2_750, 5_750]);
  });
  it('forgets the backoff of an event no longer queued (answered through another tab)', async () => {
    const stuck = new Set<string>();
    const proxy = stuckProxy(stuck);
    const env = testEnv({ fetch: proxy.fetch });
    const tracker = createTracker({ endpoint: '/e', flushInterval: 10, retryDelay: 60_000, onError: () => {} }, env);
    // Another tab's event, in the shared queue.
    const other = { ...tracker.view({ job: JOB, requestId: 'r' }), eventId: 'another-tabs-event' };
    await settle(100);
    stuck.add(other.eventId);
    await idb(env, (s) => void s.put(other, other.eventId));
    await tracker.flush(); // answered retry: it waits 45 s
    await idb(env, (s) => void s.delete(other.eventId)); // the other tab's flush got it answered
    tracker.view({ job: JOB, requestId: 'r' });
    await settle(100); // a run that no longer finds it
    stuck.delete(other.eventId);
    await idb(env, (s) => void s.put(other, other.eventId)); // queued anew (e.g. spilled and adopted)
    tracker.view({ job: JOB, requestId: 'r' });
    await settle(100); // the next timer run sends it: no backoff left from before
    expect(proxy.requests.filter((r) => r.some((e) => e.eventId == other.eventId))).toHaveLength(2);
  });
});
