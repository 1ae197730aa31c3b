import type { ApiVersion } from '@talent-beacon/core';
import { describeValue } from '@talent-beacon/core';
import { checkJobFields, invalidJob, JOB_FIELDS, JOB_TIME_FIELDS, OUTPUT_ONLY_JOB_FIELDS } from './job-rules.js';
import type { Parent } from './match-route.js';
import { RpcError } from './rpc-error.js';
import { searchJobs, type SearchHit } from './search-jobs.js';

type Json = Record<string, unknown>;

/** A search the emulator answered: its requestId is what client events must carry. */
export interface SearchRecord {
  requestId: string;
  parent: string;
  query: string;
  /** The job names returned on that page, in order. */
  jobs: string[];
  at: string;
}

/** The tenants, companies, jobs and searches of one emulator, in memory. */
export interface CtsStore {
  createTenant(project: string, tenant: Json): Json;
  getTenant(name: string): Json;
  listTenants(project: string): Json[];
  deleteTenant(name: string): void;
  createCompany(parent: Parent, company: Json): Json;
  getCompany(name: string): Json;
  listCompanies(parent: Parent): Json[];
  deleteCompany(name: string): void;
  /** `job` uses the emulator's form: the company under `company`, whatever the version calls it. */
  createJob(parent: Parent, job: Json, apiVersion: ApiVersion): Json;
  getJob(name: string): Json;
  /** Open jobs of a parent (expired ones or all with `status`), of one company and/or requisitionId. */
  listJobs(
    parent: Parent,
    filter: { company?: string; requisitionId?: string; status?: 'OPEN' | 'EXPIRED' | 'ALL' },
  ): Json[];
  /** `mask`: top-level field names in the emulator's form; empty = every field. */
  patchJob(name: string, job: Json, mask: string[], apiVersion: ApiVersion): Json;
  deleteJob(name: string): void;
  search(
    parent: Parent,
    request: { query: string; companies: string[] },
  ): { hits: SearchHit[]; requestId: string; record: SearchRecord };
  /** Records the page of a search actually returned, for the inspector. */
  newRequestId(): string;
  hasJob(name: string): boolean;
  searches(): SearchRecord[];
  reset(): void;
}

const DAY_MS = 86_400_000;
/** Searches remembered (for their requestIds), newest kept: memory stays bounded under load. */
export const MAX_SEARCHES = 10_000;
/**
 * Tenants the emulator auto-creates from ids in paths: past this many tenants in all, an unknown
 * tenant id is 404 NOT_FOUND (as in CTS) instead of a new tenant, so requests naming fresh ids
 * cannot grow memory without bound. tenants.create is not limited (the developer's data).
 */
export const MAX_AUTO_TENANTS = 1000;
/** "If this value isn't provided … the job posting expires after 30 days" (the jobs.patch reference: docs/cts-api.md §7). */
const DEFAULT_EXPIRY_MS = 30 * DAY_MS;
const COMPANY_FIELDS = [
  'name',
  'displayName',
  'externalId',
  'size',
  'headquartersAddress',
  'hiringAgency',
  'eeoText',
  'websiteUri',
  'careerSiteUri',
  'imageUri',
  'keywordSearchableJobCustomAttributes',
  'derivedInfo',
  'suspended',
];

function notFound(kind: string, name: string): RpcError {
  return new RpcError('NOT_FOUND', `${kind} ${name} not found.`);
}

/**
 * The in-memory CTS data behind the REST routes, with the jobs.patch rules of docs/cts-api.md §7: required fields and
 * limits, output-only fields ignored, invalid timestamps ignored, 30-day default expiry, updateMask
 * of top-level fields, and no two open jobs with the same company + languageCode + requisitionId.
 *
 * @example
 * const store = createCtsStore({ clock: () => new Date(), createId: () => '1', createRequestId: () => 'r' });
 */
export function createCtsStore(options: {
  clock: () => Date;
  createId: () => string;
  createRequestId: () => string;
}): CtsStore {
  const { clock, createId, createRequestId } = options;
  let tenants = new Map<string, Json>();
  let companies = new Map<string, Json>();
  let jobs = new Map<string, Json>();
  let searches: SearchRecord[] = [];

  const now = () => clock();
  const isOpen = (job: Json) => {
    const expire = typeof job.postingExpireTime === 'string' ? Date.parse(job.postingExpireTime) : NaN;
    return Number.isNaN(expire) || expire > now().getTime();
  };

  // Input clean-up shared by create and patch: output-only fields and the name are the server's,
  // invalid timestamps "are ignored and treated as unspecified" (the jobs.patch reference: docs/cts-api.md §7).
  function cleanInput(job: Json): Json {
    const out: Json = {};
    for (const [key, value] of Object.entries(job)) {
      if (key === 'name' || OUTPUT_ONLY_JOB_FIELDS.includes(key) || value === undefined) continue;
      if (JOB_TIME_FIELDS.includes(key)) {
        const time = typeof value === 'string' ? Date.parse(value) : NaN;
        if (Number.isNaN(time)) continue;
        out[key] = new Date(time).toISOString();
        continue;
      }
      out[key] = value;
    }
    return out;
  }

  // Returns the job's company (it exists: that is one of the checks).
  function checkCompanyAndUniqueness(parent: string, job: Json, apiVersion: ApiVersion, self?: string): Json {
    const violations = checkJobFields(job, apiVersion);
    if (violations.length > 0) throw invalidJob(violations);
    const companyName = job.company as string;
    const company = companies.get(companyName);
    const field = apiVersion === 'v3' || apiVersion === 'v3p1beta1' ? 'companyName' : 'company';
    if (!company || !companyName.startsWith(`${parent}/companies/`)) {
      throw invalidJob([
        {
          field: `job.${field}`,
          description: `job.${field} ${describeValue(companyName)} is not a company of ${parent}; create it first (companies.create)`,
        },
      ]);
    }
    if (!isOpen(job)) return company;
    for (const other of jobs.values()) {
      if (other.name === self || !isOpen(other)) continue;
      if (
        other.company === job.company &&
        other.languageCode === job.languageCode &&
        other.requisitionId === job.requisitionId
      ) {
        throw new RpcError(
          'ALREADY_EXISTS',
          `Job ${other.name as string} is already open with company ${companyName}, languageCode ${String(job.languageCode)} and requisitionId ${JSON.stringify(job.requisitionId)}; no two open jobs may share all three.`,
        );
      }
    }
    return company;
  }

  function tenantFor(parent: Parent): void {
    // Any tenant id in a path works (auto-created), so a board can start without tenants.create;
    // up to MAX_AUTO_TENANTS tenants, so that fresh ids cannot grow memory without bound.
    if (parent.tenant !== undefined && !tenants.has(parent.name)) {
      if (tenants.size >= MAX_AUTO_TENANTS) {
        throw new RpcError(
          'NOT_FOUND',
          `Tenant ${parent.name} not found. The emulator auto-creates tenants named in a path only while it holds fewer than ${MAX_AUTO_TENANTS}; create it with tenants.create, delete unused ones, or POST /_emulator/reset.`,
        );
      }
      tenants.set(parent.name, { name: parent.name, externalId: parent.tenant });
    }
  }

  return {
    createTenant(project, tenant) {
      const externalId = tenant.externalId;
      if (typeof externalId !== 'string' || externalId.trim() === '' || [...externalId].length > 255) {
        throw new RpcError(
          'INVALID_ARGUMENT',
          `tenant.externalId is required and must be at most 255 characters (got ${describeValue(externalId)})`,
        );
      }
      for (const t of tenants.values()) {
        if (t.externalId === externalId && (t.name as string).startsWith(`projects/${project}/`)) {
          throw new RpcError(
            'ALREADY_EXISTS',
            `Tenant with externalId ${JSON.stringify(externalId)} already exists: ${t.name as string}`,
          );
        }
      }
      const name = `projects/${project}/tenants/${createId()}`;
      const stored = { name, externalId };
      tenants.set(name, stored);
      return { ...stored };
    },
    getTenant(name) {
      // name is projects/{project}/tenants/{tenant} (the route matched it).
      const [, project = '', , tenant = ''] = name.split('/');
      tenantFor({ name, project, tenant });
      const stored = tenants.get(name);
      if (!stored) throw notFound('Tenant', name);
      return { ...stored };
    },
    listTenants: (project) =>
      [...tenants.values()].filter((t) => (t.name as string).startsWith(`projects/${project}/`)).map((t) => ({ ...t })),
    deleteTenant(name) {
      if (!tenants.delete(name)) throw notFound('Tenant', name);
    },

    createCompany(parent, company) {
      tenantFor(parent);
      const unknown = Object.keys(company).filter((k) => !COMPANY_FIELDS.includes(k));
      if (unknown.length > 0)
        throw new RpcError(
          'INVALID_ARGUMENT',
          `Invalid JSON payload received. Unknown name ${JSON.stringify(unknown[0])} at 'company': Cannot find field.`,
        );
      for (const field of ['displayName', 'externalId']) {
        const value = company[field];
        if (typeof value !== 'string' || value.trim() === '')
          throw new RpcError('INVALID_ARGUMENT', `company.${field} is required (got ${describeValue(value)})`);
        if ([...value].length > 255)
          throw new RpcError(
            'INVALID_ARGUMENT',
            `company.${field} is ${[...value].length} characters; at most 255 are allowed`,
          );
      }
      for (const other of companies.values()) {
        if (other.externalId === company.externalId && (other.name as string).startsWith(`${parent.name}/companies/`)) {
          throw new RpcError(
            'ALREADY_EXISTS',
            `Company with externalId ${JSON.stringify(company.externalId)} already exists: ${other.name as string}`,
          );
        }
      }
      const { derivedInfo: _derived, name: _name, ...rest } = company;
      const stored = { ...rest, name: `${parent.name}/companies/${createId()}` };
      companies.set(stored.name, stored);
      return { ...stored };
    },
    getCompany(name) {
      const company = companies.get(name);
      if (!company) throw notFound('Company', name);
      return { ...company };
    },
    listCompanies: (parent) =>
      [...companies.values()]
        .filter((c) => (c.name as string).startsWith(`${parent.name}/companies/`))
        .map((c) => ({ ...c })),
    deleteCompany(name) {
      if (!companies.has(name)) throw notFound('Company', name);
      const owned = [...jobs.values()].find((j) => j.company === name && isOpen(j));
      if (owned)
        throw new RpcError(
          'FAILED_PRECONDITION',
          `Company ${name} still has open jobs (e.g. ${owned.name as string}); delete them first.`,
        );
      companies.delete(name);
    },

    createJob(parent, input, apiVersion) {
      tenantFor(parent);
      const job = cleanInput(input);
      job.languageCode ??= 'en-US';
      const company = checkCompanyAndUniqueness(parent.name, job, apiVersion);
      const time = now();
      const stored: Json = {
        name: `${parent.name}/jobs/${createId()}`,
        ...job,
        postingCreateTime: time.toISOString(),
        postingUpdateTime: time.toISOString(),
        companyDisplayName: company.displayName,
      };
      stored.postingPublishTime ??= time.toISOString();
      stored.postingExpireTime ??= new Date(time.getTime() + DEFAULT_EXPIRY_MS).toISOString();
      jobs.set(stored.name as string, stored);
      return { ...stored };
    },
    getJob(name) {
      const job = jobs.get(name);
      if (!job) throw notFound('Job', name);
      return { ...job };
    },
    listJobs(parent, filter) {
      return [...jobs.values()]
        .filter((j) => (j.name as string).startsWith(`${parent.name}/jobs/`))
        .filter((j) => filter.status === 'ALL' || (filter.status === 'EXPIRED' ? !isOpen(j) : isOpen(j)))
        .filter((j) => filter.company === undefined || j.company === filter.company)
        .filter((j) => filter.requisitionId === undefined || j.requisitionId === filter.requisitionId)
        .map((j) => ({ ...j }));
    },
    patchJob(name, input, mask, apiVersion) {
      const existing = jobs.get(name);
      if (!existing) throw notFound('Job', name);
      const update = cleanInput(input);
      const next: Json = {};
      if (mask.length === 0) {
        // "If update_mask is not provided … all the fields are updated": the body replaces the job.
        Object.assign(next, update);
      } else {
        Object.assign(next, existing);
        for (const field of mask) {
          if (field === 'name' || OUTPUT_ONLY_JOB_FIELDS.includes(field)) continue;
          if (update[field] === undefined) delete next[field];
          else next[field] = update[field];
        }
      }
      for (const field of OUTPUT_ONLY_JOB_FIELDS) if (existing[field] !== undefined) next[field] = existing[field];
      next.name = name;
      next.languageCode ??= 'en-US';
      const time = now();
      // "If the field masks include job_end_time, or the masks are empty …, the job posting
      // expires after 30 days from the job's last update time. Otherwise the expiration date
      // isn't updated." (UpdateJobRequest)
      const expirySet =
        (mask.length === 0 || mask.includes('postingExpireTime')) && update.postingExpireTime !== undefined;
      if (!expirySet && (mask.length === 0 || mask.includes('jobEndTime') || next.postingExpireTime === undefined)) {
        next.postingExpireTime = new Date(time.getTime() + DEFAULT_EXPIRY_MS).toISOString();
      }
      next.companyDisplayName = checkCompanyAndUniqueness(
        name.slice(0, name.lastIndexOf('/jobs/')),
        next,
        apiVersion,
        name,
      ).displayName;
      next.postingUpdateTime = time.toISOString();
      const ordered: Json = {};
      for (const field of JOB_FIELDS) if (next[field] !== undefined) ordered[field] = next[field];
      jobs.set(name, ordered);
      return { ...ordered };
    },
    deleteJob(name) {
      if (!jobs.delete(name)) throw notFound('Job', name);
    },

    search(parent, request) {
      tenantFor(parent);
      const open = [...jobs.values()].filter((j) => (j.name as string).startsWith(`${parent.name}/jobs/`) && isOpen(j));
      const hits = searchJobs(open, request);
      const requestId = createRequestId();
      const record: SearchRecord = {
        requestId,
        parent: parent.name,
        query: request.query,
        jobs: [],
        at: now().toISOString(),
      };
      searches.push(record);
      if (searches.length > MAX_SEARCHES) searches.shift();
      return { hits, requestId, record };
    },
    newRequestId: () => createRequestId(),
    hasJob: (name) => jobs.has(name),
    searches: () => searches.map((s) => ({ ...s, jobs: [...s.jobs] })),
    reset() {
      tenants = new Map();
      companies = new Map();
      jobs = new Map();
      searches = [];
    },
  };
}
