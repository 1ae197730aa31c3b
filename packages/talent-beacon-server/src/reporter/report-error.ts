import type { ProxyIssue, RetryReasonCode } from '../proxy/exports.js';

/**
 * Stable codes of {@link ReportError}: `INVALID_INPUT` (the input breaks a rule: fix it, do not
 * retry; includes the PII guard's `pii-*` rules), `REJECTED` (CTS refused the event, e.g. 400 or
 * 404 of a job), `RETRY_LATER` (CTS or the dedupe store did not confirm it in time; nothing was
 * marked done, so reporting it again later is safe).
 */
export type ReportErrorCode = 'INVALID_INPUT' | 'REJECTED' | 'RETRY_LATER';

/** One broken rule, its `field` named as in `report()`'s input (`type`, `jobs[0]`, `extraInfo.email`, `key`). */
export interface ReportIssue extends Omit<ProxyIssue, 'path'> {
  field: string;
}

/**
 * Why `reporter.report()` did not report an event. `field` names the first field at fault (as in
 * the input: `'jobs[0]'`, `'requestId'`, `'extraInfo.contact'`; `''` for the whole input or the
 * call), `issues` every problem found, `retryable` whether the same call may succeed later.
 *
 * @example
 * try { await reporter.report({ type: 'HIRED', jobs: [], requestId }); }
 * catch (e) { if (e instanceof ReportError) console.log(e.code, e.field); } // INVALID_INPUT jobs
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly code: ReportErrorCode;
  readonly field: string;
  readonly issues: ReportIssue[];
  /** The eventId the event had (derived from `key`), when one was made. */
  readonly eventId: string | null;
  readonly retryable: boolean;
  /** With `RETRY_LATER`: why, as a code (e.g. 'timeout', 'status-5xx', 'auth', 'in-flight'); see RetryReason. */
  readonly retryReason: RetryReasonCode | undefined;

  constructor(
    code: ReportErrorCode,
    issues: ReportIssue[],
    eventId: string | null,
    reason?: string,
    retryReason?: RetryReasonCode,
  ) {
    const text = reason ?? issues.map((issue) => issue.message).join('; ');
    super(`${code}: ${text}`);
    this.code = code;
    this.issues = issues;
    this.field = issues[0]?.field ?? '';
    this.eventId = eventId;
    this.retryable = code === 'RETRY_LATER';
    this.retryReason = retryReason;
  }
}

/**
 * The report() input's name of an event field path: `jobEvent.type` → `type`, `jobEvent.jobs[2]`
 * → `jobs[2]`, `eventId` → `key` (the eventId is derived from it); others stay.
 *
 * @example
 * inputField('jobEvent.jobs[0]'); // 'jobs[0]'
 */
export function inputField(path: string): string {
  if (path === 'jobEvent') return 'type';
  if (path.startsWith('jobEvent.')) return path.slice('jobEvent.'.length);
  if (path === 'eventId') return 'key';
  return path;
}
