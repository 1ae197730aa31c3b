import { useTrackerContext } from './tracker-context.js';
import type { Tracker } from '../tracker/tracker-types.js';

/**
 * The tracker of the nearest TalentBeaconProvider, for anything the other hooks do not cover.
 * Its methods are for event handlers and effects, not for render, and they throw like the
 * tracker's own (ClientEventError for invalid input). With provider `options` this is a stable
 * stand-in that creates the real tracker on first use in the browser.
 *
 * @example
 * const tracker = useTracker();
 * <button onClick={() => tracker.setConsent(true)}>Accept</button>
 */
export function useTracker(): Tracker {
  return useTrackerContext().tracker;
}
