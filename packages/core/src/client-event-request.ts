import type { ApiVersion } from './api-version.js';
import { isV3Family } from './api-version.js';
import type { ClientEvent } from './client-event.js';
import { ConfigError } from './config-error.js';
import { describeValue } from './describe-value.js';

/** Where events go: the project and, for v4 (and optionally v4beta1), the tenant. */
export interface ClientEventTarget {
  apiVersion: ApiVersion;
  project: string;
  tenant?: string;
}

/** One `clientEvents.create` call, ready to send with `POST {root}{path}` and a JSON body. */
export interface ClientEventRequest {
  method: 'POST';
  /** e.g. `/v4/projects/acme/tenants/main/clientEvents` */
  path: string;
  body: Record<string, unknown>;
  /** The canonical fields this version has no place for and that were left out. */
  dropped: string[];
}

const SEGMENT = /^[^/\s]+$/;

/**
 * The `parent` of `clientEvents.create` for a target (docs/cts-api.md §1.1): `projects/{p}` for
 * v3/v3p1beta1, `projects/{p}/tenants/{t}` for v4, either for v4beta1 (no tenant = the default
 * tenant). Throws {@link ConfigError} for a combination the API has no path for.
 *
 * @example
 * clientEventParent({ apiVersion: 'v4', project: 'acme', tenant: 'main' });
 * // 'projects/acme/tenants/main'
 */
export function clientEventParent(target: ClientEventTarget): string {
  const { apiVersion, project, tenant } = target;
  if (typeof project !== 'string' || !SEGMENT.test(project)) {
    throw new ConfigError(
      'INVALID_OPTION',
      'project',
      `option "project" must be a project id without "/" or spaces (got ${describeValue(project)})`,
    );
  }
  if (tenant !== undefined && (typeof tenant !== 'string' || !SEGMENT.test(tenant))) {
    throw new ConfigError(
      'INVALID_OPTION',
      'tenant',
      `option "tenant" must be a tenant id without "/" or spaces (got ${describeValue(tenant)})`,
    );
  }
  if (isV3Family(apiVersion)) {
    if (tenant !== undefined) {
      throw new ConfigError(
        'INVALID_OPTION',
        'tenant',
        `option "tenant" does not exist in ${apiVersion}: its clientEvents parent is projects/{project} (got ${describeValue(tenant)})`,
      );
    }
    return `projects/${project}`;
  }
  if (apiVersion === 'v4' && tenant === undefined) {
    throw new ConfigError(
      'MISSING_OPTION',
      'tenant',
      'option "tenant" is required for v4: its clientEvents parent is projects/{project}/tenants/{tenant}',
    );
  }
  return tenant === undefined ? `projects/${project}` : `projects/${project}/tenants/${tenant}`;
}

/**
 * Maps a canonical (v3-shaped) event to the `clientEvents.create` request of an API version:
 * the path, and the body wrapped as `{clientEvent}` for v3, v3p1beta1 and v4beta1 or bare for v4
 * (whose proto binds `body: "client_event"`). v4beta1 and v4 have no `parentEventId` and no
 * `extraInfo`: those fields are dropped and listed in `dropped`.
 *
 * @example
 * const { path, body } = toClientEventRequest(event, { apiVersion: 'v4', project: 'acme', tenant: 'main' });
 * // path: '/v4/projects/acme/tenants/main/clientEvents', body: { eventId, requestId, createTime, jobEvent }
 */
export function toClientEventRequest(event: ClientEvent, target: ClientEventTarget): ClientEventRequest {
  const parent = clientEventParent(target);
  const path = `/${target.apiVersion}/${parent}/clientEvents`;
  if (isV3Family(target.apiVersion)) {
    return { method: 'POST', path, body: { clientEvent: event }, dropped: [] };
  }
  const { parentEventId, extraInfo, ...rest } = event;
  const dropped: string[] = [];
  if (parentEventId !== undefined) dropped.push('parentEventId');
  if (extraInfo !== undefined) dropped.push('extraInfo');
  const body = target.apiVersion === 'v4' ? { ...rest } : { clientEvent: rest };
  return { method: 'POST', path, body, dropped };
}

/**
 * The inverse of the body mapping, for servers (the emulator): takes a request body as the
 * version sends it and returns the ClientEvent inside, or an error message.
 *
 * @example
 * fromClientEventBody('v3', { clientEvent: { eventId: 'e1' } }); // { event: { eventId: 'e1' } }
 * fromClientEventBody('v4', { clientEvent: {} });                // { error: '…' }
 */
export function fromClientEventBody(apiVersion: ApiVersion, body: unknown): { event: unknown } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: `the request body must be a JSON object (got ${describeValue(body)})` };
  }
  const record = body as Record<string, unknown>;
  if (apiVersion === 'v4') {
    if (Object.prototype.hasOwnProperty.call(record, 'clientEvent')) {
      return {
        error: 'v4 takes the ClientEvent itself as the body, not {"clientEvent": …} (Unknown name "clientEvent")',
      };
    }
    return { event: record };
  }
  const extra = Object.keys(record).filter((k) => k !== 'clientEvent' && k !== 'parent');
  if (extra.length > 0) {
    return { error: `${apiVersion} takes {"clientEvent": …} as the body (Unknown name ${JSON.stringify(extra[0])})` };
  }
  if (record.clientEvent === undefined) {
    return { error: `clientEvent is required: ${apiVersion} takes {"clientEvent": …} as the body` };
  }
  return { event: record.clientEvent };
}
