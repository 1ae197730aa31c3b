// One client cannot starve the others (issue 12, D5): upstream slots go round robin per client,
// and a limit counts events, not only requests.
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../packages/talent-beacon-server/src/proxy/create-limiter.js';
import { post, testProxy, v3Event } from './helpers.js';

describe('fair upstream slots', () => {
  it("a single event of a second client is sent next, not after the first client's backlog", async () => {
    const order: string[] = [];
    // Every upstream call takes 5 ms of real time.
    const slow = (async (_url: string, init?: RequestInit) => {
      order.push(String(JSON.parse(init?.body as string).clientEvent.eventId));
      await new Promise((r) => setTimeout(r, 5));
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const t = testProxy({ fetch: slow, limits: { concurrency: 2, rateLimit: 0, eventRateLimit: 0 } });
    const backlog = Array.from({ length: 100 }, () => v3Event());
    const heavy = post(t.proxy, { events: backlog }, { ip: '198.51.100.1' });
    await new Promise((r) => setTimeout(r, 12)); // a few calls of the backlog are done
    const single = v3Event();
    const light = await post(t.proxy, { events: [single] }, { ip: '203.0.113.2' });
    expect(light.json.results[0].status).toBe('accepted');
    // It got the next free slot: at most the calls already running came before it.
    const position = order.indexOf(single.eventId);
    expect(position).toBeGreaterThan(0);
    expect(position).toBeLessThan(10);
    expect(order.length).toBeLessThan(20); // answered while the backlog is still being sent
    expect((await heavy).json.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
  });
  it("the limiter takes turns between clients and keeps each client's order", async () => {
    const limit = createLimiter(1);
    const ran: string[] = [];
    const gate: (() => void)[] = [];
    const task = (name: string) => () => new Promise<void>((resolve) => gate.push(() => (ran.push(name), resolve())));
    const all = [
      limit('a', task('a1')),
      limit('a', task('a2')),
      limit('a', task('a3')),
      limit('b', task('b1')),
      limit('c', task('c1')),
      limit('b', task('b2')),
    ];
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gate.shift()!();
    }
    await Promise.all(all);
    expect(ran).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2']);
  });
});

describe('a rate limit that counts events', () => {
  it("eventRateLimit spends each body's event count; over it: 429 with Retry-After, nothing forwarded", async () => {
    const t = testProxy({ limits: { eventRateLimit: 150, rateLimit: 120 } });
    const batch = (n: number) => ({ events: Array.from({ length: n }, () => v3Event()) });
    expect((await post(t.proxy, batch(100))).status).toBe(200);
    const over = await post(t.proxy, batch(100));
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect(over.json.error).toEqual({
      code: 'RATE_LIMITED',
      message: 'too many events from this client (limits.eventRateLimit); try again in 60 s',
    });
    expect((await post(t.proxy, batch(50))).status).toBe(200);
    expect(t.calls).toHaveLength(150);
    // Another client has its own budget.
    expect((await post(t.proxy, batch(100), { ip: '203.0.113.50' })).status).toBe(200);
  });
  it('defaults to 600 events per client per minute', async () => {
    const t = testProxy();
    const batch = () => ({ events: Array.from({ length: 100 }, () => v3Event()) });
    for (let i = 0; i < 6; i++) expect((await post(t.proxy, batch())).status).toBe(200);
    expect((await post(t.proxy, batch())).status).toBe(429);
  });
  it('names the option when it could never let a full body through', () => {
    expect(() => testProxy({ limits: { eventRateLimit: 50 } })).toThrow(
      /option "eventRateLimit" must be 0 \(off\) or at least maxEvents = 100.*\(got 50\)/,
    );
    expect(() => testProxy({ limits: { eventRateLimit: 50, maxEvents: 50 } })).not.toThrow();
    expect(() => testProxy({ limits: { eventRateLimit: -1 } })).toThrow(/option "eventRateLimit" must be at least 0/);
  });
});
