import type { JobCard as Job } from './api.js';
import { Link } from './router.js';

/** The salary and employment-type chips. */
export function Chips({ job }: { job: Job }) {
  return (
    <div className="chips">
      {job.salary && <span className="chip pay">{job.salary}</span>}
      <span className="chip">{job.type}</span>
    </div>
  );
}

/** One search result. */
export function JobCard({ job }: { job: Job }) {
  return (
    <li className="job-card">
      <div className="card-top">
        <span className="avatar" aria-hidden="true">
          {job.company.slice(0, 1)}
        </span>
        <div>
          <h3 className="job-title">
            <Link href={`/react/jobs/${encodeURIComponent(job.id)}`}>{job.title}</Link>
          </h3>
          <div className="company">
            {job.company} · {job.location}
          </div>
        </div>
      </div>
      <p className="snippet">{job.snippet}</p>
      <Chips job={job} />
    </li>
  );
}
