import type { CheckedEvent } from './check-event.js';
import type { DedupeStore, LogLine } from './proxy-types.js';
import type { ForwardOutcome } from './upstream/upstream-types.js';
import { BATCH_TIME_LIMIT } from './upstream/forward-event.js';
import { retry, RetryReason } from './upstream/retry-reason.js';

/**
 * How long a claim outlives its deadline: room for the store write that marks an event done or
 * releases it after an upstream answer that came just before the deadline.
 */
export const CLAIM_GRACE_MS = 2000;

/** What {@link deliverEvent} needs besides the event. */
export interface Delivery {
  dedupe: DedupeStore;
  now: () => number;
  log: (line: LogLine) => void;
  /** The words before the log messages, e.g. 'talent-beacon proxy'. */
  who: string;
  /** The caller's time limit in words, for messages (default: the proxy's batch time limit). */
  timeLimit?: string;
}

/**
 * Exactly-once as far as a sender can make it, shared by the proxy and the server-side reporter:
 * claims the eventId in the dedupe store for as long as the caller can still use it (the time to
 * `deadline` plus {@link CLAIM_GRACE_MS}, so a sender killed mid-call frees its claims by
 * itself), sends it with `forward` (which must start nothing past `deadline`), and then marks it
 * done, only after CTS confirmed it (accepted, or 409 duplicate), or releases the claim so a
 * later try can send it (except after a call a shutdown cut on the wire: that claim expires). An id another sender holds is `retry`; one already done is `duplicate`.
 *
 * @example
 * const outcome = await deliverEvent({ dedupe, now: Date.now, log, who: 'talent-beacon proxy' }, checked, deadline, () => forwardEvent(forwarder, checked.request, { deadline }));
 */
export async function deliverEvent(
  delivery: Delivery,
  checked: CheckedEvent,
  deadline: number,
  forward: () => Promise<ForwardOutcome>,
): Promise<ForwardOutcome> {
  const { dedupe, now, log, who } = delivery;
  const { eventId } = checked;
  const left = deadline - now();
  if (left <= 0)
    return retry(RetryReason.deadline, `${delivery.timeLimit ?? BATCH_TIME_LIMIT} ran out before this event was sent`);
  let claim;
  try {
    claim = await dedupe.claim(eventId, { ttlMs: left + CLAIM_GRACE_MS });
  } catch (error) {
    log({ msg: `${who}: dedupe store failed`, error: error instanceof Error ? error.message : String(error) });
    return retry(RetryReason.dedupeUnavailable, 'the dedupe store is unavailable');
  }
  // Another sender is forwarding this eventId right now and may still fail: ask again later,
  // when the answer is `duplicate` (or a fresh claim).
  if (claim === 'in-flight') return retry(RetryReason.inFlight, 'another request is forwarding this eventId');
  if (claim === 'done') return { status: 'duplicate' };
  const outcome = await forward();
  try {
    if (outcome.status === 'accepted' || outcome.status === 'duplicate') await dedupe.complete(eventId);
    // A call a shutdown cut on the wire may have been stored: its claim stays until it expires,
    // so no other sender sends a copy while CTS may still be storing this one.
    else if (!(outcome.status === 'retry' && outcome.code === RetryReason.shutdownCut)) await dedupe.release(eventId);
  } catch (error) {
    // The claim expires by itself (deadline + CLAIM_GRACE_MS); until then copies are answered `retry`.
    log({ msg: `${who}: dedupe store failed`, error: error instanceof Error ? error.message : String(error) });
  }
  return outcome;
}
