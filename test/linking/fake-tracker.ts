import type { ClientEvent } from '../../packages/core/src/index.js';
import { ClientEventError, validateClientEvent } from '../../packages/core/src/index.js';
import { createLinkStore } from '../../packages/talent-beacon/src/tracker/link-store.js';
import type { Tracker } from '../../packages/talent-beacon/src/tracker/tracker-types.js';

/**
 * A tracker for unit tests of the glue (markup, script API, React): the real link store and the
 * real validator, and a list instead of delivery. The real tracker is proven in Chromium (e2e/).
 */
export function fakeTracker(): Tracker & { sent: ClientEvent[]; calls: string[] } {
  const links = createLinkStore({ linkTtl: 864e5, maxLinks: 500, now: Date.now, storage: null });
  const sent: ClientEvent[] = [];
  const calls: string[] = [];
  let n = 0;
  const build = (
    type: string,
    jobs: string[],
    l: { requestId?: string; parentEventId?: string },
    extraInfo?: Record<string, unknown>,
  ) => {
    const event = JSON.parse(
      JSON.stringify({
        eventId: `e${++n}`,
        ...l,
        createTime: new Date().toISOString(),
        extraInfo,
        jobEvent: { type, jobs },
      }),
    ) as ClientEvent;
    const issues = validateClientEvent(event);
    if (issues.length) throw new ClientEventError(issues);
    sent.push(event);
    links.remember(event);
    return event;
  };
  return {
    sent,
    calls,
    impression(i) {
      calls.push('impression');
      return links.impressionFor(i.requestId) ?? build('IMPRESSION', i.jobs, { requestId: i.requestId }, i.extraInfo);
    },
    view(i) {
      calls.push('view');
      return build('VIEW', [i.job], links.link('VIEW', [i.job], i), i.extraInfo);
    },
    track(i) {
      calls.push('track');
      return build(i.type, i.jobs, links.link(i.type, i.jobs, i), i.extraInfo);
    },
    chain: (job) => links.chain(job),
    flush: () => Promise.resolve(void calls.push('flush')),
    setConsent: (g) => void calls.push(`setConsent:${g}`),
    destroy: () => Promise.resolve(void calls.push('destroy')),
  };
}
