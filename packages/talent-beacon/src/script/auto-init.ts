import { createTracker } from '../tracker/create-tracker.js';
import { observeMarkup } from './observe-markup.js';
import { scriptConfig } from './script-config.js';
import type { Tracker, TrackerOptions } from '../tracker/tracker-types.js';

type Method = 'impression' | 'view' | 'track' | 'chain' | 'flush' | 'setConsent';
// The methods that queue calls until init.
const METHODS: Method[] = ['impression', 'view', 'track', 'chain', 'flush', 'setConsent'];

/** The tracker methods of the global `TalentBeacon`, plus `init` for pages that configure in JS. */
export interface ScriptApi extends Pick<Tracker, Method> {
  /** Starts the page's tracker and markup reporting once (later calls return the same tracker) and replays queued calls. */
  init(options: TrackerOptions): Tracker;
}

/** What {@link autoInit} takes from the page; every field defaults to the page's own. */
export interface AutoInitEnv {
  window?: Window & { TalentBeacon?: { q?: unknown[] }; TalentBeaconConfig?: Partial<TrackerOptions> };
  create?: (options: TrackerOptions) => Tracker;
}

/**
 * The glue of the <script> build: puts the script API on `window.TalentBeacon` when there is one
 * (the stub, or the object the build's exports extend) and returns it. Calls made before there
 * is a tracker are queued, together with the calls the pre-load stub queued in
 * `TalentBeacon.q`, and replayed in order by `init`.
 * `init` runs at once when the script tag has data-endpoint or `window.TalentBeaconConfig`
 * exists; otherwise the page calls `TalentBeacon.init(options)` (or `createTracker` itself).
 * Bad configuration and failing queued calls are reported (onError, else console.warn), never
 * thrown into the page.
 *
 * @example
 * // the entry of dist/talent-beacon.js:
 * autoInit(); // TalentBeacon.impression, ..., TalentBeacon.init
 */
export function autoInit({ window: page = window, create = createTracker }: AutoInitEnv = {}): ScriptApi {
  let tracker: Tracker | undefined;
  let report: (error: Error) => void = console.warn;
  // Adopt the stub's queue: the stub keeps pushing into it until our methods replace the stub's.
  // Its entries hold the arguments object of the call (iterable, like the arrays queued here).
  const queue = (page.TalentBeacon?.q ?? []) as [Method, Iterable<unknown>][];
  const call =
    (method: Method) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one forwarder stands for every ScriptApi method, whose signatures differ
    (...args: unknown[]): any => {
      if (tracker) return (tracker[method] as (...args: unknown[]) => unknown)(...args);
      queue.push([method, args]);
    };
  const api = {
    init(options: TrackerOptions) {
      if (!tracker) {
        report = options.onError ?? report;
        tracker = create(options);
        observeMarkup(tracker, page.document, report);
        for (const [method, args] of queue.splice(0)) {
          try {
            (tracker[method] as (...args: unknown[]) => unknown)(...args);
          } catch (error) {
            report(error as Error);
          }
        }
      }
      return tracker;
    },
  } as ScriptApi;
  for (const method of METHODS) api[method] = call(method);
  // The methods replace the stub's on the global (the object the script build's exports extend).
  Object.assign(page.TalentBeacon ?? {}, api);
  try {
    const doc = page.document;
    const options = scriptConfig(
      doc.currentScript ?? doc.querySelector('script[data-endpoint]'),
      page.TalentBeaconConfig,
    );
    if (options) api.init(options);
  } catch (error) {
    report(error as Error); // a ConfigError from bad attributes: the page goes on without tracking
  }
  return api;
}
