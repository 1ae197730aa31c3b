import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import type { ClientEvent } from '../../packages/core/src/index.js';
import type { ResolvedEnv, TrackerEnv } from '../../packages/talent-beacon/src/tracker/tracker-env.js';

export const JOB = 'projects/p/tenants/t/jobs/1';

/** What the fake proxy answers: an HTTP status (200 = §5 results) or a thrown network error. */
export type Answer =
  number | 'network' | { status: number; retryAfter?: string } | ((events: ClientEvent[]) => Response);

/**
 * A proxy stand-in for unit tests: records each request's events and answers per `answers`
 * (then 200 with every event accepted, duplicates flagged as the real proxy would).
 */
export function fakeProxy(answers: Answer[] = []) {
  const requests: ClientEvent[][] = [];
  const times: number[] = [];
  const seen = new Map<string, number>();
  const respond = (init: RequestInit): Response => {
    const events = (JSON.parse(init.body as string) as { events: ClientEvent[] }).events;
    requests.push(events);
    times.push(Date.now());
    const answer = answers.shift() ?? 200;
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (typeof answer === 'function') return answer(events);
    const status = typeof answer === 'number' ? answer : answer.status;
    if (status !== 200) {
      const headers: Record<string, string> =
        typeof answer === 'object' && answer.retryAfter ? { 'retry-after': answer.retryAfter } : {};
      return new Response('{}', { status, headers });
    }
    const results = events.map((e) => {
      const n = seen.get(e.eventId) ?? 0;
      seen.set(e.eventId, n + 1);
      return { eventId: e.eventId, status: n ? 'duplicate' : 'accepted' };
    });
    return Response.json({ results });
  };
  // Like a real fetch, fails by rejecting (a network error, a body that is no JSON), never by throwing.
  const fetch = (_url: string, init: RequestInit) => new Promise<Response>((resolve) => resolve(respond(init)));
  return { fetch, requests, seen, times };
}

/** An environment with fake-indexeddb, an EventTarget as window, memory localStorage and no locks. */
export function testEnv(
  overrides: Partial<TrackerEnv> = {},
): ResolvedEnv & { target: EventTarget; document: { visibilityState: string } } {
  const store = new Map<string, string>();
  return {
    target: new EventTarget(),
    document: { visibilityState: 'visible' },
    indexedDB: new IDBFactory(),
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    } as Storage,
    now: () => Date.now(),
    random: () => 0.5,
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    ...overrides,
  };
}

/**
 * Advances vitest's fake clock in 250 ms steps and, before each step, lets fake-indexeddb (which
 * schedules with setImmediate, left real) and promises settle, so that IndexedDB work happens at
 * the fake time it would in a page (and the 3 s open timeout does not fire first).
 */
export async function settle(ms = 0): Promise<void> {
  for (let t = 0; ; t += 250) {
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setImmediate(r));
      await vi.advanceTimersByTimeAsync(0);
    }
    if (t >= ms) return;
    await vi.advanceTimersByTimeAsync(Math.min(250, ms - t));
  }
}

/**
 * Routes `transaction()` of every connection `factory` opens from now on through `hook`, which
 * gets the real method and the arguments: to count transactions or make them fail.
 */
export function hookTransactions(
  factory: IDBFactory,
  hook: (transaction: IDBDatabase['transaction'], ...args: Parameters<IDBDatabase['transaction']>) => IDBTransaction,
): void {
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const request = open(name, version);
    request.addEventListener('success', () => {
      const db = request.result;
      const transaction = db.transaction.bind(db);
      db.transaction = ((...args: Parameters<typeof transaction>) =>
        hook(transaction, ...args)) as typeof db.transaction;
    });
    return request;
  };
}
