import { request, type IncomingMessage } from 'node:http';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import { localServers } from '../support/local-servers.js';
import { NOW, ORIGIN, stubFetch, testProxy, v3Event } from './helpers.js';

const servers = localServers();
afterAll(() => servers.closeAll());

const serve: typeof servers.serve = (...args) => servers.serve(...args);

describe('proxy.node over real HTTP', () => {
  it('works mounted in a plain http server: batch, preflight, 413, metrics route', async () => {
    const t = testProxy({ metricsRoute: true });
    const url = await serve((req, res) => void t.proxy.node(req, res));
    const e = v3Event();
    const r = await fetch(`${url}/cts/events`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ events: [e] }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await r.json()).toEqual({ results: [{ eventId: e.eventId, status: 'accepted' }] });
    const pre = await fetch(`${url}/cts/events`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    const big = await fetch(`${url}/cts/events`, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: 'x'.repeat(200_000),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('BODY_TOO_LARGE');
    const metrics = await fetch(`${url}/cts/events/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('talent_beacon_events_total{status="accepted"} 1');
    expect(text).toContain('talent_beacon_requests_total{code="413"} 1');
    expect(text).toContain('talent_beacon_upstream_latency_ms_count 1');
    expect(t.calls).toHaveLength(1);
  });
  it('cuts off a chunked body (no Content-Length) past the limit with 413 and forwards nothing', async () => {
    const t = testProxy({ limits: { maxBodyBytes: 2048 } });
    const url = new URL(await serve((req, res) => void t.proxy.node(req, res)));
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"events":[');
      for (let i = 0; i < 40; i++) req.write(JSON.stringify(v3Event()) + ',');
      req.end(JSON.stringify(v3Event()) + ']}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('BODY_TOO_LARGE');
    expect(t.calls).toHaveLength(0);
  });
  it('works as Express-style middleware, also when a body parser already read the body', async () => {
    const t = testProxy({ metricsRoute: true });
    // What express.json() leaves behind: req.body parsed, the stream consumed, req.url relative to the mount.
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (chunks.length > 0)
          (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        req.url = req.url!.replace(/^\/cts\/events/, '') || '/';
        void t.proxy.node(req, res, (error) => res.writeHead(599).end(String(error)));
      });
    });
    const e = v3Event();
    const r = await fetch(`${url}/cts/events`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [e] }),
    });
    expect(await r.json()).toEqual({ results: [{ eventId: e.eventId, status: 'accepted' }] });
    expect((await fetch(`${url}/cts/events/metrics`)).status).toBe(200);
  });
  it('applies maxBodyBytes to a body a parser already read (express.json allows 100 kB): 413, nothing forwarded', async () => {
    const t = testProxy({ limits: { maxBodyBytes: 2048 } });
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        void t.proxy.node(req, res);
      });
    });
    const r = await fetch(url, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [v3Event()], pad: 'x'.repeat(5000) }),
    });
    expect(r.status).toBe(413);
    expect((await r.json()).error.code).toBe('BODY_TOO_LARGE');
    expect(t.calls).toHaveLength(0);
  });
  it('uses the socket address for the rate limit, or X-Forwarded-For with trustProxy', async () => {
    const plain = testProxy({ limits: { rateLimit: 1 } });
    const url = await serve((req, res) => void plain.proxy.node(req, res));
    const send = (xff: string) =>
      fetch(url, { method: 'POST', body: '{"events":[]}', headers: { 'x-forwarded-for': xff } });
    expect((await send('203.0.113.1')).status).toBe(200);
    const limited = await send('203.0.113.2'); // same socket address 127.0.0.1
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('observability', () => {
  it('counts received, accepted, duplicate, rejected, retry and retried', async () => {
    const t = testProxy({}, [
      { status: 503 },
      { status: 200 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
    ]);
    const a = v3Event();
    await t.proxy.fetch(new Request('https://s/e', { method: 'POST', body: JSON.stringify({ events: [a] }) }));
    await t.proxy.fetch(
      new Request('https://s/e', { method: 'POST', body: JSON.stringify({ events: [a, { bad: 1 }, v3Event()] }) }),
    );
    const m = t.proxy.metrics();
    expect(m).toMatchObject({
      received: 4,
      accepted: 1,
      duplicate: 1,
      rejected: 1,
      retry: 1,
      retried: 4,
      upstreamCalls: 6,
      requests: { 200: 2 },
    });
    expect(m.upstreamLatencyBuckets['+Inf']).toBe(6);
    expect(t.proxy.metricsText()).toContain('talent_beacon_upstream_retries_total 4');
  });
  it('writes one structured line per batch when asked, none by default, never a credential', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const quiet = createProxy({
        project: 'acme',
        allowedOrigins: [],
        token: 'tok-quiet',
        fetch: stubFetch().fetch,
        now: () => NOW,
      });
      await quiet.fetch(new Request('https://s/e', { method: 'POST', body: JSON.stringify({ events: [v3Event()] }) }));
      expect(spy).not.toHaveBeenCalled();
      const loud = createProxy({
        project: 'acme',
        allowedOrigins: [],
        token: 'tok-loud',
        fetch: stubFetch().fetch,
        now: () => NOW,
        log: true,
      });
      await loud.fetch(
        new Request('https://s/e', { method: 'POST', body: JSON.stringify({ events: [v3Event(), v3Event()] }) }),
      );
      expect(spy).toHaveBeenCalledTimes(1);
      const line = JSON.parse(String(spy.mock.calls[0]![0]));
      expect(line).toMatchObject({
        msg: 'talent-beacon proxy: batch',
        events: 2,
        accepted: 2,
        duplicate: 0,
        rejected: 0,
        retry: 0,
      });
      expect(String(spy.mock.calls[0]![0])).not.toContain('tok-loud');
    } finally {
      spy.mockRestore();
    }
  });
  it('can turn the metrics route off', async () => {
    const t = testProxy({ metricsRoute: false });
    expect((await t.proxy.fetch(new Request('https://s/cts/events/metrics'))).status).toBe(405);
  });
  it('serves no metrics by default: the proxy is a public endpoint and they tell its traffic', async () => {
    const t = testProxy();
    const r = await t.proxy.fetch(new Request('https://s/cts/events/metrics'));
    expect(r.status).toBe(405);
    expect(await r.text()).not.toContain('talent_beacon');
  });
  it('with metricsToken, serves metrics only to a scraper sending it as a bearer token', async () => {
    const token = 'scrape-0123456789abcdef';
    const t = testProxy({ metricsToken: token });
    const get = (authorization?: string) =>
      t.proxy.fetch(new Request('https://s/cts/events/metrics', { headers: authorization ? { authorization } : {} }));
    const none = await get();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await none.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await get('Bearer wrong')).status).toBe(401);
    expect((await get(`Bearer ${token}x`)).status).toBe(401);
    expect((await get(`Basic ${token}`)).status).toBe(401);
    const ok = await get(`Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('talent_beacon_requests_total');
  });
  it('checks the metrics options, naming them', () => {
    expect(() => testProxy({ metricsToken: 'short' })).toThrow(
      /option "metricsToken" must be at least 16 characters \(got 5\)/,
    );
    expect(() => testProxy({ metricsToken: 'scrape-0123456789abcdef', metricsRoute: false })).toThrow(
      /"metricsToken" and metricsRoute: false/,
    );
  });
});
