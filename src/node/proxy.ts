// talent-beacon/proxy: the server piece between the browser tracker and Cloud Talent Solution (design §7).
export { createProxy, DEFAULT_UPSTREAM, DEFAULT_SHUTDOWN_MS } from './proxy/create-proxy.js';
export { createMemoryDedupe } from './proxy/create-memory-dedupe.js';
export type { MemoryDedupeOptions } from './proxy/create-memory-dedupe.js';
export { createRedisDedupe } from './proxy/create-redis-dedupe.js';
export type { RedisDedupeOptions, RedisLike } from './proxy/create-redis-dedupe.js';
export { JOBS_SCOPE } from './proxy/resolve-auth.js';
export { findPii, PII_MODES } from './proxy/pii-guard.js';
export type { PiiMode, PiiKind } from './proxy/pii-guard.js';
export { parseRetryAfter, parseRetryInfo, backoffDelay, retryDelay } from './proxy/retry-delay.js';
export type {
  Proxy,
  ProxyOptions,
  ProxyLimits,
  RetryOptions,
  ProxyMetrics,
  FetchInfo,
  CloseOptions,
  CloseReport,
  AuthLike,
  DedupeStore,
  ClaimOptions,
  ClaimResult,
  EventResult,
  EventStatus,
  ProxyIssue,
  LogLine,
} from './proxy/proxy-types.js';
