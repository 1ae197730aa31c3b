import { describe, expect, it } from 'vitest';
import { createMemoryDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import type { DedupeStore } from '../../packages/talent-beacon-server/src/proxy.js';
import { CLAIM_GRACE_MS } from '../../packages/talent-beacon-server/src/proxy/handle-request.js';
import { post, testProxy, v3Event } from './helpers.js';

describe('exactly once upstream (memory store)', () => {
  it('answers an eventId already forwarded duplicate and does not send it again', async () => {
    const t = testProxy();
    const e = v3Event();
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('accepted');
    expect(
      (await post(t.proxy, { events: [e, v3Event()] })).json.results.map((r: { status: string }) => r.status),
    ).toEqual(['duplicate', 'accepted']);
    expect(t.calls.filter((c) => (c.body.clientEvent as { eventId: string }).eventId === e.eventId)).toHaveLength(1);
  });
  it('forwards once when two requests carry the same eventId at the same moment', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const t = testProxy({
      fetch: (async (_url: string, init: RequestInit) => {
        calls.push(init.body as string);
        await gate;
        return new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    const e = v3Event();
    const first = post(t.proxy, { events: [e] });
    const second = post(t.proxy, { events: [e] });
    await new Promise((r) => setTimeout(r, 10));
    release();
    const statuses = [(await first).json.results[0].status, (await second).json.results[0].status].sort();
    // The copy that found the id in flight answers retry (the first may still fail); its next try gets duplicate.
    expect(statuses).toEqual(['accepted', 'retry']);
    expect(calls).toHaveLength(1);
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('duplicate');
  });
  it('keeps the claim of an event waiting in the upstream queue for the whole batch time limit', async () => {
    // limits.batchTimeoutMs raised to 5 minutes, one upstream call at a time, a slow CTS: event A
    // is claimed at once but waits behind B; a copy of A arriving 70 s later must not be sent too.
    let now = Date.parse('2026-11-23T08:00:00.000Z');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const t = testProxy({
      now: () => now,
      limits: { batchTimeoutMs: 300_000, concurrency: 1 },
      fetch: (async (_url: string, init: RequestInit) => {
        sent.push((JSON.parse(init.body as string) as { clientEvent: { eventId: string } }).clientEvent.eventId);
        await gate;
        return new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    const b = v3Event({ createTime: new Date(now - 1000).toISOString() });
    const a = v3Event({ createTime: new Date(now - 1000).toISOString() });
    const first = post(t.proxy, { events: [b, a] });
    await new Promise((r) => setTimeout(r, 10));
    now += 70_000;
    const second = post(t.proxy, { events: [a] });
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect((await second).json.results[0].status).toBe('retry');
    expect((await first).json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    expect(sent.filter((id) => id === a.eventId)).toHaveLength(1);
  });
  it('claims each event for the time its batch can still use it: the deadline plus CLAIM_GRACE_MS', async () => {
    const memory = createMemoryDedupe();
    const ttls: (number | undefined)[] = [];
    const spy: DedupeStore = {
      ...memory,
      claim: (id, options) => (ttls.push(options?.ttlMs), memory.claim(id, options)),
    };
    await post(testProxy({ dedupe: spy }).proxy, { events: [v3Event()] });
    await post(testProxy({ dedupe: spy, limits: { batchTimeoutMs: 300_000 } }).proxy, { events: [v3Event()] });
    // The clock is fixed, so no time has passed since each batch arrived.
    expect(ttls).toEqual([25_000 + CLAIM_GRACE_MS, 300_000 + CLAIM_GRACE_MS]);
  });
  it('processes a repeated eventId inside one body once, answering every copy alike', async () => {
    const t = testProxy();
    const e = v3Event();
    const r = await post(t.proxy, { events: [e, e] });
    expect(r.json.results).toEqual([
      { eventId: e.eventId, status: 'accepted' },
      { eventId: e.eventId, status: 'accepted' },
    ]);
    expect(t.calls).toHaveLength(1);
  });
  it('answers retry when the store fails, forwarding nothing', async () => {
    const t = testProxy({
      dedupe: {
        claim: () => Promise.reject(new Error('store down')),
        complete: async () => {},
        release: async () => {},
      },
    });
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(r.json.results[0]).toMatchObject({ status: 'retry', reason: 'the dedupe store is unavailable' });
    expect(t.calls).toHaveLength(0);
    expect(t.logs.some((l) => l.msg.includes('dedupe store failed'))).toBe(true);
  });
});

describe('createMemoryDedupe', () => {
  it('claims once, releases only in-flight claims, and forgets after the TTLs', async () => {
    let now = 10_000;
    const d = createMemoryDedupe({ inFlightTtlMs: 100, doneTtlMs: 1000, now: () => now });
    expect(await d.claim('a')).toBe('claimed');
    expect(await d.claim('a')).toBe('in-flight');
    await d.release('a');
    expect(await d.claim('a')).toBe('claimed');
    await d.complete('a');
    await d.release('a'); // a done id stays done
    expect(await d.claim('a')).toBe('done');
    expect(await d.claim('b')).toBe('claimed');
    now = 10_150; // b's claim expired: its proxy died mid-call
    expect(await d.claim('b')).toBe('claimed');
    expect(await d.claim('a')).toBe('done');
    now = 11_100;
    expect(await d.claim('a')).toBe('claimed');
  });
  it('keeps a claim for the ttlMs its caller gives instead of inFlightTtlMs', async () => {
    let now = 10_000;
    const d = createMemoryDedupe({ inFlightTtlMs: 100_000, now: () => now });
    expect(await d.claim('a', { ttlMs: 3000 })).toBe('claimed');
    now = 12_900;
    expect(await d.claim('a')).toBe('in-flight');
    now = 13_100; // its holder could no longer use it: free for the next copy
    expect(await d.claim('a')).toBe('claimed');
  });
  it('evicts the least recently used ids beyond max', async () => {
    const d = createMemoryDedupe({ max: 2 });
    for (const id of ['a', 'b', 'c']) {
      await d.claim(id);
      await d.complete(id);
    }
    expect(await d.claim('c')).toBe('done');
    expect(await d.claim('a')).toBe('claimed');
  });
  it('validates its options', () => {
    expect(() => createMemoryDedupe({ max: 0 })).toThrow(/createMemoryDedupe: option "max" must be at least 1/);
  });
});
