// The CLI's Redis connection (`--redis URL` or `--redis-cluster NODES`), shared by the proxy and
// report commands: one ioredis client with time limits, for the dedupe store.
import { ConfigError } from '@talent-beacon/core';
import type { RedisLike } from '../proxy/create-redis-dedupe.js';

/**
 * ioredis options of `--redis`, so an outage costs each event about a second, not a request:
 * a command unanswered after 1 s fails (a frozen server or a half-open connection), commands are
 * not queued while disconnected (they fail at once: the event is answered `retry`), and the
 * client reconnects every 0.5 s at most, so the proxy recovers by itself when Redis is back.
 *
 * @example
 * const client = new Redis(process.env.REDIS_URL, REDIS_OPTIONS);
 */
export const REDIS_OPTIONS = {
  commandTimeout: 1000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(50 * times, 500),
};

/**
 * ioredis `Cluster` options of `--redis-cluster`, the same bounds per command: an attempt on a
 * node gives up after 1 s (`commandTimeout`, a frozen master), nothing is queued while the
 * cluster is not ready, and the client and each node reconnect every 0.5 s at most. A MOVED/ASK
 * redirection, or a retry after a closed connection or CLUSTERDOWN, is tried at most 3 times,
 * 100 ms apart (`maxRedirections`; ioredis' default is 16): with a master gone a command fails in
 * about 0.3 s instead of running into the 1 s command timeout (measured on a local cluster).
 *
 * @example
 * const client = new Cluster([{ host: '10.0.0.1', port: 7000 }], CLUSTER_OPTIONS);
 */
export const CLUSTER_OPTIONS = {
  enableOfflineQueue: false,
  maxRedirections: 3,
  retryDelayOnFailover: 100,
  retryDelayOnClusterDown: 100,
  retryDelayOnTryAgain: 100,
  slotsRefreshTimeout: 1000,
  clusterRetryStrategy: (times: number) => Math.min(50 * times, 500),
  clusterNodeRetryStrategy: (times: number) => Math.min(50 * times, 500),
  redisOptions: { commandTimeout: 1000, maxRetriesPerRequest: 0, connectTimeout: 2000 },
};

/** Where the dedupe store lives: one Redis server, or the seed nodes of a Redis Cluster. */
export type RedisTarget = { url: string } | { cluster: ClusterSeeds };

/** Seed nodes of `--redis-cluster`, and the credentials and TLS every node shares. */
/**
 * The Redis a command's parsed `--redis` / `--redis-cluster` flags name, or undefined for none
 * (the commands refuse both at once while parsing).
 *
 * @example
 * redisTargetOf({ redis: 'redis://127.0.0.1:6379' }); // { url: 'redis://127.0.0.1:6379' }
 */
export function redisTargetOf(command: { redis?: string; redisCluster?: ClusterSeeds }): RedisTarget | undefined {
  if (command.redis !== undefined) return { url: command.redis };
  return command.redisCluster ? { cluster: command.redisCluster } : undefined;
}

export interface ClusterSeeds {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Reads `--redis-cluster`: comma-separated seed nodes, each `host:port` or
 * `redis://[user:password@]host:port` (`rediss://` for TLS). The client learns the other nodes
 * from the seeds; the credentials and TLS of the seeds apply to every node (a cluster shares
 * them), so seeds that disagree are an error.
 *
 * @example
 * parseClusterSeeds('10.0.0.1:7000,10.0.0.2:7000');
 * // { nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7000 }], tls: false }
 */
export function parseClusterSeeds(value: string, flag = '--redis-cluster'): ClusterSeeds {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new ConfigError(
      'INVALID_OPTION',
      flag,
      `${flag} needs at least one seed node, host:port or redis://host:port, comma-separated (got ${JSON.stringify(value)})`,
    );
  const seeds: ClusterSeeds = { nodes: [], tls: false };
  let first: string | undefined;
  entries.forEach((entry, i) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `redis://${entry}`;
    let url: URL | undefined;
    try {
      url = new URL(withScheme);
    } catch {
      // reported below
    }
    // Never echo a password: the entry is shown with its credentials replaced.
    const shown = entry.replace(/\/\/[^@/]*@/, '//***@');
    const port = Number(url?.port);
    if (
      !url ||
      !['redis:', 'rediss:'].includes(url.protocol) ||
      !url.hostname ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535 ||
      (url.pathname !== '' && url.pathname !== '/')
    )
      throw new ConfigError(
        'INVALID_OPTION',
        flag,
        `${flag}: seed node ${i + 1} must be host:port or redis://[user:password@]host:port with a port from 1 to 65535 (got ${JSON.stringify(shown)})`,
      );
    const auth = `${url.protocol}${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    if (first !== undefined && auth !== first)
      throw new ConfigError(
        'INVALID_OPTION',
        flag,
        `${flag}: seed node ${i + 1} has another scheme or other credentials than seed node 1; every node of a cluster shares them`,
      );
    first = auth;
    seeds.nodes.push({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port });
    if (url.username) seeds.username = decodeURIComponent(url.username);
    if (url.password) seeds.password = decodeURIComponent(url.password);
    seeds.tls = url.protocol === 'rediss:';
  });
  return seeds;
}

/** A connected ioredis client (`Redis` or `Cluster`) as the CLI uses it. */
export interface RedisClient extends RedisLike {
  status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: string, listener: () => void): unknown;
}

type IoRedis = {
  Redis: new (url: string, options?: object) => RedisClient;
  Cluster: new (nodes: { host: string; port: number }[], options?: object) => RedisClient;
};

/**
 * Opens the ioredis client of `target` with {@link REDIS_OPTIONS} or {@link CLUSTER_OPTIONS};
 * its errors are printed one line each, prefixed with `who`. ioredis is an optional peer
 * dependency: a clear error says to install it. Resolves at once (commands fail fast until it is
 * connected); `ready()` waits for the connection, at most `ms`; `close()` quits within 1 s.
 *
 * @example
 * const redis = await openRedis({ cluster: parseClusterSeeds('127.0.0.1:7000') }, 'talent-beacon-server proxy');
 * createRedisDedupe({ client: redis.client });
 */
export async function openRedis(
  target: RedisTarget,
  who: string,
  load: () => Promise<unknown> = () => import('ioredis'),
): Promise<{ client: RedisClient; description: string; ready(ms?: number): Promise<void>; close(): Promise<unknown> }> {
  let mod: IoRedis;
  try {
    mod = (await load()) as IoRedis;
  } catch {
    throw new Error(
      `${'url' in target ? '--redis' : '--redis-cluster'} needs the ioredis package, an optional peer dependency: npm install ioredis`,
    );
  }
  let client: RedisClient;
  let description: string;
  if ('url' in target) {
    client = new mod.Redis(target.url, REDIS_OPTIONS);
    description = 'Redis';
  } else {
    const { nodes, username, password, tls } = target.cluster;
    const credentials = {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(tls ? { tls: {} } : {}),
    };
    client = new mod.Cluster(nodes, {
      ...CLUSTER_OPTIONS,
      redisOptions: { ...CLUSTER_OPTIONS.redisOptions, ...credentials },
    });
    description = `Redis Cluster (${nodes.length} seed node${nodes.length === 1 ? '' : 's'})`;
  }
  // Without a listener ioredis prints every reconnect error; one line per error is enough.
  client.on('error', (error) => console.error(`${who}: redis: ${error.message}`));
  const where = 'url' in target ? `Redis at ${target.url.replace(/\/\/[^@/]*@/, '//***@')}` : 'the Redis Cluster';
  return {
    client,
    description,
    ready: (ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (client.status === 'ready') return resolve();
        const timer = setTimeout(() => reject(new Error(`could not connect to ${where} within ${ms / 1000} s`)), ms);
        client.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    // QUIT waits for the replies of the commands sent before it; 1 s at most, then the sockets
    // are dropped (a Redis that does not answer must not hold the exit past a platform's grace).
    close: () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
      return Promise.race([client.quit().catch(() => undefined), late]).finally(() => {
        clearTimeout(timer);
        client.disconnect();
      });
    },
  };
}
