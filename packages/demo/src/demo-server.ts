import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CtsApiError, type CtsClient } from './cts-client.js';
import { presentJob } from './present-job.js';
import { renderBackOffice, type BackOffice } from './back-office.js';
import { sendFile } from './static-files.js';
import {
  renderAppliedPage,
  renderApplyPage,
  renderErrorPage,
  renderJobPage,
  renderSearchPage,
  type MultiPageContext,
} from './render-multi-page.js';

/** What the demo server is built from; see {@link createDemoServer}. */
export interface DemoServerOptions {
  /** The demo package's folder (holds site/, the pages, and dist/board/, the React board's bundle). */
  root: string;
  /** The CTS client searches and job lookups go through (the emulator, with the dev token). */
  cts: CtsClient;
  /** Company resource name -> display name, from the seed. */
  companies: ReadonlyMap<string, string>;
  /** The tracker endpoint: the real proxy's Node handler. */
  proxy: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** The emulator's inspector page, linked from every page. */
  inspectorUrl: string;
  /** The eventIds the emulator has received, for the pages' "delivered" state. */
  deliveredEventIds: () => ReadonlySet<string> | Promise<ReadonlySet<string>>;
  /** The applications and their back-office reporting (/backoffice); without it applications are not kept. */
  backOffice?: BackOffice;
}

const PAGE_SIZE = 10;
const SESSION_COOKIE = 'lighthouse_session';

/**
 * The demo job board's HTTP handler: the landing page, the three board versions, the JSON API
 * the SPA and React versions search through, the tracker bundles and their two dependencies,
 * and the proxy at /cts/events.
 *
 * @example
 * const server = http.createServer(createDemoServer({ root, cts, companies, proxy: proxy.node, inspectorUrl, deliveredEventIds }));
 */
export function createDemoServer(options: DemoServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { root, cts } = options;
  const siteDir = join(root, 'site');
  const boardDist = join(root, 'dist', 'board');
  const tracker = trackerFolders(root);
  const ctx: MultiPageContext = { inspectorUrl: options.inspectorUrl };
  const fillIn = (page: string) => page.replaceAll('%INSPECTOR_URL%', options.inspectorUrl);

  async function search(req: IncomingMessage, res: ServerResponse, query: string, page: number) {
    const session = sessionOf(req, res);
    const response = await cts.searchJobs({
      query,
      pageSize: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
      sessionId: session,
      userId: session,
      domain: req.headers.host ?? 'localhost',
    });
    const requestId = response.metadata?.requestId;
    if (!requestId) throw new Error('the search answer has no metadata.requestId');
    const jobs = (response.matchingJobs ?? []).map((m) => presentJob(m.job, options.companies, m.jobSummary));
    return { query, page, pageSize: PAGE_SIZE, requestId, totalSize: response.totalSize ?? jobs.length, jobs };
  }

  async function job(id: string) {
    return presentJob(await cts.getJob(`${cts.parent}/jobs/${id}`), options.companies);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    // The proxy reads the body itself, so it is routed before anything touches the request.
    // Its counters (received, accepted, retried, upstream latency…) are at /cts/events/metrics.
    if (path === '/cts/events' || path === '/cts/events/metrics') return void options.proxy(req, res);

    if (method === 'POST') {
      // (Each captured group below matches at least one character: a match's groups are non-empty.)
      const [, appliedJob] = /^\/multi\/jobs\/([^/]+)\/applied$/.exec(path) ?? [];
      if (appliedJob) {
        // The application, with the chain the form's data-cts-chain field carried, goes to the
        // back office (the applicant's name only: the demo keeps no contact data).
        const form = new URLSearchParams(await readForm(req));
        if (options.backOffice) {
          const card = await job(decodeURIComponent(appliedJob));
          options.backOffice.add({
            job: card.name,
            jobTitle: card.title,
            company: card.company,
            applicant: form.get('name') ?? '',
            chain: form.get('cts_chain') ?? undefined,
          });
        }
        return void res.writeHead(303, { location: path }).end();
      }
      const [, application, step] = /^\/backoffice\/applications\/([\w-]+)\/(interview|hire)$/.exec(path) ?? [];
      if (application && options.backOffice) {
        req.resume();
        const done = await options.backOffice.mark(application, step as 'interview' | 'hire');
        if (!done)
          return page(res, 404, renderErrorPage(ctx, 'No such application', `There is no application ${application}.`));
        return void res.writeHead(303, { location: '/backoffice' }).end();
      }
      return void res.writeHead(405, { allow: 'GET' }).end();
    }
    if (path === '/backoffice' && options.backOffice)
      return page(res, 200, renderBackOffice(options.backOffice.list(), options.inspectorUrl));
    if (method !== 'GET' && method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, POST' }).end();

    // JSON API of the SPA and React boards.
    if (path === '/api/search') {
      return json(res, 200, await search(req, res, url.searchParams.get('q')?.trim() ?? '', pageParam(url)));
    }
    const [, apiJob] = /^\/api\/jobs\/([^/]+)$/.exec(path) ?? [];
    if (apiJob) return json(res, 200, await job(decodeURIComponent(apiJob)));
    if (path === '/api/delivered') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      const delivered = await options.deliveredEventIds();
      return json(res, 200, { delivered: ids.filter((id) => delivered.has(id)) });
    }
    if (path === '/api/config') return json(res, 200, { inspectorUrl: options.inspectorUrl });

    // The multi-page board, rendered here like a classic job board.
    if (path === '/multi' || path === '/multi/') {
      const results = await search(req, res, url.searchParams.get('q')?.trim() ?? '', pageParam(url));
      return page(res, 200, renderSearchPage(ctx, results));
    }
    const [, multiJob, multiPage] = /^\/multi\/jobs\/([^/]+)(\/apply|\/applied)?$/.exec(path) ?? [];
    if (multiJob) {
      const card = await job(decodeURIComponent(multiJob));
      if (multiPage === '/apply') return page(res, 200, renderApplyPage(ctx, card));
      if (multiPage === '/applied') return page(res, 200, renderAppliedPage(ctx, card));
      const referer = req.headers.referer ? new URL(req.headers.referer, 'http://localhost') : undefined;
      const back = referer?.pathname === '/multi/' ? `/multi/${referer.search}` : '/multi/';
      return page(res, 200, renderJobPage(ctx, card, back));
    }

    // Bundles: the tracker package's outputs, the two packages its ESM build imports, and the
    // React board this package bundles (dist/demo/ in URLs, the demo's own dist/board/ on disk).
    if (path === '/talent-beacon.js' && (await sendFile(res, tracker.dist, '/talent-beacon.js'))) return;
    if (/^\/dist\/demo\/[\w.-]+\.js$/.test(path) && (await sendFile(res, boardDist, path.slice('/dist/demo'.length))))
      return;
    if (
      /^\/dist\/(index\.js|react\.js|chunks\/[\w.-]+\.js)$/.test(path) &&
      (await sendFile(res, tracker.dist, path.slice(5)))
    )
      return;
    const [, vendorName, vendorPath] = /^\/vendor\/(idb-keyval|nanoid)(\/.+\.js)$/.exec(path) ?? [];
    if (vendorName && vendorPath && (await sendFile(res, tracker[vendorName as 'nanoid' | 'idb-keyval'], vendorPath)))
      return;

    // Static pages; the SPA and React boards route on the client, so their deep links get index.html.
    if (await sendFile(res, siteDir, path.endsWith('/') ? `${path}index.html` : path, fillIn)) return;
    const app = /^\/(spa|react)\//.exec(path);
    if (app && (await sendFile(res, siteDir, `/${app[1]}/index.html`, fillIn))) return;
    if (path === '/spa' || path === '/react') return void res.writeHead(301, { location: `${path}/` }).end();
    return page(res, 404, renderErrorPage(ctx, 'Page not found', `There is nothing at ${path}.`));
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof CtsApiError && error.status === 404 ? 404 : 502;
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) return void res.end();
      if ((req.url ?? '').startsWith('/api/')) return json(res, status, { error: message });
      const title = status === 404 ? 'Job not found' : 'The job search is not answering';
      page(res, status, renderErrorPage(ctx, title, status === 404 ? 'This job does not exist (any more).' : message));
    });
  };
}

// An application form is small: read at most 16 KB of it.
function readForm(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 16_384) req.destroy(new Error('the form is larger than 16 KB'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function pageParam(url: URL): number {
  const page = Number(url.searchParams.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= 100 ? page : 1;
}

// CTS asks for an anonymous, stable sessionId/userId per visitor in every search
// (requestMetadata): a cookie gives each browser its own.
function sessionOf(req: IncomingMessage, res: ServerResponse): string {
  const [, known] = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([\\w-]+)`).exec(req.headers.cookie ?? '') ?? [];
  if (known) return known;
  const id = randomUUID();
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  return id;
}

// The talent-beacon package as this demo installed it (its dist/), and the two packages its ESM
// build imports, resolved from the tracker's own folder as a bundler would. Only these two
// packages' browser files are served (the import map of the SPA points here).
function trackerFolders(root: string): Record<'dist' | 'nanoid' | 'idb-keyval', string> {
  const manifest = createRequire(join(root, 'package.json')).resolve('talent-beacon/package.json');
  const fromTracker = createRequire(manifest);
  return {
    dist: join(dirname(manifest), 'dist'),
    nanoid: dirname(fromTracker.resolve('nanoid/package.json')),
    'idb-keyval': dirname(fromTracker.resolve('idb-keyval')), // .../idb-keyval/dist
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}
