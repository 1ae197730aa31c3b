/**
 * Why an event was answered `retry`, as a code a program can branch on (the `reason` beside it is
 * the text for people). The event was not confirmed by CTS; the sender keeps it and tries again
 * later. Codes marked "may be stored" name a call that may have reached CTS without an answer:
 * it is not sent again at once (a copy each time), only on the sender's next try.
 *
 * @example
 * if (outcome.status === 'retry' && outcome.code === RetryReason.auth) alertOperator(outcome.reason);
 */
export const RetryReason = {
  /** The caller's time limit (a batch's, a report's) ran out before the event was sent or answered. */
  deadline: 'deadline',
  /** A closing proxy's shutdown deadline came before the event was sent or answered. */
  shutdown: 'shutdown',
  /** A shutdown cut the call on the wire (may be stored): its claim is left to expire. */
  shutdownCut: 'shutdown-cut',
  /** The credentials could not be had (the auth client failed). */
  noCredentials: 'no-credentials',
  /** CTS answered 401 or 403: the credentials or their access, not the event, are at fault. */
  auth: 'auth',
  /** The upstream answered a redirect, which is never followed (a misconfigured upstream URL). */
  redirect: 'redirect',
  /** A 2xx answer that is not the stored ClientEvent as a JSON object (may be stored). */
  unexpectedAnswer: 'unexpected-answer',
  /** 429 after the retries (or a Retry-After longer than the retry policy waits). */
  rateLimited: 'rate-limited',
  /** 5xx after the retries. */
  status5xx: 'status-5xx',
  /** 409 ABORTED (a conflict) after the retries. */
  conflict: 'conflict',
  /** No answer within the per-call timeout (may be stored). */
  timeout: 'timeout',
  /** The connection broke after the request was sent (may be stored). */
  connectionLost: 'connection-lost',
  /** The upstream could not be reached (nothing was sent), after the retries. */
  network: 'network',
  /** Another sender holds this eventId's claim right now. */
  inFlight: 'in-flight',
  /** The dedupe store failed, so the event could not be claimed. */
  dedupeUnavailable: 'dedupe-unavailable',
} as const;

/** One of the {@link RetryReason} codes. */
export type RetryReasonCode = (typeof RetryReason)[keyof typeof RetryReason];

/** A `retry` answer: its code, and the text for people. */
export interface RetryOutcome {
  status: 'retry';
  code: RetryReasonCode;
  reason: string;
}

/**
 * Builds a `retry` outcome.
 *
 * @example
 * retry(RetryReason.inFlight, 'another request is forwarding this eventId');
 * // { status: 'retry', code: 'in-flight', reason: 'another request is forwarding this eventId' }
 */
export function retry(code: RetryReasonCode, reason: string): RetryOutcome {
  return { status: 'retry', code, reason };
}
