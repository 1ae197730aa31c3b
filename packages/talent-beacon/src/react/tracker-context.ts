import { createContext, useContext } from 'react';
import { ConfigError } from '@talent-beacon/core';
import type { Tracker } from '../tracker/tracker-types.js';

/** What TalentBeaconProvider gives its hooks. */
export interface TrackerContextValue {
  tracker: Tracker;
  /** Where hooks report what they cannot throw (effects must not break the page). */
  onError: (error: Error) => void;
}

/**
 * The React context behind the hooks; use {@link TalentBeaconProvider} to provide it.
 *
 * @example
 * const { tracker } = useContext(TrackerContext)!;
 */
export const TrackerContext = createContext<TrackerContextValue | null>(null);

/**
 * The provider's tracker and error channel; throws a ConfigError naming the fix when there is no
 * provider (a wiring mistake that shows on the first render in development).
 *
 * @example
 * const { tracker, onError } = useTrackerContext();
 */
export function useTrackerContext(): TrackerContextValue {
  const value = useContext(TrackerContext);
  if (!value) {
    throw new ConfigError(
      'MISSING_OPTION',
      'TalentBeaconProvider',
      'talent-beacon/react: no <TalentBeaconProvider> above this component; wrap the app in <TalentBeaconProvider options={{ endpoint: "/cts/events" }}>',
    );
  }
  return value;
}
