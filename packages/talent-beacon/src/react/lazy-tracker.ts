import type { Tracker } from '../tracker/tracker-types.js';

/** What {@link lazyTracker} returns: the stand-in tracker and the hook for a mount effect. */
export interface LazyTracker {
  /** Forwards to the real tracker, creating it on first use. */
  tracker: Tracker;
  /**
   * For a mount effect: creates the tracker (reporting, not throwing, a creation error) and
   * returns the release function that destroys it unless a mount follows within the tick.
   */
  mount: () => () => void;
}

/**
 * A tracker that is created on first use and can be released and taken back within a tick.
 * WHY: TalentBeaconProvider must not create a tracker during server rendering (no effects run
 * there) nor twice under StrictMode, whose extra unmount + mount cycle would otherwise destroy the
 * first tracker and start a second one. `mount()` (from an effect) returns a release function that
 * destroys the tracker only if no mount follows within the same tick (StrictMode remounts
 * synchronously). After a real release, a later call creates a new tracker (e.g. React's
 * `<Activity>` showing the tree again).
 *
 * `setTimeout` / `clearTimeout` default to the global ones and are only touched by `mount()` and
 * its release, i.e. in the browser.
 *
 * @example
 * const lazy = lazyTracker(() => createTracker({ endpoint: '/cts/events' }), console.warn);
 * useEffect(lazy.mount, [lazy]);
 * lazy.tracker.view({ job }); // creates the tracker now if it does not exist yet
 */
export function lazyTracker(
  create: () => Tracker,
  onError: (error: Error) => void,
  timers: { setTimeout: (callback: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void } = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): LazyTracker {
  let current: Tracker | undefined;
  let release: unknown;
  // Throws what `create` throws (a ConfigError for bad options): the hooks report it.
  const get = () => (current ??= create());
  const tracker: Tracker = {
    impression: (input) => get().impression(input),
    view: (input) => get().view(input),
    track: (input) => get().track(input),
    chain: (job) => get().chain(job),
    flush: () => get().flush(),
    setConsent: (granted) => get().setConsent(granted),
    destroy() {
      const started = current;
      current = undefined;
      return started ? started.destroy() : Promise.resolve();
    },
  };
  return {
    tracker,
    mount() {
      if (release !== undefined) timers.clearTimeout(release);
      release = undefined;
      try {
        get(); // start delivery of what earlier pages left queued, even before the first event
      } catch (error) {
        onError(error as Error);
      }
      return () => {
        release = timers.setTimeout(() => {
          release = undefined;
          tracker.destroy().catch(onError);
        }, 0);
      };
    },
  };
}
