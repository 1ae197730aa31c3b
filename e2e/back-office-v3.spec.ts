import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { createEmulator } from '../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../packages/talent-beacon-emulator/src/index.js';
import { createProxy } from '../packages/talent-beacon-server/src/proxy.js';
import { createReporter } from '../packages/talent-beacon-server/src/index.js';

// Issue 13's "done when", v3: an application made in Chromium (script tag + data-cts-* markup,
// the apply form's data-cts-chain field), HIRED reported by the site's server with createReporter,
// and the emulator shows it under that application, the search's requestId, parent explicit.
// A v3 board: v3 job names have no tenant (the demo's board is v4). Needs the built script.

const script = readFileSync(fileURLToPath(new URL('../packages/talent-beacon/dist/talent-beacon.js', import.meta.url)));
let emulator: Emulator;
let server: Server;
let board = '';
let job = '';
const hires: Array<{ chain: unknown; result?: unknown; error?: string }> = [];

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>v3 board</title>
<script async src="/talent-beacon.js" data-endpoint="/cts/events" data-flush-interval="300"></script></head><body>${body}</body></html>`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
  });
}

test.beforeAll(async () => {
  emulator = createEmulator({ token: 'dev' });
  const upstream = await emulator.listen(0, '127.0.0.1');
  const call = async (path: string, body: unknown) => {
    const r = await fetch(upstream + path, {
      method: 'POST',
      headers: { authorization: 'Bearer dev', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await r.json()) as Record<string, unknown>;
    if (!r.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json;
  };
  const company = await call('/v3/projects/acme/companies', { company: { displayName: 'Acme', externalId: 'acme-1' } });
  job = String(
    (
      await call('/v3/projects/acme/jobs', {
        job: { companyName: company.name, requisitionId: 'r-1', title: 'Nurse', description: 'Care.' },
      })
    ).name,
  );
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  board = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const proxy = createProxy({ project: 'acme', apiVersion: 'v3', upstream, token: 'dev', allowedOrigins: [board] });
  const reporter = createReporter({ project: 'acme', apiVersion: 'v3', upstream, token: 'dev' });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(body));
    if (req.url === '/cts/events') return void proxy.node(req, res);
    if (req.url === '/talent-beacon.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.url === '/results') {
      const found = await call('/v3/projects/acme/jobs:search', {
        requestMetadata: { domain: 'board', sessionId: 's', userId: 'u' },
        jobQuery: { query: 'nurse' },
      });
      const requestId = (found.metadata as { requestId: string }).requestId;
      return html(
        `<ul data-cts-request-id="${requestId}"><li data-cts-job="${job}"><a id="open" href="/job">Nurse</a></li></ul>`,
      );
    }
    if (req.url === '/job')
      return html(
        `<main data-cts-view="${job}"><a id="apply" href="/apply" data-cts-event="APPLICATION_START" data-cts-job="${job}">Apply</a></main>`,
      );
    if (req.url === '/apply') {
      return html(`<form method="post" action="/applied"><input name="name" value="Ada"><input type="hidden" name="cts_chain" data-cts-chain="${job}">
        <button id="send" data-cts-event="APPLICATION_FINISH" data-cts-job="${job}">Send</button></form>`);
    }
    if (req.url === '/applied' && req.method === 'POST') {
      // The employer's server, days later in real life: HIRED with the chain the form carried.
      const chain = JSON.parse(new URLSearchParams(await readBody(req)).get('cts_chain') ?? '""') as {
        requestId: string;
        eventId: string;
      };
      const entry: (typeof hires)[number] = { chain };
      hires.push(entry);
      try {
        entry.result = await reporter.report({
          type: 'HIRED',
          jobs: [job],
          requestId: chain.requestId,
          parentEventId: chain.eventId,
          key: 'hire-ada-1',
        });
      } catch (error) {
        entry.error = String(error);
      }
      return html('<p id="done">Thanks</p>');
    }
    res.writeHead(404).end();
  };
  // A failed request fails the test through the page (no #done, the error shown), not as an unhandled rejection.
  server.on('request', (req, res) => void handle(req, res).catch((error) => res.writeHead(500).end(String(error))));
});
test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await emulator?.close();
});

interface Node {
  eventId: string;
  type: string;
  parentEventId?: string;
  inferredParent: boolean;
  children: Node[];
}

test('v3: HIRED for an application made in Chromium shows under that application, with the search requestId as the chain and the APPLICATION_FINISH as parent', async ({
  page: tab,
}) => {
  await tab.goto(`${board}/results`);
  await tab.waitForFunction(
    () => typeof (window as unknown as { TalentBeacon?: { init?: unknown } }).TalentBeacon?.init === 'function',
  );
  const requestId = (await tab.locator('ul').getAttribute('data-cts-request-id'))!;
  await tab.click('#open');
  await tab.waitForURL('**/job');
  await tab.click('#apply');
  await tab.waitForURL('**/apply');
  await tab.waitForFunction(
    () => typeof (window as unknown as { TalentBeacon?: { init?: unknown } }).TalentBeacon?.init === 'function',
  );
  await Promise.all([tab.waitForURL('**/applied'), tab.click('#send')]);
  await expect(tab.locator('#done')).toBeVisible();
  expect(hires).toHaveLength(1);
  expect(hires[0]!.error).toBeUndefined();
  expect(hires[0]!.result).toMatchObject({ status: 'reported' });

  type Report = {
    requests: Array<{ requestId: string | null; known: boolean; roots: Node[]; warnings: Array<{ code: string }> }>;
    events: Array<{
      event: { eventId: string; requestId?: string; parentEventId?: string; jobEvent: { type: string } };
    }>;
  };
  const report = async () => (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as Report;
  await expect
    .poll(async () => (await report()).events.map((e) => e.event.jobEvent.type).sort(), { timeout: 20_000 })
    .toEqual(['APPLICATION_FINISH', 'APPLICATION_START', 'HIRED', 'IMPRESSION', 'VIEW']);
  const data = await report();
  const group = data.requests.find((g) => g.requestId === requestId)!;
  expect(group.known).toBe(true); // the requestId of the search that showed the job
  expect(group.warnings.map((w) => w.code)).toEqual([]);
  // IMPRESSION -> VIEW -> APPLICATION_START -> APPLICATION_FINISH -> HIRED, all by explicit parentEventId.
  const path: Node[] = [];
  for (let n: Node | undefined = group.roots[0]; n; n = n.children[0]) path.push(n);
  expect(path.map((n) => n.type)).toEqual(['IMPRESSION', 'VIEW', 'APPLICATION_START', 'APPLICATION_FINISH', 'HIRED']);
  expect(path.every((n) => !n.inferredParent)).toBe(true);
  const hired = data.events.find((e) => e.event.jobEvent.type === 'HIRED')!;
  expect(hired.event).toMatchObject({ requestId, parentEventId: path[3]!.eventId });
  expect(hires[0]!.chain).toEqual({ requestId, eventId: path[3]!.eventId });
});
