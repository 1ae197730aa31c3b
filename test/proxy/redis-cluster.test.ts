// The Redis dedupe store on a real 3-master Redis Cluster (redis-server --cluster-enabled yes x3,
// joined by redis-cli --cluster create), through ioredis' Cluster client: each of its commands
// touches one key (the eventId's), so the keys spread over every master and no hash tag is needed.
// Then the CLI's --redis-cluster: two proxy processes sharing the cluster forward a batch once,
// and a frozen master costs an event a bounded `retry`, not a hang.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../packages/core/src/index.js';
import {
  CLUSTER_OPTIONS,
  openRedis,
  parseClusterSeeds,
} from '../../packages/talent-beacon-server/src/cli/open-redis.js';
import { parseProxyArgs } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { createRedisDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import { startProxyCli, type ProxyCli } from '../support/proxy-cli.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const root = fileURLToPath(new URL('../..', import.meta.url));
const register = pathToFileURL(fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url))).href;
let cluster: RedisCluster;
const clients: (Cluster | Redis)[] = [];
const children: ChildProcess[] = [];
const emulator = createEmulator();
let upstream = '';

function clusterClient(): Cluster {
  const c = new Cluster(
    cluster.seeds.map((s) => `redis://${s}`),
    { ...CLUSTER_OPTIONS },
  );
  c.on('error', () => {}); // a stopped master's reconnect errors are expected in one test
  clients.push(c);
  return c;
}
async function ready(c: Cluster): Promise<Cluster> {
  if (c.status !== 'ready') await new Promise((resolve) => c.once('ready', resolve));
  return c;
}
/** Keys under `prefix` held by each master (a node answers only for its own slots). */
async function keysPerMaster(prefix: string): Promise<number[]> {
  return Promise.all(
    cluster.nodes.map(async (node) => {
      const r = new Redis(node.url);
      clients.push(r);
      return (await r.keys(`${prefix}*`)).length;
    }),
  );
}

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  upstream = await emulator.listen();
}, 60_000);
beforeEach(() => emulator.reset());
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  await emulator.close();
  for (const node of cluster?.nodes ?? []) {
    try {
      process.kill(node.pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  await cluster?.stop();
});

describe('createRedisDedupe on a Redis Cluster (ioredis Cluster)', () => {
  it('claims atomically across clients, completes and releases, with the keys spread over all three masters', async () => {
    const a = createRedisDedupe({ client: await ready(clusterClient()), prefix: 'c1:' });
    const b = createRedisDedupe({ client: await ready(clusterClient()), prefix: 'c1:' });
    const ids = Array.from({ length: 60 }, (_, i) => `event-${i}`);
    for (const id of ids) {
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).claim(id)));
      expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c === 'in-flight')).toHaveLength(5);
    }
    // Whoever holds a claim: only its release frees it (the compare-and-delete script, one key).
    const [first, ...rest] = ids;
    expect(await a.claim(first!)).toBe('in-flight');
    await a.release(first!);
    await b.release(first!);
    const again = await a.claim(first!);
    expect(again).toBe('claimed');
    await a.complete(first!);
    for (const id of rest) {
      await a.complete(id);
      await b.complete(id);
    }
    expect(await Promise.all(ids.map((id) => b.claim(id)))).toEqual(ids.map(() => 'done'));
    const perMaster = await keysPerMaster('c1:');
    expect(perMaster.reduce((x, y) => x + y, 0)).toBe(60);
    expect(perMaster.every((n) => n > 0)).toBe(true);
  });
});

let n = 0;
const event = (): ClientEvent => ({
  eventId: `cluster-${++n}-${Date.now()}`,
  requestId: 'r',
  createTime: new Date().toISOString(),
  jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
});

/** Starts `talent-beacon-server proxy --redis-cluster …` from source and resolves its URL once it listens. */
async function startProxy(extra: string[] = []): Promise<ProxyCli> {
  const args = ['--project', 'acme', '--allow-origin', ORIGIN, '--upstream', upstream, '--token', 'dev'];
  args.push('--redis-cluster', cluster.seeds.join(','), '--port', '0', '--rate-limit', '0', ...extra);
  const proxy = await startProxyCli(args);
  children.push(proxy.child);
  return proxy;
}

async function send(url: string, events: ClientEvent[]): Promise<{ eventId: string; status: string }[]> {
  const r = await fetch(`${url}/cts/events`, {
    method: 'POST',
    headers: { origin: ORIGIN },
    body: JSON.stringify({ events }),
  });
  return ((await r.json()) as { results: { eventId: string; status: string }[] }).results;
}

/** Whether a key's slot is served by the master on `port` (CLUSTER KEYSLOT and CLUSTER SLOTS). */
async function mastersOf(port: number): Promise<(key: string) => Promise<boolean>> {
  const r = new Redis(cluster.nodes[0]!.url);
  clients.push(r);
  const ranges = (await r.cluster('SLOTS')).filter((s) => s[2]?.[1] === port);
  return async (key) => {
    const slot = await r.cluster('KEYSLOT', key);
    return ranges.some(([from, to]) => slot >= from && slot <= to);
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('talent-beacon-server proxy --redis-cluster', () => {
  it('parses seed nodes, credentials and TLS, and names the flag and the rule on bad input (never the password)', () => {
    const base = ['--project', 'p', '--allow-origin', ORIGIN];
    expect(parseProxyArgs([...base, '--redis-cluster', '10.0.0.1:7000, redis://[::1]:7001']).redisCluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      tls: false,
    });
    expect(parseClusterSeeds('rediss://app:s%40cret@a.example:6380,rediss://app:s%40cret@b.example:6380')).toEqual({
      nodes: [
        { host: 'a.example', port: 6380 },
        { host: 'b.example', port: 6380 },
      ],
      username: 'app',
      password: 's@cret',
      tls: true,
    });
    expect(() => parseProxyArgs([...base, '--redis', 'redis://x:6379', '--redis-cluster', 'x:7000'])).toThrow(
      /--redis and --redis-cluster exclude each other/,
    );
    expect(() => parseClusterSeeds(' , ')).toThrow(/--redis-cluster needs at least one seed node/);
    expect(() => parseClusterSeeds('a:7000,b')).toThrow(
      /seed node 2 must be host:port .* port from 1 to 65535 \(got "b"\)/,
    );
    expect(() => parseClusterSeeds('http://a:7000')).toThrow(/seed node 1 must be/);
    let message = '';
    try {
      parseClusterSeeds('redis://u:topsecret@a:99999');
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ name: 'ConfigError', code: 'INVALID_OPTION', option: '--redis-cluster' });
    }
    expect(message).toMatch(/got "redis:\/\/\*\*\*@a:99999"/);
    expect(message).not.toContain('topsecret');
    expect(() => parseClusterSeeds('redis://u:one@a:7000,redis://u:two@b:7000')).toThrow(
      /seed node 2 has another scheme or other credentials/,
    );
  });
  it('says which package to install when ioredis is missing', async () => {
    const missing = () => Promise.reject(new Error('Cannot find package'));
    await expect(openRedis({ cluster: parseClusterSeeds('a:7000') }, 'x', missing)).rejects.toThrow(
      '--redis-cluster needs the ioredis package, an optional peer dependency: npm install ioredis',
    );
    await expect(openRedis({ url: 'redis://a:6379' }, 'x', missing)).rejects.toThrow(
      '--redis needs the ioredis package',
    );
  });

  it('two proxy processes sharing the cluster forward the same batch once', async () => {
    const one = await startProxy();
    const two = await startProxy();
    expect(one.output()).toContain('dedupe:     Redis Cluster (3 seed nodes)');
    const batch = Array.from({ length: 40 }, event);
    emulator.setFaults({ latencyMs: 20 });
    // The proxy answers `retry` until its cluster client is ready (nothing is queued meanwhile).
    await until(
      'both proxies connected to the cluster',
      async () => ((await send(one.url, [event()]))[0]!.status === 'accepted' ? true : undefined),
      10_000,
    );
    await until(
      'both proxies connected to the cluster',
      async () => ((await send(two.url, [event()]))[0]!.status === 'accepted' ? true : undefined),
      10_000,
    );
    emulator.reset();
    emulator.setFaults({ latencyMs: 20 });
    const [a, b] = await Promise.all([send(one.url, batch), send(two.url, batch)]);
    const seen = emulator.clientEvents().map((e) => String(e.event.eventId));
    expect(seen.sort()).toEqual(batch.map((e) => e.eventId).sort());
    for (let i = 0; i < batch.length; i++) {
      expect([
        ['accepted', 'retry'],
        ['accepted', 'duplicate'],
      ]).toContainEqual([a[i]!.status, b[i]!.status].sort());
    }
    // The browser's resend through either instance: duplicate, nothing new upstream.
    expect((await send(two.url, batch)).every((r) => r.status === 'duplicate')).toBe(true);
    expect(emulator.clientEvents()).toHaveLength(40);
  }, 120_000);

  it('answers retry for the events of a frozen master, accepts the others meanwhile, and forwards again once it is back', async () => {
    const proxy = await startProxy();
    await until(
      'the proxy connected to the cluster',
      async () => ((await send(proxy.url, [event()]))[0]!.status === 'accepted' ? true : undefined),
      10_000,
    );
    const frozen = cluster.nodes[1]!;
    // Three events whose key lives on the frozen master, three elsewhere (ids picked by their slot).
    const on = await mastersOf(frozen.port);
    const picked = { frozen: [] as ClientEvent[], other: [] as ClientEvent[] };
    while (picked.frozen.length < 3 || picked.other.length < 3) {
      const e = event();
      const list = (await on(`talent-beacon:event:${e.eventId}`)) ? picked.frozen : picked.other;
      if (list.length < 3) list.push(e);
    }
    process.kill(frozen.pid, 'SIGSTOP');
    try {
      // Those on the frozen master are answered retry after its 1 s command timeout instead of
      // hanging the batch; the others go on.
      const results = await send(proxy.url, [...picked.frozen, ...picked.other]);
      expect(results.slice(0, 3).map((r) => r.status)).toEqual(['retry', 'retry', 'retry']);
      // The others do not wait for the frozen master: accepted while it is still frozen. (On a
      // loaded machine one of them may miss its own 1 s timeout once: a resend is allowed, as the
      // tracker would make it.)
      const others = await until(
        "the other masters' events accepted while one is frozen",
        async () => {
          const again = await send(proxy.url, picked.other);
          return again.every((r) => r.status === 'accepted' || r.status === 'duplicate') ? again : undefined;
        },
        10_000,
      );
      expect(others).toHaveLength(3);
    } finally {
      process.kill(frozen.pid, 'SIGCONT');
    }
    const batch = Array.from({ length: 12 }, event);
    const back = await until(
      'every event accepted again',
      async () => {
        const results = await send(proxy.url, batch);
        return results.every((r) => r.status === 'accepted' || r.status === 'duplicate') ? results : undefined;
      },
      10_000,
    );
    expect(back).toHaveLength(12);
  }, 120_000);
});

describe('talent-beacon-server report --redis-cluster', () => {
  it('remembers confirmed lines in the cluster: a second run reports none again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-report-cluster-'));
    try {
      const file = join(dir, 'hires.ndjson');
      const lines = Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          type: 'HIRED',
          jobs: [`projects/acme/jobs/${i}`],
          requestId: `req-${i}`,
          key: `cluster-hire-${i}`,
        }),
      );
      writeFileSync(file, `${lines.join('\n')}\n`);
      const report = () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const args = [
            '--import',
            register,
            'packages/talent-beacon-server/src/cli.ts',
            'report',
            file,
            '--project',
            'acme',
            '--upstream',
            upstream,
            '--token',
            'dev',
          ];
          const child = spawn(
            process.execPath,
            [...args, '--redis-cluster', cluster.seeds.join(','), '--no-progress'],
            {
              cwd: root,
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          );
          children.push(child);
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.once('exit', (code) => resolve({ code, out }));
        });
      const first = await report();
      expect(first.code, first.out).toBe(0);
      expect(first.out).toMatch(/^\s+reported\s+30\b/m);
      expect(first.out).toContain('Confirmed events are remembered in Redis');
      const second = await report();
      expect(second.code, second.out).toBe(0);
      expect(second.out).toMatch(/^\s+reported\s+0\b/m);
      expect(second.out).toMatch(/^\s+duplicate\s+30\b/m);
      expect(emulator.clientEvents()).toHaveLength(30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
