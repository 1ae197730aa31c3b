import type { ApiVersion } from '@talent-beacon/core';
import { isApiVersion, isV3Family } from '@talent-beacon/core';

/** Where a tenant-scoped resource lives: `projects/{p}` (v3, v4beta1 default tenant) or `projects/{p}/tenants/{t}`. */
export interface Parent {
  name: string;
  project: string;
  tenant?: string;
}

/** An API call the emulator knows, from its method and path. */
export type Route =
  | { kind: 'createClientEvent'; apiVersion: ApiVersion; parent: Parent }
  | { kind: 'createTenant' | 'listTenants'; apiVersion: ApiVersion; project: string }
  | { kind: 'getTenant' | 'deleteTenant'; apiVersion: ApiVersion; project: string; tenant: string; name: string }
  | { kind: 'createCompany' | 'listCompanies'; apiVersion: ApiVersion; parent: Parent }
  | { kind: 'getCompany' | 'deleteCompany'; apiVersion: ApiVersion; parent: Parent; name: string }
  | { kind: 'createJob' | 'listJobs' | 'searchJobs'; apiVersion: ApiVersion; parent: Parent }
  | { kind: 'getJob' | 'patchJob' | 'deleteJob'; apiVersion: ApiVersion; parent: Parent; name: string };

const SEGMENT = /^[^/\s]+$/;

function parentFor(apiVersion: ApiVersion, project: string, tenant: string | undefined): Parent | undefined {
  // v3 has no tenants; v4 has no default tenant; v4beta1 has both bindings (docs/cts-api.md §1.1, §4).
  if (isV3Family(apiVersion) && tenant !== undefined) return undefined;
  if (apiVersion === 'v4' && tenant === undefined) return undefined;
  return tenant === undefined
    ? { name: `projects/${project}`, project }
    : { name: `projects/${project}/tenants/${tenant}`, project, tenant };
}

/**
 * Maps an HTTP method and URL path to the CTS REST method it names, with the bindings of each
 * API version (v3 and v3p1beta1: `projects/{p}`; v4: `projects/{p}/tenants/{t}`; v4beta1: both).
 * Anything else is `undefined` (the emulator answers 404, as Google does for unbound paths).
 *
 * @example
 * matchRoute('POST', '/v4/projects/p/tenants/t/clientEvents');
 * // { kind: 'createClientEvent', apiVersion: 'v4', parent: { name: 'projects/p/tenants/t', project: 'p', tenant: 't' } }
 */
export function matchRoute(method: string, pathname: string): Route | undefined {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .slice(1)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const [version, ...rest] = segments;
  const project = rest[1];
  if (!isApiVersion(version) || rest[0] !== 'projects' || project === undefined) return undefined;
  if (!rest.every((s) => SEGMENT.test(s))) return undefined;
  const apiVersion = version;
  let index = 2;
  let tenant: string | undefined;
  if (rest[2] === 'tenants') {
    if (isV3Family(apiVersion)) return undefined;
    tenant = rest[3];
    if (tenant === undefined) {
      if (method === 'POST') return { kind: 'createTenant', apiVersion, project };
      if (method === 'GET') return { kind: 'listTenants', apiVersion, project };
      return undefined;
    }
    index = 4;
    if (rest.length === 4) {
      const name = `projects/${project}/tenants/${tenant}`;
      if (method === 'GET') return { kind: 'getTenant', apiVersion, project, tenant, name };
      if (method === 'DELETE') return { kind: 'deleteTenant', apiVersion, project, tenant, name };
      return undefined;
    }
  }
  const parent = parentFor(apiVersion, project, tenant);
  if (!parent) return undefined;
  const tail = rest.slice(index);
  const [collection, id] = tail;
  if (tail.length === 1) {
    if (collection === 'clientEvents' && method === 'POST') return { kind: 'createClientEvent', apiVersion, parent };
    if (collection === 'jobs:search' && method === 'POST') return { kind: 'searchJobs', apiVersion, parent };
    if (collection === 'jobs') {
      if (method === 'POST') return { kind: 'createJob', apiVersion, parent };
      if (method === 'GET') return { kind: 'listJobs', apiVersion, parent };
    }
    if (collection === 'companies') {
      if (method === 'POST') return { kind: 'createCompany', apiVersion, parent };
      if (method === 'GET') return { kind: 'listCompanies', apiVersion, parent };
    }
    return undefined;
  }
  if (tail.length === 2 && id !== undefined) {
    const name = `${parent.name}/${collection}/${id}`;
    if (collection === 'jobs') {
      if (method === 'GET') return { kind: 'getJob', apiVersion, parent, name };
      if (method === 'PATCH') return { kind: 'patchJob', apiVersion, parent, name };
      if (method === 'DELETE') return { kind: 'deleteJob', apiVersion, parent, name };
    }
    if (collection === 'companies') {
      if (method === 'GET') return { kind: 'getCompany', apiVersion, parent, name };
      if (method === 'DELETE') return { kind: 'deleteCompany', apiVersion, parent, name };
    }
  }
  return undefined;
}
