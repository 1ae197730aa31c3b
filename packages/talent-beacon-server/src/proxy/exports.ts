// What both builds of talent-beacon-server/proxy export besides createProxy (packages/talent-beacon-server/src/proxy.ts for Node,
// packages/talent-beacon-server/src/proxy-edge.ts for fetch runtimes without Node built-ins).
export { DEFAULT_UPSTREAM, DEFAULT_SHUTDOWN_MS } from './create-proxy.js';
export { createMemoryDedupe } from './create-memory-dedupe.js';
export type { MemoryDedupeOptions } from './create-memory-dedupe.js';
export { createRedisDedupe } from './create-redis-dedupe.js';
export type { RedisDedupeOptions, RedisLike } from './create-redis-dedupe.js';
export { JOBS_SCOPE } from './resolve-auth.js';
export { findPii, PII_MODES } from './pii-guard.js';
export type { PiiMode, PiiKind } from './pii-guard.js';
export { parseRetryAfter, parseRetryInfo, backoffDelay, retryDelay } from './retry-delay.js';
// Why an event was answered `retry`, as codes (the upstream module's; also ReportError.retryReason).
export { RetryReason } from './upstream/index.js';
export type { RetryReasonCode } from './upstream/index.js';
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
} from './proxy-types.js';
