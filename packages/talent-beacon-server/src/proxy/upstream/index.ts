// The upstream: how the proxy and the server-side reporter (talent-beacon/server) call
// clientEvents.create. One checked request in, one outcome out; every `retry` with a code.
export { createForwarder, DEFAULT_RETRY, DEFAULT_UPSTREAM } from './create-forwarder.js';
export type { ForwarderOptions } from './create-forwarder.js';
export { BATCH_TIME_LIMIT, forwardEvent, SHUTDOWN_REASON } from './forward-event.js';
export type { ForwardLimits, Forwarder } from './forward-event.js';
export { retry, RetryReason } from './retry-reason.js';
export type { RetryOutcome, RetryReasonCode } from './retry-reason.js';
export type { ForwardOutcome, UpstreamRequest } from './upstream-types.js';
export { createUpstream } from './create-upstream.js';
export type { SendLimits, Upstream, UpstreamOptions } from './create-upstream.js';
