// Slow clients (issue 12, D9): a request body has a time limit (limits.bodyTimeoutMs, answered
// 408 and the connection closed), and the CLI's server limits headers and whole requests.
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxyServer } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { localServers } from '../support/local-servers.js';
import { ORIGIN, testProxy, v3Event } from './helpers.js';

const servers = localServers();
afterEach(() => servers.closeAll());

const listen = async (server: Server): Promise<number> => Number(new URL(await servers.serve(server)).port);

/** Writes `head` (and whatever `then` adds) on a raw socket; resolves what came back and when the socket closed. */
function rawRequest(
  port: number,
  head: string,
  then?: (write: (s: string) => void) => void,
): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      then?.((s) => socket.write(s));
    });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(
      8000,
      () => (socket.destroy(), reject(new Error(`no close within 8 s; got ${JSON.stringify(text)}`))),
    );
  });
}

describe('slow request bodies', () => {
  it('proxy.node answers 408 when the body does not arrive within bodyTimeoutMs, and hangs up', async () => {
    const t = testProxy({ limits: { bodyTimeoutMs: 300 } });
    const port = await listen(createServer((req, res) => void t.proxy.node(req, res)));
    const body = JSON.stringify({ events: [v3Event()] });
    // Declares the whole body, sends 10 bytes, then one byte every 100 ms (a slowloris body).
    const r = await rawRequest(
      port,
      `POST /cts/events HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      (write) => {
        let i = 10;
        const drip = setInterval(() => (i < body.length - 1 ? write(body[i++]!) : clearInterval(drip)), 100);
        setTimeout(() => clearInterval(drip), 3000);
      },
    );
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.text).toContain('"code":"BODY_TIMEOUT"');
    expect(r.text).toContain('limits.bodyTimeoutMs = 300 ms');
    expect(r.ms).toBeLessThan(2000);
    expect(t.calls).toHaveLength(0);
  });
  it('proxy.fetch answers 408 for a body stream that stalls', async () => {
    const t = testProxy({ limits: { bodyTimeoutMs: 200 } });
    const stalled = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode('{"events":[')),
    });
    const started = Date.now();
    const r = await t.proxy.fetch(
      new Request('https://s.example/e', { method: 'POST', body: stalled, duplex: 'half' } as RequestInit),
    );
    expect(r.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(1500);
  });
  it('a body that arrives in time is not affected', async () => {
    const t = testProxy({ limits: { bodyTimeoutMs: 1000 } });
    const port = await listen(createServer((req, res) => void t.proxy.node(req, res)));
    const e = v3Event();
    const r = await fetch(`http://127.0.0.1:${port}/cts/events`, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: JSON.stringify({ events: [e] }),
    });
    expect(await r.json()).toEqual({ results: [{ eventId: e.eventId, status: 'accepted' }] });
  });
  it('names the option', () => {
    expect(() => testProxy({ limits: { bodyTimeoutMs: 0 } })).toThrow(/option "bodyTimeoutMs" must be at least 1/);
  });
});

describe('the CLI server limits headers and requests', () => {
  it('closes a connection whose headers never end (headersTimeout)', async () => {
    const t = testProxy();
    const port = await listen(createProxyServer(t.proxy, { headersTimeoutMs: 500, requestTimeoutMs: 1000 }));
    const r = await rawRequest(port, 'POST /cts/events HTTP/1.1\r\nHost: x\r\n', (write) => {
      const drip = setInterval(() => write('X-A: b\r\n'), 100);
      setTimeout(() => clearInterval(drip), 4000);
    });
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.ms).toBeLessThan(3000);
  });
  it('defaults: 10 s for headers, 30 s for the request, checked every second', () => {
    const server = createProxyServer(testProxy().proxy);
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
  });
});
