// The demo server's JSON API (searches go to the emulator's jobs:search).

/** A job as the board shows it (see packages/demo/src/present-job.ts). */
export interface JobCard {
  id: string;
  name: string;
  title: string;
  company: string;
  location: string;
  salary: string;
  type: string;
  snippet: string;
  descriptionHtml: string;
}

export interface SearchResult {
  query: string;
  requestId: string;
  totalSize: number;
  jobs: JobCard[];
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${url} answered ${response.status}`);
  return body;
}

/** One `jobs:search` through the demo server; every call is a new search with its own requestId. */
export const searchJobs = (query: string) => getJson<SearchResult>(`/api/search?${new URLSearchParams({ q: query })}`);
export const getJob = (id: string) => getJson<JobCard>(`/api/jobs/${encodeURIComponent(id)}`);
