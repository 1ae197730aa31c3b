import type { ClientEvent, JobEventTypeName, OptionSpec } from '@talent-beacon/core';
import {
  checkOptions,
  ClientEventError,
  createEventId,
  extraInfoValueToString,
  SCRIPT_BUILD,
  validateClientEvent,
} from '@talent-beacon/core';
import { createDelivery } from './create-delivery.js';
import { createInertDelivery } from './create-inert-delivery.js';
import { createLinkStore } from './link-store.js';
import { defaultTrackerEnv, type ResolvedEnv, type TrackerEnv } from './tracker-env.js';
import type { ImpressionInput, TrackInput, Tracker, TrackerOptions, ViewInput } from './tracker-types.js';

// Time in milliseconds, for the defaults below.
const SECOND = 1_000;
const DAY = 24 * 60 * 60 * SECOND;

const number = (min: number, value: number) => ({ kind: 'number', min, integer: true, default: value }) as const;

/**
 * Every option of {@link createTracker}: its kind, its limits and its default. The one list of
 * their names: the <script> build reads the data-* attributes of the same names (script-config.ts).
 */
export const TRACKER_OPTIONS: Record<keyof TrackerOptions, OptionSpec> = {
  // The script build's messages name the rule only (SCRIPT_BUILD), so the hint would ship unused.
  endpoint: {
    kind: 'string',
    required: true,
    ...(!SCRIPT_BUILD && { hint: 'the proxy URL, resolved.g. "/cts/events"' }),
  },
  batchSize: number(1, 20),
  flushInterval: number(0, 5 * SECOND),
  maxQueue: number(1, 1_000),
  maxAge: number(0, 3 * DAY),
  retryDelay: number(1, SECOND),
  dbName: { kind: 'string', default: 'talent-beacon' },
  headers: { kind: 'object' },
  consent: { kind: 'boolean', default: true },
  debug: { kind: 'boolean' },
  onError: { kind: 'function' },
  linkTtl: number(0, DAY),
  maxLinks: number(1, 500),
};

// The options once checked: those with a default are always there.
type CheckedOptions = TrackerOptions & Required<Omit<TrackerOptions, 'headers' | 'debug' | 'onError'>>;

/**
 * Creates the tracker (docs/design.md §4): event methods that validate synchronously and queue, and
 * durable at-least-once delivery to `endpoint` (§5) through IndexedDB, batching, backoff,
 * sendBeacon at pagehide and a flush lock shared by tabs. Throws ConfigError for bad options.
 *
 * During server rendering (no `window`, no `env`) it is inert: its methods validate, link in
 * memory and return what they return in a browser, and it sends, stores, schedules and prints
 * nothing (createInertDelivery); only the event methods throw, ClientEventError for bad input.
 *
 * `env` replaces parts of the page's environment (fetch, sendBeacon, indexedDB, timers, clock…)
 * and exists for tests; pages never need it.
 *
 * @example
 * const tracker = createTracker({ endpoint: '/cts/events' });
 * tracker.impression({ requestId, jobs: ['projects/p/tenants/t/jobs/1', 'projects/p/tenants/t/jobs/2'] });
 * tracker.view({ job: 'projects/p/tenants/t/jobs/1', requestId });
 */
export function createTracker(options: TrackerOptions, env?: TrackerEnv): Tracker {
  const checked = checkOptions<CheckedOptions>('createTracker', options, TRACKER_OPTIONS);
  const resolved: ResolvedEnv = { now: Date.now, random: Math.random, ...defaultTrackerEnv(), ...env };
  const now = resolved.now;
  const warned = new Set<string | undefined>();
  // Default: warn once per kind of problem (every time with debug), never silently.
  const onError =
    checked.onError ??
    ((error: Error & { kind?: string }) => {
      if (checked.debug || !warned.has(error.kind)) {
        warned.add(error.kind);
        console.warn(error);
      }
    });
  const report = (kind: string, message: string) => {
    try {
      onError(Object.assign(Error('talent-beacon: ' + message), { kind }));
    } catch {
      // a throwing onError must not break delivery
    }
  };
  // A server is the page's own environment without a window; an env passed in (tests, with their
  // own fetch, indexedDB and timers) is one only if it says so. The script build only runs in pages.
  const delivery =
    !SCRIPT_BUILD && (env ? env.server : resolved.server)
      ? createInertDelivery()
      : createDelivery({ ...checked, report }, resolved);
  // The links live next to the beacon marks; a throwing or missing localStorage means memory.
  // Without consent nothing is stored (docs/design.md §4): the link store keeps what it learns in
  // memory, and its first write after setConsent(true) stores it.
  let consent = checked.consent;
  const links = createLinkStore({
    ...checked, // linkTtl and maxLinks; its onError is the store's, below
    now,
    storage: resolved.localStorage,
    storing: () => consent,
    onError: (error) => report('storage', `links kept in memory: ${error}`),
  });

  const queue = (type: JobEventTypeName, jobs: unknown, input: Record<string, unknown>, link = input): ClientEvent => {
    const extraInfo = input.extraInfo;
    const event: Record<string, unknown> = {
      eventId: createEventId(),
      parentEventId: link.parentEventId,
      requestId: link.requestId,
      createTime: new Date(now()).toISOString(),
      // fromEntries keeps a "__proto__" key an own property; bad values stay for the validator.
      extraInfo:
        extraInfo && typeof extraInfo == 'object'
          ? Object.fromEntries(
              Object.entries(extraInfo).map(([key, value]) => [key, extraInfoValueToString(value) ?? value]),
            )
          : extraInfo,
      jobEvent: { type, jobs: Array.isArray(jobs) ? [...(jobs as unknown[])] : jobs },
    };
    for (const key in event) if (event[key] === undefined) delete event[key];
    const issues = validateClientEvent(event);
    if (issues.length) throw new ClientEventError(issues);
    // Valid: the record is a ClientEvent.
    const clientEvent = event as unknown as ClientEvent;
    delivery.add(clientEvent);
    links.remember(clientEvent);
    return clientEvent;
  };
  const linked = (type: JobEventTypeName, jobs: unknown, input: Record<string, unknown>) =>
    queue(type, jobs, input, links.link(type, Array.isArray(jobs) ? jobs : [], input));

  const target = resolved.target;
  const listeners: Record<string, (event: Event) => unknown> = {};
  // In the capture phase: freeze and resume are fired at the document, not the window.
  // (Generic: a key of `on` has its listener, where a string index may have none.)
  const listen = <K extends string>(on: Record<K, (event: Event) => unknown>) => {
    for (const type in on) target?.addEventListener(type, (listeners[type] = on[type]), true);
  };
  // The back/forward cache: pagehide comes first (persisted or not, the page may never run
  // again: everything leaves now), then visibilitychange and freeze; at restore resume,
  // visibilitychange and pageshow. Suspended in between, the delivery leaves nothing pending
  // whose callback would run JavaScript in the cache (Chromium evicts the page for that).
  listen({
    pagehide: delivery.leave,
    visibilitychange: () => (resolved.document?.visibilityState == 'hidden' ? delivery.hide() : delivery.resume()),
    freeze: delivery.suspend,
    resume: delivery.resume,
    pageshow: delivery.resume,
  });
  // These two only wake the delivery early, and its first run looks at the queue and the marks
  // anyway: they are added in a task of their own, after the page's first events. A storage
  // listener costs about what a localStorage read does (~7-10 ms at 4x CPU: Chromium subscribes
  // the page to the origin's storage area), all of it on the page's startup.
  const later = {
    online: delivery.online,
    // A tab that closed beaconed its last events and marked them: an idle tab with nothing of
    // its own to send would otherwise leave them queued until it tracks something itself.
    storage: (event: Event) => (event as StorageEvent).key == checked.dbName + ':beacon' && delivery.wake(),
  };
  const timer = target && resolved.setTimeout?.(() => listen(later), 0);
  if (timer === undefined) listen(later);

  return {
    impression(input) {
      const fields = Object(input) as ImpressionInput & Record<string, unknown>;
      return links.impressionFor(fields.requestId) ?? queue('IMPRESSION', fields.jobs, fields);
    },
    view: (input) => {
      const fields = Object(input) as ViewInput & Record<string, unknown>;
      return linked('VIEW', [fields.job], fields);
    },
    track: (input) => {
      const fields = Object(input) as TrackInput & Record<string, unknown>;
      return linked(fields.type, fields.jobs, fields);
    },
    chain: (job) => links.chain(job),
    flush: delivery.flush,
    setConsent(granted) {
      consent = !!granted;
      delivery.setConsent(consent);
    },
    destroy() {
      resolved.clearTimeout?.(timer);
      for (const [type, listener] of Object.entries(listeners)) target?.removeEventListener(type, listener, true);
      return delivery.stop();
    },
  };
}
