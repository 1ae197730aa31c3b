import type { ClientEvent, JobEventTypeName } from '@talent-beacon/core';

/** Options of {@link createTracker}. Only `endpoint` is required. */
export interface TrackerOptions {
  /** The site's proxy endpoint, e.g. `/cts/events` (docs/design.md §5). */
  endpoint: string;
  /** Events per request; default 20. */
  batchSize?: number;
  /**
   * Milliseconds between flushes while events wait; default 5000. A page's first flush, which
   * also sends what earlier pages left queued, comes after this or 5 s, whichever is sooner.
   */
  flushInterval?: number;
  /** Events kept at most; the oldest are dropped (and reported) beyond it. Default 1000. */
  maxQueue?: number;
  /** Milliseconds an undelivered event is kept; default 72 h. */
  maxAge?: number;
  /** IndexedDB database name of the queue; default 'talent-beacon'. */
  dbName?: string;
  /** Extra request headers (only on fetch; beacons cannot carry headers). */
  headers?: Record<string, string>;
  /** `false`: store and send nothing until `setConsent(true)`. Default true. */
  consent?: boolean;
  /** Log what happens to the console. */
  debug?: boolean;
  /** Called with every problem that is not the caller's (storage, network, rejected events). */
  onError?: (error: Error) => void;
  /** First wait after a failed send, ms; doubled (with jitter) per failure up to 5 min. Default 1000. */
  retryDelay?: number;
  /** How long links (IMPRESSION -> VIEW -> APPLICATION) are remembered, ms; default 24 h. */
  linkTtl?: number;
  /** How many jobs' links are remembered at most; default 500. */
  maxLinks?: number;
}

/** Input of `tracker.impression()`. */
export interface ImpressionInput {
  /** `SearchJobsResponse.metadata.requestId` of the search. */
  requestId: string;
  /** Every job shown, in display order. */
  jobs: string[];
  extraInfo?: Record<string, string | number | boolean>;
}

/** Input of `tracker.view()`. */
export interface ViewInput {
  job: string;
  requestId?: string;
  parentEventId?: string;
  extraInfo?: Record<string, string | number | boolean>;
}

/** Input of `tracker.track()`. */
export interface TrackInput {
  type: JobEventTypeName;
  jobs: string[];
  requestId?: string;
  parentEventId?: string;
  extraInfo?: Record<string, string | number | boolean>;
}

/** A job's chain as the tracker knows it: see {@link Tracker.chain}. */
export interface JobChain {
  requestId: string;
  /** The newest event of the chain: the parentEventId of the next one. */
  eventId: string;
}

/** The tracker (docs/design.md §4). Event methods validate synchronously and return the queued event. */
export interface Tracker {
  impression(input: ImpressionInput): ClientEvent;
  view(input: ViewInput): ClientEvent;
  track(input: TrackInput): ClientEvent;
  /**
   * What the site's server needs to continue this job's chain (docs/design.md §9): the search's
   * requestId and the eventId of the job's latest event (its APPLICATION_FINISH, else the
   * application step, else the VIEW, else the IMPRESSION); undefined when none is known here.
   * Pass it with the application, and report HIRED etc. with it as requestId / parentEventId.
   *
   * @example
   * form.elements.chain.value = JSON.stringify(tracker.chain(job) ?? {});
   */
  chain(job: string): JobChain | undefined;
  /** Sends what is queued now; resolves when the proxy has answered (or the attempt failed). */
  flush(): Promise<void>;
  setConsent(granted: boolean): void;
  /** Stops timers and listeners; queued events stay in IndexedDB for the next page. */
  destroy(): Promise<void>;
}

/**
 * The seam between the tracker and the link store (packages/talent-beacon/src/link-store.ts): the tracker asks
 * it, synchronously, for the parent and requestId of an event it is about to build, and tells it
 * about every event it queued.
 */
export interface LinkStore {
  /** Fills `requestId` / `parentEventId` from earlier events on these jobs; explicit values win. */
  link(
    type: JobEventTypeName,
    jobs: readonly string[],
    explicit: { requestId?: string; parentEventId?: string },
  ): { requestId?: string; parentEventId?: string };
  /** The IMPRESSION already queued for this requestId (design: one per search), if any. */
  impressionFor(requestId: string): ClientEvent | undefined;
  /** The job's chain: its requestId and newest event (see {@link Tracker.chain}). */
  chain(job: string): JobChain | undefined;
  /** Remembers a queued event so later events can link to it. */
  remember(event: ClientEvent): void;
}
