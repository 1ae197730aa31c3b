import { describe, expect, it } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import { fakeProxy, JOB, testEnv } from './helpers.js';

describe('smoke', () => {
  it('queues and flushes', async () => {
    const proxy = fakeProxy();
    const errors: Error[] = [];
    const t = createTracker({ endpoint: '/e', onError: (e) => errors.push(e) }, testEnv({ fetch: proxy.fetch }));
    const ev = t.view({ job: JOB, requestId: 'r1' });
    await t.flush();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([ev.eventId]);
    await t.flush();
    expect(proxy.requests.length).toBe(1);
    expect(errors).toEqual([]);
    await t.destroy();
  });
});
