import type { ApiVersion } from './api-version.js';
import { isV3Family } from './api-version.js';

/** The parts of a job resource name. `tenant` is absent in the v3 / default-tenant form. */
export interface JobNameParts {
  project: string;
  tenant?: string;
  job: string;
}

// One path segment, as the discovery path patterns have it: `[^/]+`. Ids are server-generated
// and their charset is undocumented (docs/cts-api.md §4), so nothing stricter is assumed, except what
// no generated id has and what hides or changes a name when shown or resolved: whitespace,
// controls (C0, DEL, C1), format characters (zero-width U+200B-U+200D, bidi controls, U+FEFF,
// soft hyphen, ...), lone surrogates (the `u` flag reads a valid pair as one character),
// U+FFFD (a decoding accident), and the segments `.` and `..` (a URL resolver would walk them).
const SEGMENT = '((?!\\.\\.?(?:/|$))[^/\\s\\p{Cc}\\p{Cf}\\p{Cs}\\ufffd]+)';
// Both forms in one pattern: a segment holds no '/', so what follows the project decides the form.
const JOB_NAME = new RegExp(`^projects/${SEGMENT}(?:/tenants/${SEGMENT})?/jobs/${SEGMENT}$`, 'u');

/**
 * Parses a job resource name in either form: `projects/{p}/tenants/{t}/jobs/{j}` or
 * `projects/{p}/jobs/{j}` (v3, and the v4beta1 default tenant). Returns `undefined` otherwise.
 *
 * @example
 * parseJobName('projects/acme/tenants/main/jobs/123');
 * // { project: 'acme', tenant: 'main', job: '123' }
 */
export function parseJobName(name: unknown): JobNameParts | undefined {
  if (typeof name !== 'string') return undefined;
  const [, project, tenant, job] = JOB_NAME.exec(name) ?? [];
  // Project and job are not optional groups (nor empty ones): a match has both.
  if (!project || !job) return undefined;
  return tenant === undefined ? { project, job } : { project, tenant, job };
}

/**
 * Builds a job resource name; with a tenant the tenant form, without it the project form.
 *
 * @example
 * formatJobName({ project: 'acme', tenant: 'main', job: '123' });
 * // 'projects/acme/tenants/main/jobs/123'
 */
export function formatJobName(parts: JobNameParts): string {
  return parts.tenant
    ? `projects/${parts.project}/tenants/${parts.tenant}/jobs/${parts.job}`
    : `projects/${parts.project}/jobs/${parts.job}`;
}

/**
 * The job-name forms an API version accepts, in words, for error messages.
 *
 * @example
 * jobNameFormsFor('v4'); // 'projects/{project}/tenants/{tenant}/jobs/{job}'
 */
export function jobNameFormsFor(apiVersion?: ApiVersion): string {
  const tenantForm = 'projects/{project}/tenants/{tenant}/jobs/{job}';
  const projectForm = 'projects/{project}/jobs/{job}';
  if (!apiVersion || apiVersion === 'v4beta1') return `${tenantForm} or ${projectForm}`;
  return isV3Family(apiVersion) ? projectForm : tenantForm;
}

/**
 * Whether `name` is a job name of the form `apiVersion` accepts: v3/v3p1beta1 the project form
 * only, v4 the tenant form only, v4beta1 either (docs/cts-api.md §4). Without a version, either form.
 *
 * @example
 * isJobName('projects/acme/jobs/1', 'v4'); // false: v4 requires the tenant form
 */
export function isJobName(name: unknown, apiVersion?: ApiVersion): name is string {
  const parts = parseJobName(name);
  if (!parts) return false;
  if (!apiVersion || apiVersion === 'v4beta1') return true;
  return isV3Family(apiVersion) ? parts.tenant === undefined : parts.tenant !== undefined;
}
