import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** One POST the collector received. */
export interface CollectorRequest {
  at: number;
  contentType: string | undefined;
  bytes: number;
  eventIds: string[];
  status: number;
}

/** What the collector does with the next requests; see {@link TestServer.collector}. */
export interface CollectorBehaviour {
  /** Answer this HTTP status to the next `times` requests (default: every request). */
  status?: number;
  times?: number;
  /** Seconds for a Retry-After header. */
  retryAfter?: number;
  /** Wait before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
  /** Per-event status override, e.g. { [eventId]: 'rejected' }. */
  results?: Record<string, 'accepted' | 'duplicate' | 'rejected' | 'retry'>;
}

/**
 * A collector implementing the tracker -> proxy reply format of docs/design.md §5, with switchable
 * failures. It records every event it accepted, so tests can assert "every eventId once".
 */
export interface Collector {
  /** Every event accepted, in arrival order (duplicates included, so tests can count them). */
  events: Array<Record<string, unknown> & { eventId: string }>;
  requests: CollectorRequest[];
  behaviour: CollectorBehaviour;
  /** One behaviour per coming request, used before `behaviour` (e.g. 500, then 503, then a drop). */
  plan: CollectorBehaviour[];
  /** eventId -> how many times it arrived in an accepted request. */
  counts(): Map<string, number>;
  reset(): void;
}

export interface TestServer {
  url: string;
  collector: Collector;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Folders served as static files, first match wins. Default: e2e/pages and the browser package's dist (talent-beacon.js, index.js, ...). */
  roots?: string[];
  /** Path of the collector endpoint. Default: /cts/events. */
  endpoint?: string;
  /** Extra routes, tried before static files. Return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | Promise<boolean>;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts a server on 127.0.0.1 (a free port) that serves the test pages and the built bundles,
 * and collects tracker batches at `/cts/events`. Call `close()` in an afterAll/fixture teardown.
 *
 * @example
 * const server = await startTestServer();
 * await page.goto(`${server.url}/iife.html`);
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const roots = (options.roots ?? ['e2e/pages', 'packages/talent-beacon/dist']).map((r) => resolve(root, r));
  const endpoint = options.endpoint ?? '/cts/events';
  const collector: Collector = {
    events: [],
    requests: [],
    behaviour: {},
    plan: [],
    counts() {
      const map = new Map<string, number>();
      for (const e of this.events) map.set(e.eventId, (map.get(e.eventId) ?? 0) + 1);
      return map;
    },
    reset() {
      this.events.length = 0;
      this.requests.length = 0;
      this.behaviour = {};
      this.plan = [];
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (options.routes && (await options.routes(req, res, body))) return;
      if (url.pathname === endpoint) return await collect(req, res, body, collector);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      for (const dir of roots) {
        const file = normalize(join(dir, url.pathname === '/' ? '/index.html' : url.pathname));
        if (!file.startsWith(dir)) break;
        try {
          const data = await readFile(file);
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          });
          res.end(data);
          return;
        } catch {
          // try the next root
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  };
  // A request body that breaks off rejects the read: answer it, don't leave an unhandled rejection.
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    collector,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function collect(req: IncomingMessage, res: ServerResponse, body: Buffer, collector: Collector): Promise<void> {
  const b = collector.plan.shift() ?? collector.behaviour;
  const record: CollectorRequest = {
    at: Date.now(),
    contentType: req.headers['content-type'],
    bytes: body.length,
    eventIds: [],
    status: 0,
  };
  collector.requests.push(record);
  let parsed: { events?: Array<Record<string, unknown> & { eventId: string }> } | undefined;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const events = Array.isArray(parsed?.events) ? parsed.events : undefined;
  record.eventIds = events?.map((e) => e.eventId) ?? [];
  if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
  const failing = b.status !== undefined && (b.times === undefined || b.times > 0);
  if (b.drop && (b.times === undefined || b.times > 0)) {
    if (b.times !== undefined) b.times--;
    record.status = -1;
    req.socket.destroy();
    return;
  }
  if (failing) {
    if (b.times !== undefined) b.times--;
    record.status = b.status!;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (b.retryAfter !== undefined) headers['retry-after'] = String(b.retryAfter);
    res.writeHead(b.status!, headers).end(JSON.stringify({ error: `collector told to answer ${b.status}` }));
    return;
  }
  if (!events) {
    record.status = 400;
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'body must be {"events":[…]}' }));
    return;
  }
  const seen = collector.counts();
  const results = events.map((event) => {
    const forced = b.results?.[event.eventId];
    if (forced) return { eventId: event.eventId, status: forced };
    const status = seen.has(event.eventId) ? 'duplicate' : 'accepted';
    collector.events.push(event);
    return { eventId: event.eventId, status };
  });
  record.status = 200;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
}
