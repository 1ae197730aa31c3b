import { useEffect, useRef } from 'react';
import { useTrackerContext } from './tracker-context.js';
import type { ImpressionInput } from '../tracker/tracker-types.js';

/**
 * Reports the IMPRESSION of a results list once it is rendered: once per requestId, in the
 * order of `jobs`. Nothing while `requestId` is empty or `jobs` is empty (results loading).
 * A re-render with equal contents (a new array with the same jobs) sends nothing, and neither do
 * StrictMode's repeated effect, a remount or a reload: the tracker keeps one IMPRESSION per
 * requestId. A new requestId (the next page of results, a new search) sends a new one.
 * Invalid input (e.g. a malformed job name) never throws into React: it goes to the provider's
 * onError, once per distinct input.
 *
 * @example
 * function Results({ response }) {
 *   const jobs = response.matchingJobs.map((m) => m.job.name);
 *   useImpression(response.metadata.requestId, jobs);
 *   return <ul>{jobs.map((name) => <li key={name}>…</li>)}</ul>;
 * }
 */
export function useImpression(
  requestId: string | null | undefined,
  jobs: readonly string[],
  extraInfo?: ImpressionInput['extraInfo'],
): void {
  const { tracker, onError } = useTrackerContext();
  // The contents, not the array's identity: apps build a new `jobs` array on every render.
  const key = requestId && !(Array.isArray(jobs) && !jobs.length) ? JSON.stringify([requestId, jobs]) : '';
  const sent = useRef('');
  const latestExtra = useRef(extraInfo);
  latestExtra.current = extraInfo;
  useEffect(() => {
    // The ref survives StrictMode's unmount + mount of effects (same component instance).
    if (!key || sent.current === key) return;
    sent.current = key;
    try {
      // The contents the key was made of (the props may have changed since).
      const [keyRequestId, keyJobs] = JSON.parse(key) as [string, string[]];
      const shown = { requestId: keyRequestId, jobs: keyJobs };
      tracker.impression(latestExtra.current === undefined ? shown : { ...shown, extraInfo: latestExtra.current });
    } catch (error) {
      onError(error as Error);
    }
  }, [tracker, onError, key]);
}
