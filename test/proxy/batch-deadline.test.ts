import { describe, expect, it } from 'vitest';
import type { DedupeStore } from '../../packages/talent-beacon-server/src/proxy.js';
import { createMemoryDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import { post, testProxy, v3Event } from './helpers.js';

// These tests need real timers (the batch deadline is a setTimeout), so the proxy reads the real
// clock and each event is created from that same clock: never from the fixed helper time NOW.
describe('the batch time limit also covers a hanging dedupe store', () => {
  it('answers retry for the events whose claim never returns (e.g. Redis down with maxRetriesPerRequest: null)', async () => {
    const hanging: DedupeStore = {
      claim: () => new Promise(() => undefined),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const t = testProxy({ dedupe: hanging, now: Date.now, limits: { batchTimeoutMs: 50 } });
    const a = v3Event({}, Date.now());
    const r = await post(t.proxy, { events: [a, { bad: 1 }] });
    expect(r.status).toBe(200);
    expect(r.json.results[0]).toMatchObject({ eventId: a.eventId, status: 'retry' });
    expect(r.json.results[1].status).toBe('rejected');
    expect(t.calls).toHaveLength(0);
  });
  it('a claim that arrives after the batch was answered is released, not forwarded', async () => {
    const memory = createMemoryDedupe();
    let late: () => void = () => undefined;
    const slow: DedupeStore = {
      ...memory,
      claim: (id) => new Promise((resolve) => (late = () => resolve(memory.claim(id)))),
    };
    const t = testProxy({ dedupe: slow, now: Date.now, limits: { batchTimeoutMs: 50 } });
    const e = v3Event({}, Date.now());
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('retry');
    late();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.calls).toHaveLength(0);
    expect(await memory.claim(e.eventId)).toBe('claimed');
  });
  it('starts no upstream call once credentials arrive after the deadline (the call would outlive the claim)', async () => {
    const auth = { getAccessToken: () => new Promise<string>((r) => setTimeout(() => r('late-token'), 300)) };
    const t = testProxy({ token: undefined, auth, now: Date.now, limits: { batchTimeoutMs: 150 } });
    expect((await post(t.proxy, { events: [v3Event({}, Date.now())] })).json.results[0].status).toBe('retry');
    await new Promise((r) => setTimeout(r, 250));
    expect(t.calls).toHaveLength(0);
  });
});
