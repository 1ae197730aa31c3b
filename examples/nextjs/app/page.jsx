import { JobResults } from './job-results.jsx';

// Rendered on the server for every request, like a search results page.
export const dynamic = 'force-dynamic';

export default function Page() {
  // In a real site: a CTS jobs.search, whose metadata.requestId the events must carry.
  const requestId = 'search-42';
  const jobs = [
    { name: 'projects/my-project/jobs/1', title: 'Nurse' },
    { name: 'projects/my-project/jobs/2', title: 'Welder' },
  ];
  return (
    <main>
      <h1>Jobs</h1>
      <JobResults requestId={requestId} jobs={jobs} />
    </main>
  );
}
