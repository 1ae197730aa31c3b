// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { autoInit, type AutoInitEnv } from '../../packages/talent-beacon/src/script/auto-init.js';
import { scriptConfig } from '../../packages/talent-beacon/src/script/script-config.js';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import type { TrackerOptions } from '../../packages/talent-beacon/src/tracker/tracker-types.js';
import { ConfigError } from '../../packages/core/src/index.js';
import { fakeTracker } from './fake-tracker.js';

const J1 = 'projects/p/tenants/t/jobs/1';
type W = NonNullable<AutoInitEnv['window']>;

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  const w = window as W;
  delete w.TalentBeacon;
  delete w.TalentBeaconConfig;
});

function setup() {
  const created: TrackerOptions[] = [];
  const tracker = fakeTracker();
  const create = (o: TrackerOptions) => (created.push(o), tracker);
  return { created, tracker, create };
}

describe('scriptConfig', () => {
  it('reads the known data-* of the script tag, typed, and lets TalentBeaconConfig win', () => {
    const s = document.createElement('script');
    s.setAttribute('data-endpoint', '/cts/events');
    s.setAttribute('data-debug', '');
    s.setAttribute('data-consent', 'false');
    s.setAttribute('data-batch-size', '5');
    s.setAttribute('data-cookieconsent', 'ignore'); // another tool's attribute: not an option
    expect(scriptConfig(s)).toEqual({ endpoint: '/cts/events', debug: true, consent: false, batchSize: 5 });
    expect(scriptConfig(s, { endpoint: '/other', batchSize: 9 })).toMatchObject({
      endpoint: '/other',
      batchSize: 9,
      debug: true,
    });
    expect(scriptConfig(null)).toBeUndefined();
    expect(scriptConfig(document.createElement('script'))).toBeUndefined();
    expect(scriptConfig(null, { endpoint: '/e' })).toEqual({ endpoint: '/e' }); // Every option of createTracker by its name; one that text cannot give is left for
    // createTracker to refuse (a ConfigError, reported by autoInit).
    s.setAttribute('data-retry-delay', '250');
    s.setAttribute('data-headers', '{"X-Key":"k"}'); // JSON
    expect(scriptConfig(s)).toMatchObject({ retryDelay: 250, headers: { 'X-Key': 'k' } });
    s.setAttribute('data-headers', 'x');
    expect(scriptConfig(s)).toMatchObject({ headers: 'x' });
    expect(() => createTracker(scriptConfig(s)!)).toThrow(ConfigError);
  });
});

describe('autoInit (the global TalentBeacon of the <script> build)', () => {
  it('does not start a tracker without configuration, queues calls, and replays them in order on init', () => {
    const { created, tracker, create } = setup();
    const api = autoInit({ window, create });
    expect(created).toEqual([]);
    expect(api.impression({ requestId: 'R1', jobs: [J1] })).toBeUndefined();
    api.view({ job: J1 });
    expect(api.init({ endpoint: '/e' })).toBe(tracker);
    expect(api.init({ endpoint: '/again' })).toBe(tracker); // one tracker per page
    expect(created).toEqual([{ endpoint: '/e' }]);
    expect(tracker.sent.map((e) => e.jobEvent.type)).toEqual(['IMPRESSION', 'VIEW']);
    expect(tracker.sent[1]!.parentEventId).toBe(tracker.sent[0]!.eventId);
    // After init the methods are the tracker's: they return the event, and throw for bad input.
    expect(api.track({ type: 'APPLICATION_START', jobs: [J1] }).parentEventId).toBe(tracker.sent[1]!.eventId);
    expect(() => api.view({ job: 'nope' })).toThrow(/requestId|job/);
  });

  it('starts from the script tag data-endpoint and replays the pre-load stub queue, reporting failing calls', () => {
    const { created, tracker, create } = setup();
    const errors: unknown[] = [];
    const w = window as W;
    // The documented stub, as a page would have run it before the script loaded.
    const stub: Record<string, unknown> & { q: unknown[] } = { q: [] };
    for (const m of ['impression', 'view', 'track', 'flush', 'setConsent']) {
      stub[m] = function (...a: unknown[]) {
        stub.q.push([m, a]);
      };
    }
    w.TalentBeacon = stub;
    (stub.impression as (i: unknown) => void)({ requestId: 'R1', jobs: [J1] });
    (stub.view as (i: unknown) => void)({ job: 'bad' });
    (stub.view as (i: unknown) => void)({ job: J1 });
    (stub.setConsent as (g: boolean) => void)(true);
    w.TalentBeaconConfig = { onError: (e) => errors.push(e) };
    document.head.innerHTML = '<script data-endpoint="/cts/events" data-debug></script>';
    const api = autoInit({ window, create });
    // The script API replaces the stub's methods on the global itself.
    for (const m of ['impression', 'view', 'track', 'chain', 'flush', 'setConsent', 'init'])
      expect(stub[m] === api[m as keyof typeof api], m).toBe(true);
    expect(created).toEqual([{ endpoint: '/cts/events', debug: true, onError: expect.any(Function) }]);
    expect(tracker.sent.map((e) => e.jobEvent.type)).toEqual(['IMPRESSION', 'VIEW']);
    expect(tracker.calls).toEqual(['impression', 'view', 'view', 'setConsent:true']);
    expect(errors).toHaveLength(1);
    expect(stub.q).toEqual([]);
  });

  it('reports a bad configuration instead of throwing into the page', () => {
    const errors: unknown[] = [];
    (window as W).TalentBeaconConfig = {
      endpoint: '/e',
      onError: (e) => errors.push(e),
    };
    const api = autoInit({
      window,
      create: () => {
        throw new Error('ConfigError: bad option');
      },
    });
    expect(errors).toHaveLength(1);
    expect(api.view({ job: J1 })).toBeUndefined(); // queued, nothing thrown
  });
});
