// The property names terser shortens in the script build (scripts/rollup/internal-properties.mjs)
// must be names nothing outside the bundle sees: a public one would be renamed in the global, an
// option's in the options a page passes, a wire field's in the body. The e2e suites run that build
// and fail then; this test names the culprit first, from the source.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../packages/talent-beacon/src/index.js';
import { TRACKER_OPTIONS, createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import { INTERNAL_PROPERTIES } from '../../scripts/rollup/internal-properties.mjs';
import { JOB, settle, testEnv } from '../tracker/helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

/** Every key of these objects, and of the objects and arrays inside them. */
function keysOf(names: Set<string>, ...values: unknown[]): void {
  for (const value of values) {
    if (typeof value != 'object' || value === null) continue;
    for (const [key, inner] of Object.entries(value)) {
      if (!Array.isArray(value)) names.add(key);
      keysOf(names, inner);
    }
  }
}

/**
 * The names a page, the proxy or storage see of a tracker at work: the package's exports, the
 * options, the environment, the tracker's methods, the events it builds, the request body, the
 * proxy's reply, the error onError receives and the events it listens to.
 */
async function outsideNames(): Promise<Set<string>> {
  const names = new Set<string>();
  keysOf(names, api);
  // The options' names (their specs are the tracker's own).
  for (const option of Object.keys(TRACKER_OPTIONS)) names.add(option);
  const target = new EventTarget();
  const listen = target.addEventListener.bind(target);
  target.addEventListener = (type, listener, options) => (names.add(type), listen(type, listener, options));
  // The proxy rejects every event (so the tracker reports one).
  const fetch = (_url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as { events: { eventId: string }[] };
    const reply = {
      results: body.events.map((e) => ({
        eventId: e.eventId,
        status: 'rejected',
        issues: [{ path: 'eventId', rule: 'required', message: 'm' }],
      })),
    };
    keysOf(names, body, reply);
    return Promise.resolve(Response.json(reply));
  };
  const env = testEnv({ target, fetch });
  keysOf(names, env);
  const errors: Error[] = [];
  const tracker = createTracker({ endpoint: '/e', onError: (error) => errors.push(error) }, env);
  keysOf(names, tracker, tracker.view({ job: JOB, requestId: 'r1', extraInfo: { a: 1 } }));
  await tracker.flush();
  await settle(100);
  await tracker.destroy();
  keysOf(names, ...errors);
  return names;
}

describe('the property names the script build shortens', () => {
  it('are none of the names a page, the proxy or storage sees', async () => {
    const names = await outsideNames();
    // The probe sees each kind of outside name (else the check below could not fail).
    const probe = [
      'createTracker',
      'endpoint',
      'now',
      'flush',
      'jobEvent',
      'sentAt',
      'results',
      'issues',
      'kind',
      'pagehide',
      'resume',
      'online',
      'storage',
    ];
    expect(probe.filter((name) => !names.has(name))).toEqual([]);
    expect(INTERNAL_PROPERTIES.filter((name) => names.has(name))).toEqual([]);
  });
});
