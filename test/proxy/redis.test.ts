// The Redis dedupe store against a real redis-server, and two proxy instances sharing it.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../packages/core/src/index.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { createProxy, createRedisDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import { localServers } from '../support/local-servers.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const ORIGIN = 'http://127.0.0.1:8080';
let redisServer: RedisServer;
const clients: Redis[] = [];
const servers = localServers();
const emulator = createEmulator();
let upstream = '';

function client(): Redis {
  const c = new Redis(redisServer.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  upstream = await emulator.listen();
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  await servers.closeAll();
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  await emulator.close();
  await redisServer?.stop();
});

describe('createRedisDedupe', () => {
  it('claims atomically across clients, completes, and releases only its own claim', async () => {
    const a = createRedisDedupe({ client: client(), prefix: 't1:' });
    const b = createRedisDedupe({ client: client(), prefix: 't1:' });
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('e1')));
    expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c === 'in-flight')).toHaveLength(19);
    // Only the instance holding the claim can release it.
    const holder = claims.findIndex((c) => c === 'claimed') % 2 ? a : b;
    const other = holder === a ? b : a;
    await other.release('e1');
    expect(await other.claim('e1')).toBe('in-flight');
    await holder.release('e1');
    expect(await other.claim('e1')).toBe('claimed');
    await other.complete('e1');
    expect(await holder.claim('e1')).toBe('done');
    expect(await client().pttl('t1:e1')).toBeGreaterThan(3 * 86_400_000);
  });
  it('lets an in-flight claim expire (a proxy died mid-call) and guards the release against a takeover', async () => {
    const c = client();
    const a = createRedisDedupe({ client: c, prefix: 't2:', inFlightTtlMs: 50 });
    const b = createRedisDedupe({ client: c, prefix: 't2:', inFlightTtlMs: 5000 });
    expect(await a.claim('e')).toBe('claimed');
    await new Promise((r) => setTimeout(r, 120));
    expect(await b.claim('e')).toBe('claimed');
    await a.release('e'); // a's claim is gone; it must not delete b's
    expect(await a.claim('e')).toBe('in-flight');
  });
  it('keeps a claim for the ttlMs its caller gives (the proxy: its batch deadline + grace)', async () => {
    const c = client();
    const a = createRedisDedupe({ client: c, prefix: 't6:' });
    expect(await a.claim('e', { ttlMs: 1500 })).toBe('claimed');
    const ttl = await c.pttl('t6:e');
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(1500);
  });
  it('does not take over its own expired claim while that call still runs (the first release would delete the second claim)', async () => {
    const c = client();
    const a = createRedisDedupe({ client: c, prefix: 't5:', inFlightTtlMs: 50 });
    expect(await a.claim('e')).toBe('claimed'); // request 1: a slow upstream call
    await new Promise((r) => setTimeout(r, 120)); // its key expires meanwhile
    expect(await a.claim('e')).toBe('in-flight'); // request 2 on the same instance waits
    await a.release('e'); // request 1 fails
    expect(await a.claim('e')).toBe('claimed');
  });
  it('validates its options', () => {
    expect(() => createRedisDedupe({} as never)).toThrow(/createRedisDedupe: option "client" is required/);
  });
});

let n = 0;
const event = (): ClientEvent => ({
  eventId: `redis-${++n}-${Date.now()}`,
  requestId: 'r',
  createTime: new Date().toISOString(),
  jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
});

async function instance(prefix: string) {
  const proxy = createProxy({
    project: 'acme',
    allowedOrigins: [ORIGIN],
    upstream,
    token: 'dev',
    dedupe: createRedisDedupe({ client: client(), prefix }),
    limits: { rateLimit: 0 },
  });
  const url = `${await servers.serve((req, res) => void proxy.node(req, res))}/`;
  return async (events: ClientEvent[]) => {
    const r = await fetch(url, { method: 'POST', headers: { origin: ORIGIN }, body: JSON.stringify({ events }) });
    return ((await r.json()) as { results: { eventId: string; status: string }[] }).results;
  };
}

describe('two proxy instances sharing Redis', () => {
  it('receiving the same batch at once forward each eventId once', async () => {
    const one = await instance('shared:');
    const two = await instance('shared:');
    const batch = Array.from({ length: 50 }, event);
    // Latency widens the window in which both instances are mid-call for the same ids.
    emulator.setFaults({ latencyMs: 20 });
    const [a, b] = await Promise.all([one(batch), two(batch)]);
    const seen = emulator.clientEvents().map((e) => String(e.event.eventId));
    expect(seen.sort()).toEqual(batch.map((e) => e.eventId).sort());
    for (let i = 0; i < batch.length; i++) {
      const pair = [a[i]!.status, b[i]!.status].sort();
      // One forwarded it; the other found it in flight (retry) or done (duplicate).
      expect([
        ['accepted', 'retry'],
        ['accepted', 'duplicate'],
      ]).toContainEqual(pair);
    }
    // The browser resends its retry copies: all duplicate now, nothing new upstream.
    const retried = batch.filter((_, i) => a[i]!.status === 'retry' || b[i]!.status === 'retry');
    if (retried.length > 0) expect((await one(retried)).every((r) => r.status === 'duplicate')).toBe(true);
    expect(emulator.clientEvents()).toHaveLength(50);
  });
});
