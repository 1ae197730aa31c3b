import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { event, start, type Running } from './helpers.js';

let r: Running;
const path = '/v4/projects/p/tenants/t/clientEvents';
beforeAll(async () => {
  r = await start();
});
afterAll(() => r.emulator.close());
beforeEach(() => r.emulator.reset());

describe('fault injection', () => {
  it('a script applies to the next calls in order: 429 with RetryInfo, 503, drop, then ok', async () => {
    r.emulator.setFaults({ script: ['429', '503', 'drop'], retryDelaySeconds: 3 });
    const first = await r.call('POST', path, event({ eventId: 'a' }));
    expect(first.status).toBe(429);
    expect(first.body.error).toEqual({
      code: 429,
      message: expect.any(String),
      status: 'RESOURCE_EXHAUSTED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
    });
    const second = await r.call('POST', path, event({ eventId: 'b' }));
    expect(second.status).toBe(503);
    expect(second.body.error.status).toBe('UNAVAILABLE');
    await expect(r.call('POST', path, event({ eventId: 'c' }))).rejects.toThrow();
    const fourth = await r.call('POST', path, event({ eventId: 'd' }));
    expect(fourth.status).toBe(200);
    expect(r.emulator.clientEvents().map((e) => e.event.eventId)).toEqual(['d']);
  });

  it('drop-after-store keeps the event but loses the answer', async () => {
    r.emulator.setFaults({ script: ['drop-after-store'] });
    await expect(r.call('POST', path, event({ eventId: 'lost-answer' }))).rejects.toThrow();
    expect(r.emulator.clientEvents().map((e) => e.event.eventId)).toEqual(['lost-answer']);
    // The log says which stored events lost their answer (a chaos run attributes repeats with it).
    expect(r.emulator.clientEvents()[0]).toMatchObject({ answerDropped: true });
  });

  it('dropAfterStoreRate stores a share of events and drops their answers; the others are answered', async () => {
    const draws = [0.1, 0.9];
    r.emulator.setFaults({ dropAfterStoreRate: 0.2, random: () => draws.shift() ?? 0.99 });
    await expect(r.call('POST', path, event({ eventId: 'dropped' }))).rejects.toThrow();
    expect((await r.call('POST', path, event({ eventId: 'answered' }))).status).toBe(200);
    const log = r.emulator.clientEvents();
    expect(log.map((e) => [e.event.eventId, e.answerDropped])).toEqual([
      ['dropped', true],
      ['answered', undefined],
    ]);
    expect(() => r.emulator.setFaults({ dropRate: 0.5, dropAfterStoreRate: 0.6 })).toThrow(/add up to at most 1/);
  });

  it('rates use the injected random source; jobs calls are never faulted', async () => {
    const draws = [0.05, 0.25, 0.45, 0.9];
    r.emulator.setFaults({ rate429: 0.2, rate503: 0.2, dropRate: 0.2, random: () => draws.shift() ?? 0.99 });
    expect((await r.call('POST', path, event({ eventId: '1' }))).status).toBe(429);
    expect((await r.call('POST', path, event({ eventId: '2' }))).status).toBe(503);
    await expect(r.call('POST', path, event({ eventId: '3' }))).rejects.toThrow();
    expect((await r.call('POST', path, event({ eventId: '4' }))).status).toBe(200);
    r.emulator.setFaults({ rate429: 1 });
    const company = await r.call('POST', '/v4/projects/p/tenants/t/companies', {
      displayName: 'Acme',
      externalId: 'acme',
    });
    expect(company.status).toBe(200);
  });

  it('latency delays answers through the injected sleep', async () => {
    const waits: number[] = [];
    const slow = await start({ faults: { latencyMs: 250 }, sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    try {
      expect((await slow.call('POST', path, event())).status).toBe(200);
      expect(
        (await slow.call('GET', `/v4/projects/p/tenants/t/jobs?filter=${encodeURIComponent('requisitionId = "x"')}`))
          .status,
      ).toBe(200);
      expect(waits).toEqual([250, 250]);
    } finally {
      await slow.emulator.close();
    }
  });

  it('PUT /_emulator/faults changes faults at run time (no auth), validates them, POST /_emulator/reset clears', async () => {
    const put = await r.call('PUT', '/_emulator/faults', { script: ['503'] }, null);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ script: ['503'] });
    expect((await r.call('POST', path, event())).status).toBe(503);
    const bad = await r.call('PUT', '/_emulator/faults', { rate503: -1 }, null);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rate503');
    const random = await r.call('PUT', '/_emulator/faults', { random: 1 }, null);
    expect(random.status).toBe(400);
    await r.call('PUT', '/_emulator/faults', { rate503: 1 }, null);
    expect((await r.call('POST', '/_emulator/reset', undefined, null)).status).toBe(200);
    expect((await r.call('POST', path, event())).status).toBe(200);
    const events = await r.call('GET', '/_emulator/events', undefined, null);
    expect(events.body.events).toHaveLength(1);
  });

  it("admin changes from another web origin are refused (CSRF), the inspector's own origin is fine", async () => {
    const foreign = await fetch(`${r.url}/_emulator/reset`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.status).toBe('PERMISSION_DENIED');
    const own = await fetch(`${r.url}/_emulator/reset`, { method: 'POST', headers: { origin: r.url } });
    expect(own.status).toBe(200);
  });
});
