import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../packages/core/src/index.js';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import { ORIGIN, post, testProxy, v3Event } from './helpers.js';

describe('createProxy options', () => {
  it('requires project and allowedOrigins, naming the option', () => {
    expect(() => createProxy({ allowedOrigins: [] } as never)).toThrow(/option "project" is required/);
    expect(() => createProxy({ project: 'p' } as never)).toThrow(/option "allowedOrigins" is required/);
  });
  it('refuses unknown options with a suggestion, bad versions, and a tenant that the version has no place for', () => {
    expect(() => createProxy({ project: 'p', allowedOrigins: [], Token: 'x' } as never)).toThrow(
      /unknown option "Token" \(did you mean "token"\?\)/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], apiVersion: 'v5' as never })).toThrow(
      /"apiVersion" must be one of/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], tenant: 't' })).toThrow(
      /"tenant" does not exist in v3/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], apiVersion: 'v4' })).toThrow(
      /"tenant" is required for v4/,
    );
  });
  it('refuses origins that a browser never sends, suggesting the right one', () => {
    expect(() => createProxy({ project: 'p', allowedOrigins: ['https://a.example/'] })).toThrow(
      /did you mean "https:\/\/a.example"/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: ['a.example'] })).toThrow(ConfigError);
  });
  it('checks limits and retry numbers, token vs auth, and the dedupe shape', () => {
    expect(() => createProxy({ project: 'p', allowedOrigins: [], limits: { maxEvents: 0 } })).toThrow(
      /createProxy: limits: option "maxEvents" must be at least 1 \(got 0\)/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], retry: { retries: 1.5 } })).toThrow(
      /"retries" must be a whole number/,
    );
    expect(() =>
      createProxy({
        project: 'p',
        allowedOrigins: [],
        token: 't',
        auth: { getAccessToken: () => Promise.resolve('x') },
      }),
    ).toThrow(/"token" and "auth" exclude each other/);
    expect(() => createProxy({ project: 'p', allowedOrigins: [], auth: {} })).toThrow(
      /getAccessToken\(\) or getRequestHeaders\(\)/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], dedupe: {} as never })).toThrow(
      /claim\(\), complete\(\) and release\(\)/,
    );
    expect(() => createProxy({ project: 'p', allowedOrigins: [], upstream: 'jobs.googleapis.com' })).toThrow(
      /"upstream" must be an http\(s\) URL/,
    );
  });
});

describe('forwarding', () => {
  it('sends one v3 call per event with the bearer token and answers accepted', async () => {
    const t = testProxy();
    const a = v3Event({ extraInfo: { page: '2' }, parentEventId: 'imp-1' });
    const b = v3Event();
    const r = await post(t.proxy, { events: [a, b] });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.json).toEqual({
      results: [
        { eventId: a.eventId, status: 'accepted' },
        { eventId: b.eventId, status: 'accepted' },
      ],
    });
    expect(t.calls).toHaveLength(2);
    expect(t.calls[0]!.url).toBe('https://jobs.googleapis.com/v3/projects/acme/clientEvents');
    expect(t.calls[0]!.headers.authorization).toBe('Bearer secret-token');
    expect(t.calls[0]!.body).toEqual({ clientEvent: a });
  });
  it('maps to v4 (bare body, tenant path) and v4beta1 (wrapped), dropping parentEventId and extraInfo', async () => {
    const jobs = ['projects/acme/tenants/main/jobs/1'];
    const v4 = testProxy({ apiVersion: 'v4', tenant: 'main', upstream: 'http://127.0.0.1:9/' });
    const e = v3Event({ jobEvent: { type: 'VIEW', jobs }, parentEventId: 'p', extraInfo: { a: 'b' } });
    expect((await post(v4.proxy, { events: [e] })).json.results[0].status).toBe('accepted');
    expect(v4.calls[0]!.url).toBe('http://127.0.0.1:9/v4/projects/acme/tenants/main/clientEvents');
    expect(v4.calls[0]!.body).toEqual({
      eventId: e.eventId,
      requestId: e.requestId,
      createTime: e.createTime,
      jobEvent: e.jobEvent,
    });
    const v4beta1 = testProxy({ apiVersion: 'v4beta1', tenant: 'main' });
    await post(v4beta1.proxy, { events: [e] });
    expect(v4beta1.calls[0]!.url).toBe('https://jobs.googleapis.com/v4beta1/projects/acme/tenants/main/clientEvents');
    expect(v4beta1.calls[0]!.body).toEqual({
      clientEvent: { eventId: e.eventId, requestId: e.requestId, createTime: e.createTime, jobEvent: e.jobEvent },
    });
  });
  it('sends extraInfo numbers and booleans as strings', async () => {
    const t = testProxy();
    const e = v3Event({ extraInfo: { page: 2, promoted: true } as never });
    await post(t.proxy, { events: [e] });
    expect((t.calls[0]!.body.clientEvent as { extraInfo: unknown }).extraInfo).toEqual({ page: '2', promoted: 'true' });
  });
});
