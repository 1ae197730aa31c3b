// Server rendering in plain Node (no jsdom): importing the React entry from source and
// renderToString on a tree that uses every hook touch no browser global and create no tracker.
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tracker, TrackerOptions } from '../../packages/talent-beacon/src/tracker/tracker-types.js';
import { fakeTracker } from '../linking/fake-tracker.js';

const BROWSER_GLOBALS = [
  'window',
  'document',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'navigator',
  'location',
  'history',
] as const;
const J = (n: number) => `projects/p/tenants/t/jobs/${n}`;

// Every browser global becomes a getter that records the access and answers undefined, so even a
// guarded `typeof window` in our code during import or render is caught, not just a crash.
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();
beforeAll(() => {
  for (const name of BROWSER_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, { configurable: true, get: () => void touched.push(name) });
  }
});
afterAll(() => {
  for (const name of BROWSER_GLOBALS) {
    const d = saved.get(name);
    if (d) Object.defineProperty(globalThis, name, d);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

describe('talent-beacon/react on a server', () => {
  it('imports and renders every hook without touching a browser global, creating a tracker or sending', async () => {
    for (const name of BROWSER_GLOBALS) expect((globalThis as Record<string, unknown>)[name]).toBeUndefined();
    touched.length = 0;
    // Imported only now, with the traps in place: module-level code of the entry counts too.
    const { TalentBeaconProvider, useImpression, useJobView, useTrackEvent, useTracker } =
      await import('../../packages/talent-beacon/src/react.js');

    function App() {
      useImpression('REQ-1', [J(1), J(2)]);
      useJobView(J(1));
      const trackEvent = useTrackEvent();
      const tracker = useTracker();
      return (
        <main>
          <button type="button" onClick={() => trackEvent({ type: 'APPLICATION_START', jobs: [J(1)] })}>
            Apply
          </button>
          <button type="button" onClick={() => tracker.setConsent(true)}>
            Consent
          </button>
        </main>
      );
    }
    const created: TrackerOptions[] = [];
    const create = (options: TrackerOptions): Tracker => (created.push(options), fakeTracker());
    const errors: Error[] = [];

    const html = renderToString(
      <TalentBeaconProvider options={{ endpoint: '/cts/events', onError: (e) => errors.push(e) }} create={create}>
        <App />
      </TalentBeaconProvider>,
    );
    expect(html).toContain('Apply');
    expect(created).toEqual([]);

    // An app-created tracker (e.g. the server's own) is not called during render either.
    const injected = fakeTracker();
    renderToString(
      <TalentBeaconProvider tracker={injected}>
        <App />
      </TalentBeaconProvider>,
    );
    expect(injected.calls).toEqual([]);

    // With the default create (createTracker) nothing happens at render either.
    renderToString(
      <TalentBeaconProvider options={{ endpoint: '/cts/events' }}>
        <App />
      </TalentBeaconProvider>,
    );
    expect(errors).toEqual([]);
    expect(touched).toEqual([]);
  });
});
