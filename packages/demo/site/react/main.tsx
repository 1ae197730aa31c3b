// The React version of the board: TalentBeaconProvider around the app, the hooks in the pages.
import { createRoot } from 'react-dom/client';
import { TalentBeaconProvider } from 'talent-beacon/react';
// Demo instrumentation (kept external by demo/rollup.config.mjs): shows this page's events.
import '/assets/event-panel.js';
import { ApplyPage, AppliedPage } from './apply-page.js';
import { JobPage } from './job-page.js';
import { useLocation, Link } from './router.js';
import { SearchPage } from './search-page.js';

function App() {
  const { pathname, query } = useLocation();
  const [, job, jobPage] = /^\/react\/jobs\/([^/]+)(\/apply|\/applied)?$/.exec(pathname) ?? [];
  if (job) {
    const id = decodeURIComponent(job);
    if (jobPage === '/apply') return <ApplyPage id={id} />;
    if (jobPage === '/applied') return <AppliedPage id={id} />;
    return <JobPage id={id} key={id} />;
  }
  if (pathname === '/react/' || pathname === '/react')
    return <SearchPage query={query.get('q') ?? ''} key={query.get('q') ?? ''} />;
  return (
    <div className="wrap narrow">
      <div className="form-card">
        <h1>Page not found</h1>
        <Link className="button" href="/react/">
          Back to search
        </Link>
      </div>
    </div>
  );
}

// A short flushInterval so the panel shows events leaving within a second (default: 5 s).
const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element to render the board into');
createRoot(root).render(
  <TalentBeaconProvider options={{ endpoint: '/cts/events', flushInterval: 1000 }}>
    <App />
  </TalentBeaconProvider>,
);
