import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  clientEventParent,
  fromClientEventBody,
  toClientEventRequest,
  type ClientEvent,
} from '../../packages/core/src/index.js';

const event: ClientEvent = {
  eventId: 'e2',
  parentEventId: 'e1',
  requestId: 'r1',
  createTime: '2026-11-22T10:00:00.000Z',
  extraInfo: { page: '1' },
  jobEvent: { type: 'VIEW', jobs: ['projects/p/tenants/t/jobs/1'] },
};

describe('toClientEventRequest', () => {
  it('v3 and v3p1beta1: projects/{p} parent, wrapped body, nothing dropped', () => {
    for (const apiVersion of ['v3', 'v3p1beta1'] as const) {
      const request = toClientEventRequest(event, { apiVersion, project: 'p' });
      expect(request).toEqual({
        method: 'POST',
        path: `/${apiVersion}/projects/p/clientEvents`,
        body: { clientEvent: event },
        dropped: [],
      });
    }
  });

  it('v4beta1: tenant or default-tenant parent, wrapped body, v3-only fields dropped', () => {
    const withTenant = toClientEventRequest(event, { apiVersion: 'v4beta1', project: 'p', tenant: 't' });
    expect(withTenant.path).toBe('/v4beta1/projects/p/tenants/t/clientEvents');
    expect(withTenant.body).toEqual({
      clientEvent: { eventId: 'e2', requestId: 'r1', createTime: event.createTime, jobEvent: event.jobEvent },
    });
    expect(withTenant.dropped).toEqual(['parentEventId', 'extraInfo']);
    expect(toClientEventRequest(event, { apiVersion: 'v4beta1', project: 'p' }).path).toBe(
      '/v4beta1/projects/p/clientEvents',
    );
  });

  it('v4: tenant parent, the bare event as body (body: "client_event")', () => {
    const request = toClientEventRequest(event, { apiVersion: 'v4', project: 'p', tenant: 't' });
    expect(request.path).toBe('/v4/projects/p/tenants/t/clientEvents');
    expect(request.body).toEqual({
      eventId: 'e2',
      requestId: 'r1',
      createTime: event.createTime,
      jobEvent: event.jobEvent,
    });
    expect('clientEvent' in request.body).toBe(false);
  });

  it('does not mutate the event', () => {
    const copy = structuredClone(event);
    toClientEventRequest(event, { apiVersion: 'v4', project: 'p', tenant: 't' });
    expect(event).toEqual(copy);
  });
});

describe('clientEventParent', () => {
  it('refuses combinations the API has no path for, naming the option', () => {
    expect(() => clientEventParent({ apiVersion: 'v4', project: 'p' })).toThrow(/option "tenant" is required for v4/);
    expect(() => clientEventParent({ apiVersion: 'v3', project: 'p', tenant: 't' })).toThrow(
      /"tenant" does not exist in v3/,
    );
    expect(() => clientEventParent({ apiVersion: 'v3', project: 'a/b' })).toThrow(ConfigError);
    expect(() => clientEventParent({ apiVersion: 'v4', project: 'p', tenant: '' })).toThrow(
      /option "tenant" must be a tenant id/,
    );
    try {
      clientEventParent({ apiVersion: 'v4', project: 'p' });
    } catch (error) {
      expect(error).toMatchObject({ name: 'ConfigError', code: 'MISSING_OPTION', option: 'tenant' });
    }
  });
});

describe('fromClientEventBody', () => {
  it('unwraps each version the way it is sent', () => {
    expect(fromClientEventBody('v3', { clientEvent: { eventId: 'x' } })).toEqual({ event: { eventId: 'x' } });
    expect(fromClientEventBody('v4beta1', { clientEvent: { eventId: 'x' } })).toEqual({ event: { eventId: 'x' } });
    expect(fromClientEventBody('v4', { eventId: 'x' })).toEqual({ event: { eventId: 'x' } });
  });

  it('explains a body of the wrong shape', () => {
    expect(fromClientEventBody('v4', { clientEvent: {} })).toEqual({
      error: expect.stringContaining('v4 takes the ClientEvent itself'),
    });
    expect(fromClientEventBody('v3', { eventId: 'x' })).toEqual({
      error: expect.stringContaining('Unknown name "eventId"'),
    });
    expect(fromClientEventBody('v3', {})).toEqual({ error: expect.stringContaining('clientEvent is required') });
    expect(fromClientEventBody('v3', [])).toEqual({ error: expect.stringContaining('must be a JSON object') });
  });

  it('round-trips with toClientEventRequest for every version', () => {
    for (const [apiVersion, tenant] of [
      ['v3', undefined],
      ['v3p1beta1', undefined],
      ['v4beta1', 't'],
      ['v4', 't'],
    ] as const) {
      const { body } = toClientEventRequest(event, { apiVersion, project: 'p', tenant });
      const back = fromClientEventBody(apiVersion, JSON.parse(JSON.stringify(body)));
      expect('event' in back && back.event).toMatchObject({ eventId: 'e2', requestId: 'r1' });
    }
  });
});
