import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEVICE_CLOCK_HEADER, readDeviceClockNote } from '@talent-beacon/core';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { checkOptions, ConfigError, describeValue } from '@talent-beacon/core';
import { buildEventReport } from './build-event-report.js';
import { buildFunnel } from './build-funnel.js';
import { createClientEventLog } from './client-event-log.js';
import { createCtsStore } from './cts-store.js';
import { checkFaultOptions, createFaults } from './create-faults.js';
import type { Emulator, EmulatorOptions, FaultOptions, InspectorReport } from './emulator-types.js';
import { handleResourceCall } from './handle-resource-call.js';
import { parseJsonBody, readBody, sendError, sendJson } from './http-io.js';
import { inspectorPage } from './inspector-page.js';
import { matchRoute } from './match-route.js';
import { RpcError } from './rpc-error.js';

const OPTION_SPECS = {
  token: { kind: 'string' as const, hint: 'the only Bearer token accepted' },
  duplicateEventIds: { kind: 'string' as const, oneOf: ['accept', 'reject'] },
  faults: { kind: 'object' as const },
  clock: { kind: 'function' as const, hint: 'a function returning a Date' },
  createId: { kind: 'function' as const, hint: 'a function returning a new resource id' },
  createRequestId: { kind: 'function' as const, hint: 'a function returning a new requestId' },
  sleep: { kind: 'function' as const, hint: 'a function (ms) => Promise<void>' },
  maxEvents: {
    kind: 'number' as const,
    min: 1,
    integer: true,
    hint: 'client events kept; the oldest are dropped first',
  },
  maxEventBytes: { kind: 'number' as const, min: 65_536, integer: true, hint: 'estimated bytes of client events kept' },
};

/** Most events one page of `GET /_emulator/events?pageSize=…` returns. */
const MAX_EVENTS_PAGE = 1000;

const MAX_TOLERATED = 100;

function counterIds(): () => string {
  // Job ids in CTS are server-generated digit strings; a counter keeps names short and readable in
  // the inspector, and is never reset, so that a name from before reset() never names a new job.
  let next = 1000;
  return () => String(++next);
}

/**
 * A local, in-memory Cloud Talent Solution emulator (docs/design.md §8): clientEvents.create for v3,
 * v3p1beta1, v4beta1 and v4, tenants, companies and jobs (create/get/list/patch/delete, search),
 * google.rpc.Status errors, Bearer-token auth, fault injection, and an event inspector at `/`.
 *
 * @example
 * import { createEmulator } from 'talent-beacon-emulator';
 * const emulator = createEmulator({ faults: { script: ['429'] } });
 * const url = await emulator.listen(); // 'http://127.0.0.1:41234'
 * // ... point the proxy's `upstream` at url ...
 * emulator.clientEvents(); // what arrived
 * await emulator.close();
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  checkOptions('createEmulator', options, OPTION_SPECS);
  if (options.token !== undefined && options.token.trim() === '') {
    throw new ConfigError(
      'INVALID_OPTION',
      'token',
      'createEmulator: option "token" must not be empty (leave it out to accept any non-empty Bearer token)',
    );
  }
  if (options.faults !== undefined) checkFaultOptions('createEmulator: faults', options.faults);
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const faults = createFaults(options.faults);
  const log = createClientEventLog({
    clock,
    duplicateEventIds: options.duplicateEventIds ?? 'accept',
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    ...(options.maxEventBytes !== undefined ? { maxBytes: options.maxEventBytes } : {}),
  });
  // Input accepted here that CTS would refuse, newest last; bounded, for the inspector.
  let tolerated: Array<{ at: string; message: string }> = [];
  const store = createCtsStore({
    clock,
    createId: options.createId ?? counterIds(),
    createRequestId: options.createRequestId ?? randomUUID,
  });

  function report(): InspectorReport {
    const events = log.list();
    // Titles of the jobs the events name, so the inspector can show "…/jobs/1002 Registered Nurse".
    const jobTitles = Object.create(null) as Record<string, string>;
    for (const e of events) {
      const jobs = (e.event.jobEvent as { jobs?: unknown } | undefined)?.jobs;
      for (const name of Array.isArray(jobs) ? jobs : []) {
        if (typeof name !== 'string' || name in jobTitles || !store.hasJob(name)) continue;
        const title = store.getJob(name).title;
        jobTitles[name] = typeof title === 'string' ? title : '';
      }
    }
    return {
      ...buildEventReport({ events, isKnownJob: (name) => store.hasJob(name), searches: store.searches() }),
      events,
      jobTitles,
      tolerated: [...tolerated],
      faults: faults.describe(),
      log: log.status(),
      // CTS's dashboard figures, for the inspector's funnel section (also GET /_emulator/funnel).
      funnel: buildFunnel({ events, searches: store.searches() }),
    };
  }

  // GET /_emulator/events: the whole report by default (bounded by the log's bounds);
  // ?view=summary for the counts only; ?pageSize=N[&pageToken=T] for the raw events in arrival
  // order, page by page (the token of the last page also fetches the events that arrive later).
  function eventsRoute(query: URLSearchParams): unknown {
    const view = query.get('view');
    if (view !== null && view !== 'summary' && view !== 'full') {
      throw new RpcError('INVALID_ARGUMENT', `view must be "summary" or "full" (got ${describeValue(view)})`);
    }
    const size = query.get('pageSize');
    const token = query.get('pageToken');
    if (size === null && token === null) {
      if (view !== 'summary') return report();
      const { counts } = buildEventReport({
        events: log.list(),
        isKnownJob: (name) => store.hasJob(name),
        searches: store.searches(),
      });
      return { counts, log: log.status(), faults: faults.describe(), tolerated: [...tolerated] };
    }
    const pageSize = size === null ? 100 : Number(size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_EVENTS_PAGE) {
      throw new RpcError(
        'INVALID_ARGUMENT',
        `pageSize must be a whole number from 1 to ${MAX_EVENTS_PAGE} (got ${describeValue(size)})`,
      );
    }
    const from = token === null || token === '' ? 0 : Number(token);
    if (!/^\d{0,15}$/.test(token ?? '') || !Number.isSafeInteger(from)) {
      throw new RpcError('INVALID_ARGUMENT', `pageToken ${describeValue(token)} is not a token this emulator issued`);
    }
    const page = log.page(from, pageSize);
    const status = log.status();
    return {
      events: page.events,
      nextPageToken: String(page.next),
      more: page.next < status.dropped + status.retained,
      log: status,
    };
  }

  function authorize(req: IncomingMessage): void {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S.*)$/i.exec(header.trim()) : null;
    if (!match) {
      throw new RpcError(
        'UNAUTHENTICATED',
        'Request is missing required authentication credential. Expected an "Authorization: Bearer <token>" header (any non-empty token is accepted by the emulator unless its "token" option pins one).',
      );
    }
    if (options.token !== undefined && match[1] !== options.token) {
      throw new RpcError(
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials: the Bearer token is not the one the emulator was started with (option "token" / flag --token).',
      );
    }
  }

  // The admin routes need no token, so a web page the developer happens to visit could POST to
  // /_emulator/reset (a CORS-simple request). Browsers name the page in Origin: only the
  // emulator's own pages (the inspector) may change state; curl and Node send no Origin.
  function checkSameOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
      throw new RpcError(
        'PERMISSION_DENIED',
        `The emulator's admin routes only accept changes from its own pages (Origin ${origin} is not http://${req.headers.host ?? ''}).`,
      );
    }
  }

  async function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    query: URLSearchParams,
  ): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (pathname.startsWith('/_emulator/') && method !== 'GET' && method !== 'HEAD') checkSameOrigin(req);
    if (pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : inspectorPage());
      return true;
    }
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return true;
    }
    if (pathname === '/_emulator/funnel' && method === 'GET') {
      sendJson(res, 200, buildFunnel({ events: log.list(), searches: store.searches() }));
      return true;
    }
    if (pathname === '/_emulator/events' && method === 'GET') {
      sendJson(res, 200, eventsRoute(query));
      return true;
    }
    if (pathname === '/_emulator/faults' && method === 'GET') {
      sendJson(res, 200, faults.describe());
      return true;
    }
    if (pathname === '/_emulator/faults' && method === 'PUT') {
      const body = parseJsonBody(await readBody(req));
      try {
        if (body !== null && typeof body === 'object' && 'random' in body) {
          throw new ConfigError(
            'UNKNOWN_OPTION',
            'random',
            'PUT /_emulator/faults: option "random" can only be set in code (createEmulator / setFaults)',
          );
        }
        checkFaultOptions('PUT /_emulator/faults', body);
        faults.set(body);
      } catch (error) {
        if (error instanceof ConfigError) throw new RpcError('INVALID_ARGUMENT', error.message);
        throw error;
      }
      sendJson(res, 200, faults.describe());
      return true;
    }
    if (pathname === '/_emulator/reset' && method === 'POST') {
      reset();
      sendJson(res, 200, {});
      return true;
    }
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.invalid');
    } catch {
      // e.g. "//": a request target no URL parser reads; a client error, not the emulator's.
      throw new RpcError('NOT_FOUND', `The emulator has no method at ${describeValue(req.url)}.`);
    }
    if (await handleAdmin(req, res, url.pathname, url.searchParams)) return;
    const route = matchRoute(req.method ?? 'GET', url.pathname);
    if (!route) {
      throw new RpcError(
        'NOT_FOUND',
        `The emulator has no CTS method at ${req.method ?? 'GET'} ${url.pathname}. Known: clientEvents.create (v3, v3p1beta1, v4beta1, v4), tenants, companies, jobs and jobs:search; see GET / for the inspector.`,
      );
    }
    authorize(req);
    const text = await readBody(req);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (route.kind === 'createClientEvent') {
      const fault = faults.next();
      if (fault === '429') {
        throw new RpcError(
          'RESOURCE_EXHAUSTED',
          'Quota exceeded for clientEvents.create (fault injected by the emulator).',
          [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${faults.retryDelaySeconds}s` }],
        );
      }
      if (fault === '503')
        throw new RpcError('UNAVAILABLE', 'The service is currently unavailable (fault injected by the emulator).');
      if (fault === 'drop') {
        req.socket.destroy();
        return;
      }
      const stored = log.accept(route.apiVersion, route.parent.name, parseJsonBody(text), {
        answerDropped: fault === 'drop-after-store',
        // The proxy's note that it derived this createTime (a device clock that was off).
        deviceClock: readDeviceClockNote(req.headers[DEVICE_CLOCK_HEADER]),
      });
      if (fault === 'drop-after-store') {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, stored);
      return;
    }
    const result = handleResourceCall(store, route, parseJsonBody(text), url.searchParams, (message) => {
      tolerated.push({ at: clock().toISOString(), message });
      if (tolerated.length > MAX_TOLERATED) tolerated.shift();
    });
    sendJson(res, 200, result);
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || req.socket.destroyed) return;
      sendError(
        res,
        error instanceof RpcError
          ? error
          : new RpcError(
              'INTERNAL',
              `Internal emulator error: ${error instanceof Error ? error.message : String(error)}`,
            ),
      );
    });
  };

  let server: Server | undefined;
  let url = '';
  const sockets = new Set<Socket>();

  function reset(): void {
    log.reset();
    store.reset();
    tolerated = [];
    faults.set({});
  }

  return {
    handler,
    get url() {
      return url;
    },
    listen(port = 0, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error(`the emulator is already listening at ${url}`));
      const s = createServer(handler);
      s.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server = s;
      return new Promise<string>((resolve, reject) => {
        s.once('error', (error) => {
          server = undefined;
          reject(error);
        });
        s.listen(port, host, () => {
          const address = s.address() as AddressInfo;
          url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      const s = server;
      if (!s) return Promise.resolve();
      server = undefined;
      return new Promise<void>((resolve, reject) => {
        s.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (gaxios, fetch) would hold close() open; end them.
        for (const socket of sockets) socket.destroy();
      });
    },
    setFaults(next: FaultOptions) {
      faults.set(next);
    },
    clientEvents: () => log.list(),
    reset,
  };
}
