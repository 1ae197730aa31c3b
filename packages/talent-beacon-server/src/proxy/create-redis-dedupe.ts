import { checkOptions } from '@talent-beacon/core';
import type { ClaimOptions, ClaimResult, DedupeStore } from './proxy-types.js';

/** The part of an ioredis client this store uses (ioredis >= 5 `Redis` and `Cluster` fit). */
export interface RedisLike {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<'OK' | null>;
  get(key: string): Promise<string | null>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Options of {@link createRedisDedupe}. */
export interface RedisDedupeOptions {
  /** Your ioredis client (`new Redis(url)`); the store never closes it. */
  client: RedisLike;
  /** Key prefix (default 'talent-beacon:event:'). */
  prefix?: string;
  /**
   * How long an in-flight claim lasts when the caller gives no `ttlMs` (default 120000). The
   * proxy always gives one (its batch deadline + 2 s), so its claims outlive a dead proxy by at
   * most `limits.batchTimeoutMs` + 2 s whatever this is.
   */
  inFlightTtlMs?: number;
  /** How long a forwarded eventId is remembered (default 3 days + 5 minutes: the proxy's createTime window). */
  doneTtlMs?: number;
}

// Deletes the key only while it still holds this claim's token, so a slow proxy whose claim
// already expired and was taken over cannot release another instance's claim.
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * A dedupe store shared by several proxy instances, in Redis (ioredis): `SET key token NX PX`
 * claims an eventId atomically across instances (one winner, whatever the timing), `SET key
 * done PX` marks it forwarded, and a compare-and-delete script releases a failed claim.
 * ioredis is an optional peer dependency: pass your own client.
 *
 * Every command touches one key, `prefix + eventId` (the release script too: one KEYS entry),
 * so the store works unchanged on a Redis Cluster through ioredis' `Cluster` client: each
 * eventId's key lives in its own hash slot and the keys spread over the masters. Keep hash tags
 * (`{…}`) out of `prefix`: one would put every key in one slot, on one master.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const proxy = createProxy({ project, allowedOrigins, dedupe: createRedisDedupe({ client: new Redis(process.env.REDIS_URL) }) });
 * // A Redis Cluster: new Cluster([{ host: '10.0.0.1', port: 7000 }, …]) as the client.
 */
export function createRedisDedupe(options: RedisDedupeOptions): DedupeStore {
  checkOptions('createRedisDedupe', options, {
    client: { kind: 'object', required: true, hint: 'an ioredis client, e.g. new Redis("redis://127.0.0.1:6379")' },
    prefix: { kind: 'string' },
    inFlightTtlMs: { kind: 'number', min: 1, integer: true },
    doneTtlMs: { kind: 'number', min: 1, integer: true },
  });
  const { client } = options;
  const prefix = options.prefix ?? 'talent-beacon:event:';
  const inFlightTtl = options.inFlightTtlMs ?? 120_000;
  const doneTtl = options.doneTtlMs ?? 3 * 86_400_000 + 300_000;
  // The token of each claim this instance holds, for a release that only undoes its own.
  const tokens = new Map<string, string>();
  const claim = async (eventId: string, claimOptions?: ClaimOptions): Promise<ClaimResult> => {
    // This instance still holds a claim on it (a slow call whose key expired): a second claim
    // here would overwrite the token, and the first call's release would then delete it.
    if (tokens.has(eventId)) return 'in-flight';
    const key = prefix + eventId;
    // Web Crypto's randomUUID: global in Node >= 19 and every fetch runtime (no node: import).
    const token = `in-flight:${crypto.randomUUID()}`;
    const ttl = Math.max(1, Math.ceil(claimOptions?.ttlMs ?? inFlightTtl));
    if ((await client.set(key, token, 'PX', ttl, 'NX')) === 'OK') {
      tokens.set(eventId, token);
      return 'claimed';
    }
    const value = await client.get(key);
    if (value === null) return claim(eventId, claimOptions); // expired between SET and GET: try again
    return value === 'done' ? 'done' : 'in-flight';
  };
  return {
    claim,
    async complete(eventId: string): Promise<void> {
      tokens.delete(eventId);
      await client.set(prefix + eventId, 'done', 'PX', doneTtl);
    },
    async release(eventId: string): Promise<void> {
      const token = tokens.get(eventId);
      tokens.delete(eventId);
      if (token) await client.eval(RELEASE, 1, prefix + eventId, token);
    },
  };
}
