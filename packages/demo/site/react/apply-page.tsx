import type { FormEvent } from 'react';
import { useTrackEvent } from 'talent-beacon/react';
import { getJob } from './api.js';
import { Link, navigate } from './router.js';
import { useFetch } from './use-fetch.js';
import { eventPanel } from '/assets/event-panel.js';

/** The application form; submitting it reports APPLICATION_FINISH. */
export function ApplyPage({ id }: { id: string }) {
  const { data: job } = useFetch(`job:${id}`, () => getJob(id));
  const trackEvent = useTrackEvent();
  if (!job)
    return (
      <div className="wrap narrow">
        <div className="skeleton" style={{ height: 360, marginTop: 28 }} />
      </div>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    eventPanel.add(trackEvent({ type: 'APPLICATION_FINISH', jobs: [job.name] }));
    navigate(`/react/jobs/${encodeURIComponent(job.id)}/applied`);
  };
  return (
    <div className="wrap narrow">
      <Link className="back" href={`/react/jobs/${encodeURIComponent(job.id)}`}>
        ← Back to the job
      </Link>
      <div className="form-card">
        <p className="eyebrow">Apply to {job.company}</p>
        <h1>{job.title}</h1>
        <form className="apply-form" onSubmit={submit}>
          <label>
            Full name <input name="name" autoComplete="name" placeholder="Alex Example" />
          </label>
          <label>
            Email <input name="email" type="email" autoComplete="email" placeholder="alex@example.com" />
          </label>
          <label>
            Link to your CV or LinkedIn <input name="cv" type="url" placeholder="https://" />
          </label>
          <label>
            Why this job? <textarea name="note" rows={4} placeholder="A few sentences are plenty." />
          </label>
          <button className="button primary" type="submit">
            Submit application
          </button>
        </form>
      </div>
    </div>
  );
}

/** The confirmation. */
export function AppliedPage({ id }: { id: string }) {
  const { data: job } = useFetch(`job:${id}`, () => getJob(id));
  return (
    <div className="wrap narrow">
      <div className="form-card done">
        <div className="done-icon" aria-hidden="true">
          ✓
        </div>
        <h1>Application sent</h1>
        {job && (
          <p>
            {job.company} has your application for <strong>{job.title}</strong>. You will hear from them by email.
          </p>
        )}
        <Link className="button primary" href="/react/">
          Back to search
        </Link>
      </div>
    </div>
  );
}
