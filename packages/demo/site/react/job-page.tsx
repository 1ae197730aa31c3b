import type { MouseEvent } from 'react';
import { useJobView, useTrackEvent } from 'talent-beacon/react';
import { getJob, type JobCard } from './api.js';
import { Chips } from './job-card.js';
import { navigate } from './router.js';
import { useFetch } from './use-fetch.js';
import { eventPanel } from '/assets/event-panel.js';

/** A job's page: loads it, then shows it (which reports the VIEW). */
export function JobPage({ id }: { id: string }) {
  const { data, error } = useFetch(`job:${id}`, () => getJob(id));
  if (error)
    return (
      <div className="wrap narrow">
        <div className="form-card">
          <h1>Job not found</h1>
          <p>{error.message}</p>
        </div>
      </div>
    );
  if (!data)
    return (
      <div className="wrap job-page">
        <div className="skeleton" style={{ height: 420 }} />
      </div>
    );
  return <JobDetails job={data} />;
}

function JobDetails({ job }: { job: JobCard }) {
  // The VIEW; its parent IMPRESSION and requestId come from the link store.
  useJobView(job.name);
  const trackEvent = useTrackEvent();
  const apply = () => {
    // useTrackEvent returns the queued event; the demo's panel lists it (impressions and views
    // from the other hooks reach the panel when they are sent).
    eventPanel.add(trackEvent({ type: 'APPLICATION_START', jobs: [job.name] }));
    navigate(`/react/jobs/${encodeURIComponent(job.id)}/apply`);
  };
  const back = (event: MouseEvent) => {
    event.preventDefault();
    if (history.length > 1) history.back();
    else navigate('/react/');
  };
  return (
    <div className="wrap job-page">
      <a className="back" href="/react/" onClick={back}>
        ← Back to results
      </a>
      <div className="job-layout">
        <article className="job-main">
          <header className="job-header">
            <span className="avatar large" aria-hidden="true">
              {job.company.slice(0, 1)}
            </span>
            <div>
              <h1>{job.title}</h1>
              <div className="company">
                {job.company} · {job.location}
              </div>
              <Chips job={job} />
            </div>
          </header>
          {/* sanitised by the demo server: only p, ul, ol, li, b, strong, i, em, br */}
          <div className="description" dangerouslySetInnerHTML={{ __html: job.descriptionHtml }} />
        </article>
        <aside className="job-aside">
          <div className="apply-card">
            {job.salary && <div className="apply-salary">{job.salary}</div>}
            <div className="muted">
              {job.type} · {job.location}
            </div>
            <button className="button primary block" onClick={apply}>
              Apply now
            </button>
            <p className="fine">Takes about two minutes. No account needed.</p>
          </div>
        </aside>
      </div>
    </div>
  );
}
