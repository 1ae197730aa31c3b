// Redis outages (issue 12, D10): with the CLI's ioredis options an event is answered `retry`
// within about a second of Redis freezing or going away, and the proxy recovers by itself.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_OPTIONS } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { createRedisDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { post, testProxy, v3Event } from './helpers.js';

let server: RedisServer | undefined;
let client: Redis | undefined;
afterAll(async () => {
  client?.disconnect();
  if (server) {
    try {
      process.kill(server.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await server.stop();
  }
});

async function until(what: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis going away', () => {
  it('answers retry within 2 s when Redis freezes or dies, and recovers by itself', async () => {
    server = await startRedisServer();
    client = new Redis(server.url, REDIS_OPTIONS);
    client.on('error', () => {}); // reconnect errors are expected here
    await until(() => client!.status === 'ready', 5000);
    const t = testProxy({ dedupe: createRedisDedupe({ client }), log: () => {} });
    const timed = async () => {
      const started = Date.now();
      const r = await post(t.proxy, { events: [v3Event()] });
      return { status: r.json.results[0].status as string, ms: Date.now() - started };
    };
    expect((await timed()).status).toBe('accepted');

    // Frozen (SIGSTOP: the connection stays open, nothing answers): the command timeout.
    process.kill(server.pid, 'SIGSTOP');
    for (let i = 0; i < 3; i++) {
      const r = await timed();
      expect(r.status).toBe('retry');
      expect(r.ms).toBeLessThan(2000);
    }
    process.kill(server.pid, 'SIGCONT');
    await until(async () => (await timed()).status === 'accepted', 5000);

    // Gone (killed, then back on the same port): no offline queue, then a reconnect.
    const port = server.port;
    await server.stop();
    for (let i = 0; i < 3; i++) {
      const r = await timed();
      expect(r.status).toBe('retry');
      expect(r.ms).toBeLessThan(2000);
    }
    server = await startRedisServer(port);
    const back = Date.now();
    await until(async () => (await timed()).status === 'accepted', 5000);
    expect(Date.now() - back).toBeLessThan(3000);
  });
});
