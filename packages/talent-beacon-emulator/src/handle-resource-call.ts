import type { ApiVersion } from '@talent-beacon/core';
import { describeValue, isV3Family } from '@talent-beacon/core';
import type { CtsStore } from './cts-store.js';
import { JOB_FIELDS, OUTPUT_ONLY_JOB_FIELDS, unknownJobFields } from './job-rules.js';
import type { Route } from './match-route.js';
import { RpcError } from './rpc-error.js';
import { plainText, queryTerms } from './search-jobs.js';

type Json = Record<string, unknown>;

const JOB_VIEWS = ['JOB_VIEW_UNSPECIFIED', 'JOB_VIEW_ID_ONLY', 'JOB_VIEW_MINIMAL', 'JOB_VIEW_SMALL', 'JOB_VIEW_FULL'];
// The fields of each JobView (job_service.proto); SMALL is the search default. A Map: a client's
// "jobView": "constructor" must not find Object.prototype's members (it answered 500).
const VIEW_FIELDS = new Map<unknown, readonly string[]>([
  ['JOB_VIEW_ID_ONLY', ['name', 'requisitionId', 'languageCode']],
  ['JOB_VIEW_MINIMAL', ['name', 'requisitionId', 'title', 'company', 'derivedInfo', 'languageCode']],
  [
    'JOB_VIEW_SMALL',
    ['name', 'requisitionId', 'title', 'company', 'derivedInfo', 'visibility', 'languageCode', 'description'],
  ],
  ['JOB_VIEW_FULL', JOB_FIELDS],
]);
// SearchJobsRequest fields per version (discovery jobs-v3.json; v4beta1 and v4 job_service.proto):
// v3 and v4beta1 call the page size pageSize, v4 calls it maxPageSize.
const SEARCH_COMMON = [
  'searchMode',
  'requestMetadata',
  'jobQuery',
  'enableBroadening',
  'jobView',
  'offset',
  'pageToken',
  'orderBy',
  'diversificationLevel',
  'customRankingInfo',
  'disableKeywordMatch',
];
const SEARCH_FIELDS: Record<ApiVersion, readonly string[]> = {
  v3: [...SEARCH_COMMON, 'pageSize', 'requirePreciseResultSize', 'histogramFacets'],
  v3p1beta1: [...SEARCH_COMMON, 'pageSize', 'requirePreciseResultSize', 'histogramFacets'],
  v4beta1: [
    ...SEARCH_COMMON,
    'pageSize',
    'requirePreciseResultSize',
    'histogramQueries',
    'keywordMatchMode',
    'relevanceThreshold',
  ],
  v4: [...SEARCH_COMMON, 'maxPageSize', 'histogramQueries', 'keywordMatchMode', 'relevanceThreshold'],
};
const MAX_SEARCH_PAGE = 100;
const MAX_SEARCH_OFFSET = 5000;
const MAX_LIST_PAGE = 1000;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A version's request body part: `{field: …}` for v3 / v4beta1 (body "*"), the body itself for v4. */
function bodyPart(apiVersion: ApiVersion, body: unknown, field: string, allowed: string[] = []): Json {
  if (!isRecord(body))
    throw new RpcError('INVALID_ARGUMENT', `the request body must be a JSON object (got ${describeValue(body)})`);
  if (apiVersion === 'v4') return body;
  const extra = Object.keys(body).filter((k) => k !== field && !allowed.includes(k));
  if (extra.length > 0) {
    throw new RpcError(
      'INVALID_ARGUMENT',
      `Invalid JSON payload received. Unknown name ${JSON.stringify(extra[0])}: ${apiVersion} takes {"${field}": …} as the body.`,
    );
  }
  const part = body[field];
  if (!isRecord(part))
    throw new RpcError(
      'INVALID_ARGUMENT',
      `${field} is required: ${apiVersion} takes {"${field}": …} as the body (got ${describeValue(part)})`,
    );
  return part;
}

/** A Job as a version writes it (v3 calls the company `companyName`). */
function jobIn(apiVersion: ApiVersion, job: Json): Json {
  const unknown = unknownJobFields(job, apiVersion);
  if (unknown.length > 0) throw new RpcError('INVALID_ARGUMENT', unknown.join(' '));
  if (!isV3Family(apiVersion)) return job;
  const { companyName, ...rest } = job;
  return companyName === undefined ? rest : { ...rest, company: companyName };
}

function jobOut(apiVersion: ApiVersion, job: Json, view: readonly string[] = JOB_FIELDS): Json {
  const out: Json = {};
  for (const field of view) {
    if (job[field] === undefined) continue;
    out[field === 'company' && isV3Family(apiVersion) ? 'companyName' : field] = job[field];
  }
  return out;
}

/**
 * Reads an updateMask (a FieldMask: comma-separated paths, lowerCamelCase or snake_case) and
 * returns the top-level Job fields it names in the emulator's form.
 *
 * @example
 * parseUpdateMask('title,posting_expire_time', 'v4'); // ['title', 'postingExpireTime']
 */
export function parseUpdateMask(mask: unknown, apiVersion: ApiVersion): string[] {
  if (mask === undefined || mask === null || mask === '') return [];
  if (typeof mask !== 'string')
    throw new RpcError(
      'INVALID_ARGUMENT',
      `updateMask must be a comma-separated string of field names (got ${describeValue(mask)})`,
    );
  const fields: string[] = [];
  for (const raw of mask.split(',')) {
    const path = raw.trim().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (path === '') continue;
    if (path.includes('.')) {
      throw new RpcError(
        'INVALID_ARGUMENT',
        `updateMask path ${JSON.stringify(raw.trim())} is not supported: only top level fields of Job are supported in the update mask.`,
      );
    }
    const field = path === 'companyName' && isV3Family(apiVersion) ? 'company' : path;
    if (
      !(JOB_FIELDS as readonly string[]).includes(field) ||
      (field === 'company' && isV3Family(apiVersion) && path !== 'companyName')
    ) {
      throw new RpcError('INVALID_ARGUMENT', `updateMask path ${JSON.stringify(raw.trim())} is not a field of Job.`);
    }
    if (!OUTPUT_ONLY_JOB_FIELDS.includes(field)) fields.push(field);
  }
  return fields;
}

/**
 * Reads a jobs.list filter: `companyName = "…"`, `requisitionId = "…"` and `status = "OPEN" |
 * "EXPIRED" | "ALL"` joined by AND; "At least one of companyName and requisitionId must present
 * or an INVALID_ARGUMENT error is thrown" (ListJobsRequest.filter). Status defaults to OPEN.
 *
 * @example
 * parseListFilter('companyName = "projects/p/tenants/t/companies/1" AND status = "ALL"');
 * // { company: 'projects/p/tenants/t/companies/1', status: 'ALL' }
 */
export function parseListFilter(filter: string | null): {
  company?: string;
  requisitionId?: string;
  status?: 'OPEN' | 'EXPIRED' | 'ALL';
} {
  const out: { company?: string; requisitionId?: string; status?: 'OPEN' | 'EXPIRED' | 'ALL' } = {};
  const usage =
    'use companyName = "…" and/or requisitionId = "…", optionally with status = "OPEN" | "EXPIRED" | "ALL", joined with AND';
  if (filter === null || filter.trim() === '') throw new RpcError('INVALID_ARGUMENT', `filter is required: ${usage}`);
  for (const clause of filter.split(/\s+AND\s+/i)) {
    const m = /^\s*(companyName|requisitionId|status)\s*=\s*"([^"]*)"\s*$/.exec(clause);
    if (!m)
      throw new RpcError(
        'INVALID_ARGUMENT',
        `filter clause ${JSON.stringify(clause.trim())} is not supported; ${usage}`,
      );
    if (m[1] === 'companyName') out.company = m[2];
    else if (m[1] === 'requisitionId') out.requisitionId = m[2];
    else if (m[2] === 'OPEN' || m[2] === 'EXPIRED' || m[2] === 'ALL') out.status = m[2];
    else
      throw new RpcError(
        'INVALID_ARGUMENT',
        `filter status must be "OPEN", "EXPIRED" or "ALL" (got ${JSON.stringify(m[2])})`,
      );
  }
  if (out.company === undefined && out.requisitionId === undefined)
    throw new RpcError('INVALID_ARGUMENT', `filter must name companyName or requisitionId: ${usage}`);
  return out;
}

/** Page tokens are opaque to clients; here they carry the offset. */
const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const offset = (
      JSON.parse(Buffer.from(typeof token === 'string' ? token : '', 'base64url').toString('utf8')) as {
        offset?: unknown;
      }
    ).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new RpcError('INVALID_ARGUMENT', `pageToken ${describeValue(token)} is not a token this server issued`);
}

function pageSizeOf(value: unknown, fallback: number, max: number, field = 'pageSize'): number {
  if (value === undefined || value === null || value === 0 || value === '') return fallback;
  // Number() of an object calls its valueOf/toString, which JSON can replace with non-functions (a TypeError).
  const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new RpcError(
      'INVALID_ARGUMENT',
      `${field} must be a whole number from 1 to ${max} (got ${describeValue(value)})`,
    );
  return n;
}

function checkRequestMetadata(metadata: unknown): void {
  if (!isRecord(metadata))
    throw new RpcError(
      'INVALID_ARGUMENT',
      `requestMetadata is required ({domain, sessionId, userId}) (got ${describeValue(metadata)})`,
    );
  for (const field of ['domain', 'sessionId', 'userId']) {
    const value = metadata[field];
    // "Required if allow_missing_ids is unset or false" (v4 common.proto RequestMetadata); ≤255 chars.
    if ((value === undefined || value === '') && metadata.allowMissingIds !== true) {
      throw new RpcError(
        'INVALID_ARGUMENT',
        `requestMetadata.${field} is required unless requestMetadata.allowMissingIds is true`,
      );
    }
    if (value !== undefined && (typeof value !== 'string' || [...value].length > 255)) {
      throw new RpcError(
        'INVALID_ARGUMENT',
        `requestMetadata.${field} must be a string of at most 255 characters (got ${describeValue(value)})`,
      );
    }
  }
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function titleSnippet(title: string, terms: string[]): string {
  let html = escapeHtml(title);
  for (const term of terms) {
    const escaped = escapeHtml(term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    html = html.replace(new RegExp(`(?![^<]*>)(${escaped})`, 'gi'), '<b>$1</b>');
  }
  return html;
}

/**
 * Runs one tenants / companies / jobs / search call against the store and returns the response
 * body, reading and writing each API version's JSON shapes (docs/cts-api.md §7).
 *
 * @example
 * handleResourceCall(store, matchRoute('POST', '/v4/projects/p/tenants/t/jobs')!, job, new URLSearchParams());
 */
export function handleResourceCall(
  store: CtsStore,
  route: Exclude<Route, { kind: 'createClientEvent' }>,
  body: unknown,
  query: URLSearchParams,
  /** Told about input the emulator tolerates but CTS would refuse (shown in the inspector). */
  tolerate: (message: string) => void = () => {},
): Json {
  const v = route.apiVersion;
  switch (route.kind) {
    case 'createTenant':
      return store.createTenant(route.project, bodyPart(v, body, 'tenant'));
    case 'getTenant':
      return store.getTenant(route.name);
    case 'listTenants':
      return { tenants: store.listTenants(route.project), metadata: { requestId: store.newRequestId() } };
    case 'deleteTenant':
      store.deleteTenant(route.name);
      return {};
    case 'createCompany':
      return store.createCompany(route.parent, bodyPart(v, body, 'company'));
    case 'getCompany':
      return store.getCompany(route.name);
    case 'listCompanies':
      return { companies: store.listCompanies(route.parent), metadata: { requestId: store.newRequestId() } };
    case 'deleteCompany':
      store.deleteCompany(route.name);
      return {};
    case 'createJob':
      return jobOut(v, store.createJob(route.parent, jobIn(v, bodyPart(v, body, 'job')), v));
    case 'getJob':
      return jobOut(v, store.getJob(route.name));
    case 'deleteJob':
      store.deleteJob(route.name);
      return {};
    case 'patchJob': {
      const job = jobIn(v, bodyPart(v, body, 'job', ['updateMask']));
      // v4 binds body "job", so the mask is a query parameter; v3 and v4beta1 send {job, updateMask}.
      const mask = v === 'v4' ? (query.get('updateMask') ?? undefined) : (body as Json).updateMask;
      return jobOut(v, store.patchJob(route.name, job, parseUpdateMask(mask, v), v));
    }
    case 'listJobs': {
      const all = store.listJobs(route.parent, parseListFilter(query.get('filter')));
      const size = pageSizeOf(query.get('pageSize') ?? undefined, 100, MAX_LIST_PAGE);
      const offset = decodeToken(query.get('pageToken') ?? undefined);
      const page = all.slice(offset, offset + size).map((j) => jobOut(v, j));
      const out: Json = { jobs: page, metadata: { requestId: store.newRequestId() } };
      if (offset + size < all.length) out.nextPageToken = encodeToken(offset + size);
      return out;
    }
    case 'searchJobs': {
      if (!isRecord(body))
        throw new RpcError('INVALID_ARGUMENT', `the request body must be a JSON object (got ${describeValue(body)})`);
      const known = SEARCH_FIELDS[v];
      for (const key of Object.keys(body)) {
        if (known.includes(key)) continue;
        if (v === 'v4' && key === 'pageSize' && body.maxPageSize === undefined) {
          // Tolerated so that a board written against v3/v4beta1 still pages, but surfaced: CTS
          // answers 400 (Unknown name "pageSize") to it.
          tolerate(
            `POST /v4/${route.parent.name}/jobs:search sent "pageSize": v4 calls it "maxPageSize"; Cloud Talent Solution answers 400 INVALID_ARGUMENT (Unknown name "pageSize").`,
          );
          continue;
        }
        throw new RpcError(
          'INVALID_ARGUMENT',
          `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}: not a field of the ${v} SearchJobsRequest${key === 'pageSize' || key === 'maxPageSize' ? ` (${v} calls the page size ${v === 'v4' ? 'maxPageSize' : 'pageSize'})` : ''}.`,
        );
      }
      checkRequestMetadata(body.requestMetadata);
      const jobQuery = body.jobQuery === undefined ? {} : body.jobQuery;
      if (!isRecord(jobQuery))
        throw new RpcError('INVALID_ARGUMENT', `jobQuery must be an object (got ${describeValue(jobQuery)})`);
      const text = jobQuery.query ?? '';
      if (typeof text !== 'string' || [...text].length > 255)
        throw new RpcError(
          'INVALID_ARGUMENT',
          `jobQuery.query must be a string of at most 255 characters (got ${describeValue(text)})`,
        );
      const companies = jobQuery[isV3Family(v) ? 'companyNames' : 'companies'] ?? [];
      if (!Array.isArray(companies) || !companies.every((c) => typeof c === 'string')) {
        throw new RpcError(
          'INVALID_ARGUMENT',
          `jobQuery.${isV3Family(v) ? 'companyNames' : 'companies'} must be an array of company names (got ${describeValue(companies)})`,
        );
      }
      const size = pageSizeOf(
        v === 'v4' ? (body.maxPageSize ?? body.pageSize) : body.pageSize,
        10,
        MAX_SEARCH_PAGE,
        v === 'v4' ? 'maxPageSize' : 'pageSize',
      );
      const offset = body.pageToken
        ? decodeToken(body.pageToken)
        : pageSizeOf(body.offset, 0, MAX_SEARCH_OFFSET, 'offset');
      const viewValue = body.jobView ?? 'JOB_VIEW_SMALL';
      const viewName = typeof viewValue === 'number' ? JOB_VIEWS[viewValue] : viewValue;
      const view = VIEW_FIELDS.get(viewName === 'JOB_VIEW_UNSPECIFIED' ? 'JOB_VIEW_SMALL' : viewName);
      if (!view)
        throw new RpcError(
          'INVALID_ARGUMENT',
          `jobView must be one of ${JOB_VIEWS.slice(1).join(', ')} (got ${describeValue(viewValue)})`,
        );
      const { hits, requestId, record } = store.search(route.parent, { query: text, companies });
      const terms = queryTerms(text);
      const page = hits.slice(offset, offset + size);
      record.jobs.push(...page.map((h) => h.job.name as string));
      const out: Json = {
        matchingJobs: page.map(({ job }) => {
          const summary = plainText(typeof job.description === 'string' ? job.description : '');
          return {
            job: jobOut(v, job, view),
            jobTitleSnippet: titleSnippet(typeof job.title === 'string' ? job.title : '', terms),
            jobSummary: summary.length > 200 ? `${summary.slice(0, 199)}…` : summary,
          };
        }),
        metadata: { requestId },
        totalSize: hits.length,
      };
      if (offset + size < hits.length) out.nextPageToken = encodeToken(offset + size);
      return out;
    }
  }
}
