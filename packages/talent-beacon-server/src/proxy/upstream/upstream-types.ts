import type { ProxyIssue } from '../proxy-types.js';
import type { RetryOutcome } from './retry-reason.js';

/** One `clientEvents.create` call as checked: the path under the API root and the JSON body, serialized once. */
export interface UpstreamRequest {
  /** e.g. `/v4/projects/acme/tenants/main/clientEvents` */
  path: string;
  body: string;
}

/**
 * The outcome of sending one event: CTS stored it (`accepted`) or had it (`duplicate`), refused
 * it (`rejected`, with CTS's message), or it is to be sent again later (`retry`, with a code).
 */
export type ForwardOutcome =
  { status: 'accepted' | 'duplicate' } | { status: 'rejected'; issues: ProxyIssue[] } | RetryOutcome;
