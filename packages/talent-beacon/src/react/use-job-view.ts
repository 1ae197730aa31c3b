import { useEffect, useRef } from 'react';
import { useTrackerContext } from './tracker-context.js';
import type { ViewInput } from '../tracker/tracker-types.js';

/** Options of {@link useJobView}: explicit links (usually found by the link store) and extraInfo. */
export type JobViewOptions = Omit<ViewInput, 'job'>;

/**
 * Reports a VIEW of `job` when the component mounts, and again when `job` or an explicit
 * requestId / parentEventId changes. The link store finds the IMPRESSION and requestId, also
 * from another page or tab. Once per mounted job: StrictMode's extra effect run keeps the
 * component's state, so it is recognised and sends nothing; a real remount is a new view.
 * Nothing while `job` is empty (the job is loading). Invalid input (a malformed job name, no
 * requestId anywhere) never throws into React: it goes to the provider's onError, once.
 * `extraInfo` is read when the view is sent and does not trigger a new one.
 *
 * @example
 * function JobPage({ job }) {
 *   useJobView(job.name);
 *   return <h1>{job.title}</h1>;
 * }
 */
export function useJobView(job: string | null | undefined, options: JobViewOptions = {}): void {
  const { tracker, onError } = useTrackerContext();
  const { requestId, parentEventId } = options ?? {};
  const key = job ? JSON.stringify([job, requestId, parentEventId]) : '';
  const sent = useRef('');
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    // The ref survives StrictMode's unmount + mount of effects (same component instance).
    if (!job || sent.current === key) return;
    sent.current = key;
    try {
      tracker.view({ ...latest.current, job });
    } catch (error) {
      onError(error as Error);
    }
    // `key` stands for job, requestId and parentEventId; extraInfo is read when sending.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tracker, onError, key]);
}
