// A tiny job board for e2e/react.spec.ts, rendered under <StrictMode> with React's development
// build (so effects really run mount -> unmount -> mount): a results list (useImpression) and a
// job page (useJobView) with an Apply button (useTrackEvent). `?job=N` opens a job page directly
// (a fresh page load); links inside the app navigate client-side, like a SPA.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TalentBeaconProvider, useImpression, useJobView, useTrackEvent, useTracker } from 'talent-beacon/react';

interface TestWindow {
  /** Sends what the tracker queued; resolves when the collector answered. */
  flushEvents?: () => Promise<void>;
  /** What reached the provider's onError. */
  trackerErrors: string[];
  /** Runs of a mount effect: 2 per mount proves StrictMode's double invocation is on. */
  effectRuns: number;
}
const w = window as unknown as TestWindow;
w.trackerErrors = [];
w.effectRuns = 0;

const REQUEST_ID = 'REQ-REACT-1';
const job = (n: number) => `projects/p/tenants/t/jobs/${n}`;

function Results({ open }: { open: (n: number) => void }) {
  // A new array on every render, as apps build it from a response.
  const jobs = [1, 2, 3].map(job);
  useImpression(REQUEST_ID, jobs);
  return (
    <ul id="results">
      {jobs.map((name, i) => (
        <li key={name}>
          <a id={`job${i + 1}`} href={`?job=${i + 1}`} onClick={(e) => (e.preventDefault(), open(i + 1))}>
            {name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function JobPage({ n }: { n: number }) {
  useJobView(job(n));
  const trackEvent = useTrackEvent();
  const [applied, setApplied] = useState(false);
  return (
    <main>
      <h1 id="title">Job {n}</h1>
      <button
        id="apply"
        type="button"
        onClick={() => (trackEvent({ type: 'APPLICATION_START', jobs: [job(n)] }), setApplied(true))}
      >
        Apply
      </button>
      {applied && <p id="applied">Applied</p>}
    </main>
  );
}

function App() {
  const tracker = useTracker();
  const [n, setN] = useState(() => Number(new URLSearchParams(location.search).get('job')) || 0);
  useEffect(() => {
    w.effectRuns++;
    w.flushEvents = () => tracker.flush();
  }, [tracker]);
  const open = (next: number) => {
    history.pushState(null, '', `?job=${next}`);
    setN(next);
  };
  return n ? <JobPage key={n} n={n} /> : <Results open={open} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element to render the app into');
createRoot(root).render(
  <StrictMode>
    {/* A long flushInterval: the spec flushes itself, so what it counts is what the page sent. */}
    <TalentBeaconProvider
      options={{ endpoint: '/cts/events', flushInterval: 600_000, onError: (e) => w.trackerErrors.push(String(e)) }}
    >
      <App />
    </TalentBeaconProvider>
  </StrictMode>,
);
