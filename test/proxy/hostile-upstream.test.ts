// A hostile or broken upstream (issue 12, D2/D3/D11): answers read with a byte bound, redirects
// never followed, a 2xx that is not CTS's JSON not counted as accepted, and a request that may
// have reached CTS not POSTed again within the batch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import type { ProxyOptions } from '../../packages/talent-beacon-server/src/proxy.js';
import { localServers } from '../support/local-servers.js';
import { ORIGIN, post } from './helpers.js';

const servers = localServers();
afterEach(() => servers.closeAll());

/** A real HTTP upstream on 127.0.0.1 that records the request bodies it got. */
async function upstream(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; posts: string[] }> {
  const posts: string[] = [];
  const url = await servers.serve((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push(`${req.method} ${body}`);
      answer(req, res);
    });
  });
  return { url, posts };
}

// The proxy on the real clock (real sockets, real timers); events derive createTime from it.
function proxyTo(url: string, over: Partial<ProxyOptions> = {}) {
  return createProxy({
    project: 'acme',
    allowedOrigins: [ORIGIN],
    token: 'secret-token',
    upstream: url,
    log: () => {},
    ...over,
  });
}
let n = 0;
const event = () => ({
  eventId: `hostile-${++n}`,
  requestId: 'req-1',
  createTime: new Date(Date.now() - 1000).toISOString(),
  jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
});

describe('upstream answers are read up to limits.maxResponseBytes', () => {
  it('stops reading an endless 200 answer near the limit and does not count it accepted', async () => {
    let pulled = 0;
    const endless = () =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 16_384;
              controller.enqueue(new Uint8Array(16_384).fill(0x61));
            },
          }),
          { status: 200 },
        ),
      );
    const proxy = proxyTo('http://127.0.0.1:9', { fetch: endless, limits: { maxResponseBytes: 65_536 } });
    const r = await post(proxy, { events: [event()] });
    expect(r.json.results[0]).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('limits.maxResponseBytes = 65536'),
    });
    // Bounded by bytes, not by time: an unbounded read never ends (the test times out).
    expect(pulled).toBeLessThanOrEqual(65_536 + 3 * 16_384); // the limit plus what the stream had queued
  });
  it('inflates a gzip answer no further than the limit', async () => {
    // 50 MB of zeros, about 50 KB compressed.
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    const up = await upstream((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb),
    );
    const proxy = proxyTo(up.url);
    const before = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
    const r = await post(proxy, { events: [event()] });
    const after = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
    expect(r.json.results[0]).toMatchObject({ status: 'retry', reason: expect.stringContaining('maxResponseBytes') });
    expect(after - before).toBeLessThan(30 * 1024 * 1024);
    expect(up.posts).toHaveLength(1);
  });
  it('checks the option', () => {
    expect(() => proxyTo('http://127.0.0.1:9', { limits: { maxResponseBytes: 10 } })).toThrow(
      /option "maxResponseBytes" must be at least 1024/,
    );
  });
});

describe('redirects are never followed', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: nothing reaches the Location, the event is answered retry and logged`, async () => {
      const elsewhere = await upstream((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
      );
      const up = await upstream((_req, res) =>
        res.writeHead(status, { location: `${elsewhere.url}/v3/projects/acme/clientEvents` }).end(),
      );
      const logs: { msg: string }[] = [];
      const proxy = proxyTo(up.url, { log: (line) => void logs.push(line) });
      const r = await post(proxy, { events: [event()] });
      expect(r.json.results[0]).toMatchObject({
        status: 'retry',
        reason: expect.stringMatching(
          new RegExp(
            `upstream redirected \\(${status} to http://127\\.0\\.0\\.1:\\d+/v3/projects/acme/clientEvents\\); redirects are not followed`,
          ),
        ),
      });
      expect(up.posts).toHaveLength(1); // not retried either: a redirect does not go away by itself
      expect(elsewhere.posts).toEqual([]);
      expect(logs.map((l) => l.msg)).toContain('talent-beacon proxy: upstream redirected');
    });
  }
});

describe('a 2xx that is not CTS JSON, and answers that may be lost', () => {
  for (const [what, body] of [
    ['an HTML page', '<html><body>Welcome to the gateway</body></html>'],
    ['invalid JSON', '{"eventId":'],
    ['JSON that is not an object', '[1,2]'],
    ['an empty body', ''],
  ] as const) {
    it(`a 200 with ${what} is not accepted, and is not POSTed again within the batch`, async () => {
      const up = await upstream((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
      const proxy = proxyTo(up.url);
      const e = event();
      const r = await post(proxy, { events: [e] });
      expect(r.json.results[0]).toMatchObject({
        eventId: e.eventId,
        status: 'retry',
        reason: expect.stringContaining('not the expected JSON object'),
      });
      expect(up.posts).toHaveLength(1);
      expect(proxy.metrics().accepted).toBe(0);
    });
  }
  it('an upstream that never sends headers gets the event once per batch, answered retry at the call timeout', async () => {
    const up = await upstream(() => {}); // reads the request, never answers
    const proxy = proxyTo(up.url, {
      limits: { timeoutMs: 200, batchTimeoutMs: 5000 },
      retry: { retries: 3, baseDelayMs: 1 },
    });
    const r = await post(proxy, { events: [event()] });
    // The call's timeout (200 ms) answered it, not the batch's (5000 ms): the reason names which.
    expect(r.json.results[0]).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('upstream timeout after 200 ms; not resent in this batch'),
    });
    expect(up.posts).toHaveLength(1);
  });
  it('a connection reset after the request was sent is not resent within the batch', async () => {
    const up = await upstream((req) => req.socket.destroy());
    const proxy = proxyTo(up.url, { retry: { retries: 3, baseDelayMs: 1 } });
    const r = await post(proxy, { events: [event()] });
    expect(r.json.results[0]).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('not resent in this batch'),
    });
    expect(up.posts).toHaveLength(1);
  });
  it('a refused connection (nothing was sent) is retried within the batch', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = proxyTo(`http://127.0.0.1:${port}`, { retry: { retries: 2, baseDelayMs: 1 } });
    const r = await post(proxy, { events: [event()] });
    expect(r.json.results[0]).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('upstream unreachable'),
    });
    expect(proxy.metrics()).toMatchObject({ upstreamCalls: 3, retried: 2 });
  });
});
