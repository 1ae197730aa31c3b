import { useCallback } from 'react';
import type { ClientEvent } from '@talent-beacon/core';
import { useTrackerContext } from './tracker-context.js';
import type { TrackInput } from '../tracker/tracker-types.js';

/**
 * A stable function (the same one on every render) that reports an event from a handler, linked
 * like `tracker.track` (an APPLICATION_START finds its VIEW, also on a later page). It returns the
 * queued event, or `undefined` when the input is invalid or no requestId is known: that error goes
 * to the provider's onError instead of being thrown, so the rest of the handler (the navigation to
 * the application form) still runs. Use `useTracker().track()` to get the ClientEventError thrown.
 *
 * @example
 * const trackEvent = useTrackEvent();
 * const apply = () => {
 *   trackEvent({ type: 'APPLICATION_START', jobs: [job.name] });
 *   navigate(`/jobs/${job.id}/apply`);
 * };
 */
export function useTrackEvent(): (input: TrackInput) => ClientEvent | undefined {
  const { tracker, onError } = useTrackerContext();
  return useCallback(
    (input: TrackInput) => {
      try {
        return tracker.track(input);
      } catch (error) {
        onError(error as Error);
        return undefined;
      }
    },
    [tracker, onError],
  );
}
