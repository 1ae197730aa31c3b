// A tiny REST client for the parts of the CTS v4 API the demo needs (companies, jobs, search),
// pointed at the emulator. It speaks the real wire format (docs/cts-api.md §7), so the same calls
// would work against jobs.googleapis.com with a real token.

/** A CTS v4 `Job` as far as the demo reads it. */
export interface CtsJob {
  name: string;
  company: string;
  companyDisplayName?: string;
  requisitionId: string;
  title: string;
  description: string;
  addresses?: string[];
  employmentTypes?: string[];
  compensationInfo?: {
    entries?: Array<{
      type?: string;
      unit?: string;
      range?: { minCompensation?: CtsMoney; maxCompensation?: CtsMoney };
      amount?: CtsMoney;
    }>;
  };
  languageCode?: string;
  applicationInfo?: { emails?: string[]; uris?: string[]; instruction?: string };
  postingUpdateTime?: string;
  postingCreateTime?: string;
}

/** `google.type.Money`: `units` is an int64, which JSON carries as a string. */
export interface CtsMoney {
  currencyCode?: string;
  units?: string | number;
  nanos?: number;
}

export interface CtsCompany {
  name: string;
  displayName: string;
  externalId: string;
}

/** What `jobs:search` returns, as far as the demo reads it. */
export interface CtsSearchResponse {
  matchingJobs?: Array<{ job: CtsJob; jobSummary?: string }>;
  metadata?: { requestId?: string };
  totalSize?: number;
  nextPageToken?: string;
}

export interface CtsSearchInput {
  query: string;
  pageSize: number;
  offset?: number;
  /** Who is searching: CTS wants a stable, anonymous session and user id per visitor. */
  sessionId: string;
  userId: string;
  domain: string;
}

export interface CtsClient {
  readonly parent: string;
  createCompany(company: { displayName: string; externalId: string }): Promise<CtsCompany>;
  getCompany(name: string): Promise<CtsCompany>;
  createJob(job: Omit<CtsJob, 'name'>): Promise<CtsJob>;
  /** `jobs.patch` with `?updateMask=` (v4 puts the mask in the query, the Job in the body). */
  patchJob(name: string, job: Partial<CtsJob>, updateMask: string[]): Promise<CtsJob>;
  getJob(name: string): Promise<CtsJob>;
  searchJobs(input: CtsSearchInput): Promise<CtsSearchResponse>;
}

/** A non-2xx answer of the API, with the `google.rpc.Status` message when there is one. */
export class CtsApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${method} ${path} answered ${status}: ${detail}`);
    this.name = 'CtsApiError';
  }
}

/**
 * A CTS v4 client for one tenant of a CTS-compatible server (the emulator, or Google with a real
 * access token).
 *
 * @example
 * const cts = createCtsClient({ url: emulator.url, token: 'dev', project: 'demo', tenant: 'board' });
 * const { matchingJobs, metadata } = await cts.searchJobs({ query: 'nurse', pageSize: 10, sessionId, userId, domain });
 */
export function createCtsClient(options: { url: string; token: string; project: string; tenant: string }): CtsClient {
  const base = options.url.replace(/\/+$/, '');
  const parent = `projects/${options.project}/tenants/${options.tenant}`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 500);
      try {
        detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? detail;
      } catch {
        // not JSON: keep the raw text
      }
      throw new CtsApiError(response.status, method, path, detail);
    }
    return JSON.parse(text) as T;
  }

  return {
    parent,
    createCompany: (company) => call('POST', `/v4/${parent}/companies`, company),
    getCompany: (name) => call('GET', `/v4/${name}`),
    createJob: (job) => call('POST', `/v4/${parent}/jobs`, job),
    patchJob: (name, job, updateMask) =>
      call('PATCH', `/v4/${name}?updateMask=${encodeURIComponent(updateMask.join(','))}`, job),
    getJob: (name) => call('GET', `/v4/${name}`),
    searchJobs: (input) =>
      call('POST', `/v4/${parent}/jobs:search`, {
        requestMetadata: { domain: input.domain, sessionId: input.sessionId, userId: input.userId },
        jobQuery: input.query ? { query: input.query } : {},
        // v4 names the page size maxPageSize (v3/v4beta1: pageSize); CTS v4 refuses pageSize.
        maxPageSize: input.pageSize,
        // The default JOB_VIEW_SMALL leaves out addresses, pay and employment types, which every
        // result card shows.
        jobView: 'JOB_VIEW_FULL',
        ...(input.offset ? { offset: input.offset } : {}),
      }),
  };
}
