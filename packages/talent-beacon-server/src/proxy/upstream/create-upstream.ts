import type { CheckedEvent } from '../check-event.js';
import { checkTargetOptions } from '../check-target-options.js';
import type { Cutoff } from '../create-drain.js';
import { deliverEvent } from '../deliver-event.js';
import type { DedupeStore } from '../proxy-types.js';
import type { ForwarderOptions } from './create-forwarder.js';
import { createForwarder } from './create-forwarder.js';
import { forwardEvent } from './forward-event.js';
import type { ForwardOutcome } from './upstream-types.js';

/** What {@link createUpstream} is built from: the forwarder's options, the dedupe store, and who logs. */
export interface UpstreamOptions extends ForwarderOptions {
  dedupe: DedupeStore;
  /** The words before the log messages, e.g. 'talent-beacon proxy'. */
  who: string;
}

/** When and how one event is sent by {@link Upstream.send}. */
export interface SendLimits {
  /** No upstream call starts or runs past it. */
  deadline: number;
  /** Until when the claim is needed (default `deadline`); a closing proxy's cutoff shortens it. */
  claimUntil?: number;
  /** A closing proxy's cutoff, which may move earlier while a call runs. */
  cutoff?: Cutoff;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Runs the upstream call when a slot is free (the proxy's fair turns per client); default: at once. */
  queue?: (call: () => Promise<ForwardOutcome>) => Promise<ForwardOutcome>;
}

/** The way the proxy and the reporter send a checked event to CTS. */
export interface Upstream {
  /** Claims the eventId, sends the checked request, then marks it done or releases it (deliverEvent). */
  send(checked: CheckedEvent, limits: SendLimits): Promise<ForwardOutcome>;
}

/**
 * The one way events reach `clientEvents.create`, for the proxy and the server-side reporter
 * alike: the forwarder (auth, retries, timeouts; see createForwarder and forwardEvent) inside the
 * dedupe store's claim -> forward -> complete-or-release protocol (deliverEvent). Checks the
 * options it is built from first (checkTargetOptions: `upstream`, `token` / `auth`, `dedupe`),
 * throwing a ConfigError that `where` starts.
 *
 * @example
 * const upstream = createUpstream({ project: 'acme', token: 'dev', timeoutMs: 10_000, maxResponseBytes: 65_536, now: Date.now, log, dedupe, who: 'talent-beacon reporter' });
 * const outcome = await upstream.send(checked, { deadline: Date.now() + 30_000 }); // { status: 'accepted' }
 */
export function createUpstream(options: UpstreamOptions): Upstream {
  checkTargetOptions(options.where ?? 'createProxy', options);
  const forwarder = createForwarder(options);
  const delivery = {
    dedupe: options.dedupe,
    now: options.now,
    log: options.log,
    who: options.who,
    timeLimit: forwarder.timeLimit,
  };
  return {
    send(checked, limits) {
      const { deadline, cutoff, headers } = limits;
      const call = () =>
        forwardEvent(forwarder, checked.request, { deadline, ...(cutoff && { cutoff }), ...(headers && { headers }) });
      return deliverEvent(delivery, checked, limits.claimUntil ?? deadline, () =>
        limits.queue ? limits.queue(call) : call(),
      );
    },
  };
}
