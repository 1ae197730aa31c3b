// talent-beacon/server: report back-office events (HIRED, INTERVIEW_GRANTED, …) from Node with
// the proxy's own validation, forwarding, retries and dedupe (docs/design.md §9).
export { createReporter } from './reporter/create-reporter.js';
export type {
  Reporter,
  ReporterOptions,
  ReporterLimits,
  ReportInput,
  ReportResult,
} from './reporter/create-reporter.js';
export { ReportError } from './reporter/report-error.js';
export type { ReportErrorCode, ReportIssue } from './reporter/report-error.js';
// The codes of ReportError.retryReason (the proxy's own; see talent-beacon/proxy).
export { RetryReason } from './proxy/upstream/index.js';
export type { RetryReasonCode } from './proxy/upstream/index.js';
export { deriveEventId } from './reporter/derive-event-id.js';
export { findPii, PII_MODES } from './proxy/pii-guard.js';
export type { PiiMode, PiiKind } from './proxy/pii-guard.js';
export { createMemoryDedupe } from './proxy/create-memory-dedupe.js';
export { createRedisDedupe } from './proxy/create-redis-dedupe.js';
export type { DedupeStore, AuthLike, RetryOptions, LogLine } from './proxy/proxy-types.js';
export { createFileDedupe } from './reporter/create-file-dedupe.js';
export type { FileDedupe } from './reporter/create-file-dedupe.js';
