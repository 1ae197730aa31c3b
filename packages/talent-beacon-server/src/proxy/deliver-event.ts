import type { ClientEvent } from '@talent-beacon/core';
import type { ForwardOutcome } from './forward-event.js';
import type { DedupeStore, LogLine } from './proxy-types.js';

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
  /** The words before the log messages, e.g. 'talent-beacon-server proxy'. */
  who: string;
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
 * const outcome = await deliverEvent({ dedupe, now: Date.now, log, who: 'talent-beacon-server proxy' }, event, Date.now() + 25_000, () => forwardEvent(forwarder, event, deadline));
 */
export async function deliverEvent(d: Delivery, event: ClientEvent, deadline: number, forward: () => Promise<ForwardOutcome>): Promise<ForwardOutcome> {
  const left = deadline - d.now();
  if (left <= 0) return { status: 'retry', reason: 'the batch time limit (limits.batchTimeoutMs) ran out before this event was sent' };
  let claim;
  try {
    claim = await d.dedupe.claim(event.eventId, { ttlMs: left + CLAIM_GRACE_MS });
  } catch (e) {
    d.log({ msg: `${d.who}: dedupe store failed`, error: e instanceof Error ? e.message : String(e) });
    return { status: 'retry', reason: 'the dedupe store is unavailable' };
  }
  // Another sender is forwarding this eventId right now and may still fail: ask again later,
  // when the answer is `duplicate` (or a fresh claim).
  if (claim === 'in-flight') return { status: 'retry', reason: 'another request is forwarding this eventId' };
  if (claim === 'done') return { status: 'duplicate' };
  const outcome = await forward();
  try {
    if (outcome.status === 'accepted' || outcome.status === 'duplicate') await d.dedupe.complete(event.eventId);
    // A call a shutdown cut on the wire may have been stored: its claim stays until it expires,
    // so no other sender sends a copy while CTS may still be storing this one.
    else if (!(outcome.status === 'retry' && outcome.cut)) await d.dedupe.release(event.eventId);
  } catch (e) {
    // The claim expires by itself (deadline + CLAIM_GRACE_MS); until then copies are answered `retry`.
    d.log({ msg: `${d.who}: dedupe store failed`, error: e instanceof Error ? e.message : String(e) });
  }
  return outcome;
}
