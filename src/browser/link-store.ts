import type { ClientEvent } from '../core/index.js';
import type { LinkStore } from './tracker-types.js';

/**
 * PLACEHOLDER until the linking issue lands: remembers IMPRESSIONs per requestId in memory and
 * passes explicit values through. The real store links across pages and tabs.
 */
export function createLinkStore(_options: { ttl: number; maxEntries: number; now: () => number }): LinkStore {
  const impressions = new Map<string, ClientEvent>();
  return {
    link: (_type, _jobs, explicit) => ({ ...explicit }),
    impressionFor: (requestId) => impressions.get(requestId),
    remember(event) {
      if (event.jobEvent.type === 'IMPRESSION') impressions.set(event.requestId, event);
    },
  };
}
