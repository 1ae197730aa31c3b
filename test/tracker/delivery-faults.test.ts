import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/browser/create-tracker.js';
import { fakeProxy, JOB, testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

// As in scheduler.test.ts: fake-indexeddb schedules with (real) setImmediate, so let it and the
// promises settle before each 250 ms step of the fake clock.
const settle = async (ms = 0) => {
  for (let t = 0; ; t += 250) {
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setImmediate(r));
      await vi.advanceTimersByTimeAsync(0);
    }
    if (t >= ms) return;
    await vi.advanceTimersByTimeAsync(Math.min(250, ms - t));
  }
};

describe('delivery faults', () => {
  it('delivers when Web Locks refuses the request (opaque origin: sandboxed iframe, SecurityError)', async () => {
    const proxy = fakeProxy();
    const locks = { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) } as unknown as LockManager;
    const tracker = createTracker({ endpoint: '/e', onError: () => {} }, testEnv({ fetch: proxy.fetch, locks, indexedDB: undefined }));
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await tracker.flush();
    await settle(10_000);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('a malformed record in IndexedDB neither blocks delivery nor stays forever: dropped and reported', async () => {
    const env = testEnv();
    // What another script or an older build may have left under the same database name.
    await new Promise<void>((resolve, reject) => {
      const request = env.indexedDB!.open('talent-beacon');
      request.onupgradeneeded = () => request.result.createObjectStore('events');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction('events', 'readwrite');
        tx.objectStore('events').put(null, 'junk');
        tx.objectStore('events').put({ eventId: 'noTime' }, 'noTime');
        tx.oncomplete = () => (request.result.close(), resolve());
      };
    });
    const proxy = fakeProxy();
    const errors: string[] = [];
    const tracker = createTracker({ endpoint: '/e', onError: (e) => errors.push(e.message) }, { ...env, fetch: proxy.fetch });
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle();
    await tracker.flush();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
    expect(errors).toEqual(['talent-beacon: dropped 1 events (maxAge)']);
  });
});
