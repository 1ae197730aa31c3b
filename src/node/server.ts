// talent-beacon/server: report back-office events (HIRED, INTERVIEW_GRANTED, …) from Node with
// the proxy's own validation, forwarding, retries and dedupe (docs/design.md §9).
export { createReporter } from './server/create-reporter.js';
export type { Reporter, ReporterOptions, ReporterLimits, ReportInput, ReportResult } from './server/create-reporter.js';
export { ReportError } from './server/report-error.js';
export type { ReportErrorCode, ReportIssue } from './server/report-error.js';
// The codes of ReportError.retryReason (the proxy's own; see talent-beacon/proxy).
export { RetryReason } from './proxy/upstream/index.js';
export type { RetryReasonCode } from './proxy/upstream/index.js';
export { deriveEventId } from './server/derive-event-id.js';
export { findPii, PII_MODES } from './proxy/pii-guard.js';
export type { PiiMode, PiiKind } from './proxy/pii-guard.js';
export { createMemoryDedupe } from './proxy/create-memory-dedupe.js';
export { createRedisDedupe } from './proxy/create-redis-dedupe.js';
export type { DedupeStore, AuthLike, RetryOptions, LogLine } from './proxy/proxy-types.js';
export { createFileDedupe } from './server/create-file-dedupe.js';
export type { FileDedupe } from './server/create-file-dedupe.js';
