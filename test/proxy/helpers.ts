import type { ClientEvent } from '../../packages/core/src/index.js';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import type { LogLine, ProxyOptions } from '../../packages/talent-beacon-server/src/proxy.js';

/** Fixed proxy clock: 2026-11-23T08:00:00Z. */
export const NOW = Date.parse('2026-11-23T08:00:00.000Z');
export const ORIGIN = 'https://jobs.example.com';

let n = 0;
/**
 * A valid v3 event of project "acme", created a second before `now`. Pass the same clock the
 * proxy under test reads (its `now` option), so the event's age never depends on today's date.
 */
export function v3Event(over: Partial<ClientEvent> = {}, now: number = NOW): ClientEvent {
  n++;
  return {
    eventId: `ev-${n}`,
    requestId: 'req-1',
    createTime: new Date(now - 1000).toISOString(),
    jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
    ...over,
  };
}

/** One recorded upstream call of the stub. */
export interface Call {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The answer the stub gives to a call: status + JSON body + headers, or 'drop' (a network error) or 'hang' (until aborted). */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | 'hang';

/**
 * A tiny fetch stub standing in for CTS in unit tests: records calls and answers from a script
 * (then 200). The integration tests use the real emulator over HTTP instead.
 */
export function stubFetch(script: Answer[] = []) {
  const calls: Call[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    calls.push({ url: urlOf(input), headers, body: JSON.parse(init?.body as string) });
    const answer = script.shift() ?? { status: 200, body: {} };
    if (answer === 'drop') throw new TypeError('fetch failed');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  }) as typeof fetch;
  return { fetch: fetchStub, calls, script };
}

/** A proxy over a fetch stub, with a fixed clock and no real sleeping. */
export function testProxy(over: Partial<ProxyOptions> = {}, script: Answer[] = []) {
  const stub = stubFetch(script);
  const sleeps: number[] = [];
  const logs: LogLine[] = [];
  const proxy = createProxy({
    project: 'acme',
    allowedOrigins: [ORIGIN],
    token: 'secret-token',
    fetch: stub.fetch,
    now: () => NOW,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    log: (line) => void logs.push(line),
    ...over,
  });
  return { proxy, ...stub, sleeps, logs };
}

/** POSTs a batch to proxy.fetch and returns status, headers and JSON. */
export async function post(
  proxy: { fetch(r: Request, info?: { clientIp?: string }): Promise<Response> },
  body: unknown,
  init: { origin?: string | null; ip?: string; raw?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', ...init.headers };
  const origin = init.origin === undefined ? ORIGIN : init.origin;
  if (origin !== null) headers.origin = origin;
  const response = await proxy.fetch(
    new Request('https://site.example/cts/events', { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) }),
    {
      clientIp: init.ip ?? '198.51.100.1',
    },
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** The URL a fetch was called with, whichever form it came in. */
export function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
