import { useMemo, useState, type FormEvent } from 'react';
import { useImpression } from 'talent-beacon/react';
import { searchJobs, type SearchResult } from './api.js';
import { JobCard } from './job-card.js';
import { Link, navigate } from './router.js';
import { useFetch } from './use-fetch.js';

const SUGGESTIONS = ['engineer', 'nurse', 'driver', 'remote'];

/** The search box and the results of one search. */
export function SearchPage({ query }: { query: string }) {
  const [draft, setDraft] = useState(query);
  const { data, error } = useFetch(`search:${query}`, () => searchJobs(query));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    navigate(q ? `/react/?q=${encodeURIComponent(q)}` : '/react/');
  };
  return (
    <>
      <section className="hero">
        <div className="wrap">
          <h1>Find a job you will like going to.</h1>
          <form className="search" role="search" onSubmit={submit}>
            <input
              name="q"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="Job title, skill or company"
              aria-label="Search jobs"
              autoComplete="off"
            />
            <button className="button primary" type="submit">
              Search
            </button>
          </form>
          <p className="hint">
            Try{' '}
            {SUGGESTIONS.map((q, i) => (
              <span key={q}>
                {i > 0 && ' · '}
                <Link href={`/react/?q=${q}`}>{q}</Link>
              </span>
            ))}
          </p>
        </div>
      </section>
      <section className="wrap results-section">
        {error ? (
          <div className="empty">The search failed: {error.message}</div>
        ) : data ? (
          <Results result={data} />
        ) : (
          <>
            <div className="results-head">
              <h2 className="result-count">Searching…</h2>
            </div>
            <div className="results">
              {[0, 1, 2, 3].map((i) => (
                <div className="skeleton" key={i} />
              ))}
            </div>
          </>
        )}
      </section>
    </>
  );
}

/** Rendered once per search answer: reports the one IMPRESSION of this requestId. */
function Results({ result }: { result: SearchResult }) {
  const jobs = useMemo(() => result.jobs.map((j) => j.name), [result]);
  useImpression(result.requestId, jobs);
  const { query, totalSize } = result;
  return (
    <>
      <div className="results-head">
        <h2 className="result-count">
          {query ? `${totalSize} ${totalSize === 1 ? 'job' : 'jobs'} for “${query}”` : `${totalSize} open jobs`}
        </h2>
      </div>
      {result.jobs.length === 0 ? (
        <div className="empty">
          <h3>No jobs match “{query}”</h3>
          <p>Try a broader word.</p>
        </div>
      ) : (
        <ol className="results">
          {result.jobs.map((job) => (
            <JobCard job={job} key={job.name} />
          ))}
        </ol>
      )}
    </>
  );
}
