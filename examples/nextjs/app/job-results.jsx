'use client';
import { useImpression, useTrackEvent } from 'talent-beacon/react';

/** A results list: one IMPRESSION per search (its requestId), and APPLICATION_START on Apply. */
export function JobResults({ requestId, jobs }) {
  useImpression(
    requestId,
    jobs.map((job) => job.name),
  );
  const track = useTrackEvent();
  return (
    <ul>
      {jobs.map((job) => (
        <li key={job.name}>
          {job.title}{' '}
          <button type="button" onClick={() => track({ type: 'APPLICATION_START', jobs: [job.name], requestId })}>
            Apply
          </button>
        </li>
      ))}
    </ul>
  );
}
