// `talent-beacon report`'s store of confirmed events: Redis (--redis, --redis-cluster) or the
// local state file.
import { createRedisDedupe } from '../proxy.js';
import type { DedupeStore } from '../proxy.js';
import { createFileDedupe } from '../reporter/create-file-dedupe.js';
import { openRedis, redisTargetOf } from './open-redis.js';
import type { RedisTarget } from './open-redis.js';
import type { ReportCommand } from './report-args.js';

/** Where a run remembers confirmed events. */
export interface ReportStore {
  dedupe: DedupeStore;
  /** eventIds an interrupted earlier run sent without a recorded answer (the state file knows them). */
  interrupted?: ReadonlySet<string>;
  /** True for Redis, false for the state file. */
  redis: boolean;
  close(): Promise<unknown>;
}

// A nightly export may be rerun days later: confirmed events are remembered for 30 days.
const REDIS_DONE_TTL_MS = 30 * 86_400_000;
const REDIS_READY_MS = 10_000;

async function openRedisStore(target: RedisTarget): Promise<ReportStore> {
  const redis = await openRedis(target, 'talent-beacon report');
  // Commands are not queued while disconnected (REDIS_OPTIONS): wait for the connection first.
  try {
    await redis.ready(REDIS_READY_MS);
  } catch (error) {
    await redis.close().catch(() => undefined);
    throw error;
  }
  return {
    dedupe: createRedisDedupe({ client: redis.client, doneTtlMs: REDIS_DONE_TTL_MS }),
    redis: true,
    close: () => redis.close(),
  };
}

/**
 * Opens the store the flags name: Redis or a Redis Cluster, else the state file (which knows
 * the eventIds an interrupted run left without an answer).
 *
 * @example
 * const store = await openReportStore(parseReportArgs(['hires.ndjson', '--project', 'acme']));
 * // … await store.close();
 */
export async function openReportStore(
  command: Pick<ReportCommand, 'redis' | 'redisCluster' | 'state' | 'file'>,
): Promise<ReportStore> {
  const target = redisTargetOf(command);
  if (target) return openRedisStore(target);
  const file = await createFileDedupe({ path: command.state ?? `${command.file}.reported` });
  return { dedupe: file, interrupted: file.interrupted, redis: false, close: () => file.close() };
}
