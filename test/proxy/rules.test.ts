import { describe, expect, it } from 'vitest';
import { NOW, ORIGIN, post, testProxy, v3Event } from './helpers.js';

const preflight = (origin: string, headers = 'content-type') =>
  new Request('https://site.example/cts/events', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin, echoing plain requested headers', async () => {
    const { proxy } = testProxy();
    const r = await proxy.fetch(preflight(ORIGIN, 'content-type, x-site-key'));
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(r.headers.get('access-control-allow-headers')).toBe('content-type, x-site-key');
    expect(r.headers.get('vary')).toBe('Origin');
    const odd = await proxy.fetch(preflight(ORIGIN, 'x y; z'));
    expect(odd.headers.get('access-control-allow-headers')).toBe('content-type');
  });
  it('gives other origins 403 (preflight and POST) and forwards nothing', async () => {
    const t = testProxy();
    const p = await t.proxy.fetch(preflight('https://evil.example'));
    expect(p.status).toBe(403);
    expect(p.headers.get('access-control-allow-origin')).toBeNull();
    for (const origin of [
      'https://evil.example',
      'null',
      'https://jobs.example.com.evil.example',
      'http://jobs.example.com',
    ]) {
      const r = await post(t.proxy, { events: [v3Event()] }, { origin });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('FORBIDDEN_ORIGIN');
      expect(r.json.error.message).toContain(origin);
    }
    expect(t.calls).toHaveLength(0);
  });
  it('allows a request without Origin (curl, same-origin beacons): CORS protects browsers only', async () => {
    const t = testProxy();
    const r = await post(t.proxy, { events: [v3Event()] }, { origin: null });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(t.calls).toHaveLength(1);
  });
});

describe('whole-body rules', () => {
  it('answers 405 with Allow for other methods', async () => {
    const { proxy } = testProxy();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const r = await proxy.fetch(
        new Request('https://site.example/cts/events', { method, headers: { origin: ORIGIN } }),
      );
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('POST, OPTIONS');
      expect((await r.json()).error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });
  it('answers 413 for a body over 64 KB, declared or streamed, and forwards nothing', async () => {
    const t = testProxy();
    const big = JSON.stringify({ events: [v3Event({ extraInfo: { x: 'a'.repeat(70_000) } })] });
    const r = await post(t.proxy, null, { raw: big });
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(r.json.error.message).toContain('65536');
    // A stream without Content-Length is cut off while reading.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const s = await t.proxy.fetch(
      new Request('https://site.example/x', {
        method: 'POST',
        body: stream,
        duplex: 'half',
        headers: { origin: ORIGIN },
      } as RequestInit),
    );
    expect(s.status).toBe(413);
    expect(t.calls).toHaveLength(0);
  });
  it('answers 413 for more than 100 events', async () => {
    const t = testProxy();
    const events = Array.from({ length: 101 }, () => v3Event());
    const r = await post(t.proxy, { events });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/101 events; at most limits.maxEvents = 100/);
    expect((await post(t.proxy, { events: events.slice(0, 100) })).status).toBe(200);
  });
  it('answers 400 for malformed JSON or the wrong shape', async () => {
    const t = testProxy();
    const bad = await post(t.proxy, null, { raw: '{"events":[' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('MALFORMED_JSON');
    for (const body of [[], { events: {} }, 'x', null, { event: [] }]) {
      const r = await post(t.proxy, body);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('BAD_BODY');
    }
    expect((await post(t.proxy, { events: [] })).json).toEqual({ results: [] });
    expect(t.calls).toHaveLength(0);
  });
  it('limits requests per client IP with 429 and Retry-After', async () => {
    let now = NOW;
    const t = testProxy({ limits: { rateLimit: 2, rateWindowMs: 10_000 }, now: () => now });
    expect((await post(t.proxy, { events: [] }, { ip: '203.0.113.1' })).status).toBe(200);
    expect((await post(t.proxy, { events: [] }, { ip: '203.0.113.1' })).status).toBe(200);
    const limited = await post(t.proxy, { events: [v3Event()] }, { ip: '203.0.113.1' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect((await post(t.proxy, { events: [] }, { ip: '203.0.113.2' })).status).toBe(200);
    now += 10_000;
    expect((await post(t.proxy, { events: [] }, { ip: '203.0.113.1' })).status).toBe(200);
    expect(t.calls).toHaveLength(0);
  });
  it('does not rate-limit when the client IP is unknown (one shared bucket would throttle everyone)', async () => {
    const t = testProxy({ limits: { rateLimit: 1 } });
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.proxy.fetch(new Request('https://s.example/e', { method: 'POST', body: '{"events":[]}' }))).status,
      ).toBe(200);
    }
  });
  it('takes the client IP from X-Forwarded-For only with trustProxy: the right-most entry by default', async () => {
    const t = testProxy({ limits: { rateLimit: 1 }, trustProxy: true });
    const send = (xff: string) =>
      t.proxy.fetch(
        new Request('https://s.example/e', {
          method: 'POST',
          body: '{"events":[]}',
          headers: { 'x-forwarded-for': xff },
        }),
      );
    expect((await send('203.0.113.9, 10.0.0.1')).status).toBe(200);
    expect((await send('203.0.113.10, 10.0.0.1')).status).toBe(429); // the client wrote the first entry; 10.0.0.1 is who it is
    expect((await send('203.0.113.9')).status).toBe(200);
    expect((await send('203.0.113.10')).status).toBe(200);
  });
});

describe('per-event rules', () => {
  it('rejects an invalid event with its issues and still forwards the others', async () => {
    const t = testProxy();
    const good = v3Event();
    const bad = { ...v3Event(), jobEvent: { type: 'LOOKED', jobs: [] } };
    const r = await post(t.proxy, { events: [bad, good, 42] });
    expect(r.status).toBe(200);
    expect(r.json.results[0]).toMatchObject({ eventId: bad.eventId, status: 'rejected' });
    expect(r.json.results[0].issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['jobEvent.type', 'jobEvent.jobs']),
    );
    expect(r.json.results[1]).toEqual({ eventId: good.eventId, status: 'accepted' });
    expect(r.json.results[2]).toMatchObject({ eventId: null, status: 'rejected' });
    expect(t.calls).toHaveLength(1);
  });
  it('rejects jobs of another project or tenant: the target comes from the configuration only', async () => {
    const t = testProxy();
    const r = await post(t.proxy, {
      events: [v3Event({ jobEvent: { type: 'VIEW', jobs: ['projects/other/jobs/1'] } })],
    });
    expect(r.json.results[0].status).toBe('rejected');
    expect(r.json.results[0].issues[0]).toMatchObject({
      path: 'jobEvent.jobs[0]',
      rule: 'project',
      value: 'projects/other/jobs/1',
    });
    const v4 = testProxy({ apiVersion: 'v4', tenant: 'main' });
    const r4 = await post(v4.proxy, {
      events: [
        v3Event({
          jobEvent: { type: 'VIEW', jobs: ['projects/acme/tenants/main/jobs/1', 'projects/acme/tenants/other/jobs/2'] },
        }),
      ],
    });
    expect(r4.json.results[0].issues).toHaveLength(1);
    expect(r4.json.results[0].issues[0]).toMatchObject({ path: 'jobEvent.jobs[1]', rule: 'project' });
    expect(t.calls.length + v4.calls.length).toBe(0);
  });
  it('rejects job names of the wrong form for the version, and v3-only types on v4', async () => {
    const t = testProxy();
    const r = await post(t.proxy, {
      events: [v3Event({ jobEvent: { type: 'VIEW', jobs: ['projects/acme/tenants/main/jobs/1'] } })],
    });
    expect(r.json.results[0].issues[0]).toMatchObject({ rule: 'job-name', path: 'jobEvent.jobs[0]' });
    const v4 = testProxy({ apiVersion: 'v4', tenant: 'main' });
    const r4 = await post(v4.proxy, {
      events: [v3Event({ jobEvent: { type: 'NOT_INTERESTED', jobs: ['projects/acme/tenants/main/jobs/1'] } })],
    });
    expect(r4.json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [expect.objectContaining({ path: 'jobEvent.type' })],
    });
    expect(t.calls.length + v4.calls.length).toBe(0);
  });
  it('rejects createTime far in the future or older than maxEventAgeMs', async () => {
    const t = testProxy({ limits: { maxEventAgeMs: 3_600_000 } });
    const at = (ms: number) => v3Event({ createTime: new Date(NOW + ms).toISOString() });
    const r = await post(t.proxy, { events: [at(6 * 60_000), at(4 * 60_000), at(-3_600_001), at(-3_599_000)] });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      'rejected',
      'accepted',
      'rejected',
      'accepted',
    ]);
    expect(r.json.results[0].issues[0]).toMatchObject({ path: 'createTime', rule: 'time-window', limit: 300_000 });
    expect(r.json.results[2].issues[0].message).toMatch(/more than 3600000 ms old/);
  });
  it('treats keys like __proto__ and constructor in extraInfo as plain keys', async () => {
    const t = testProxy();
    const raw = `{"events":[{"eventId":"proto-1","requestId":"r","createTime":"${new Date(NOW).toISOString()}","jobEvent":{"type":"VIEW","jobs":["projects/acme/jobs/1"]},"extraInfo":{"__proto__":"x","constructor":"y","polluted":"z"}}]}`;
    const r = await post(t.proxy, null, { raw });
    expect(r.json.results[0]).toEqual({ eventId: 'proto-1', status: 'accepted' });
    expect((t.calls[0]!.body.clientEvent as { extraInfo: unknown }).extraInfo).toEqual(
      JSON.parse('{"__proto__":"x","constructor":"y","polluted":"z"}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
  it('rejects a top-level __proto__ key and non-object events, and pollutes nothing', async () => {
    const t = testProxy();
    const raw = `{"events":[{"__proto__":{"polluted":"yes"},"eventId":"p2","requestId":"r","createTime":"${new Date(NOW).toISOString()}","jobEvent":{"type":"VIEW","jobs":["projects/acme/jobs/1"]}},null,"x",[1]],"__proto__":{"polluted":"yes"}}`;
    const r = await post(t.proxy, null, { raw });
    expect(r.status).toBe(200);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(r.json.results[0].issues[0]).toMatchObject({ rule: 'unknown-field' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(t.calls).toHaveLength(0);
  });
  it('drops unknown fields by rejecting them instead of forwarding them', async () => {
    const t = testProxy();
    const r = await post(t.proxy, { events: [{ ...v3Event(), parent: 'projects/other' }] });
    expect(r.json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [expect.objectContaining({ rule: 'unknown-field' })],
    });
    expect(t.calls).toHaveLength(0);
  });
});
