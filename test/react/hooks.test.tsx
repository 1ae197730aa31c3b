// @vitest-environment jsdom
import { StrictMode, useEffect, type ReactNode } from 'react';
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientEventError, ConfigError, type ClientEvent } from '../../packages/core/src/index.js';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import type { Tracker, TrackerOptions } from '../../packages/talent-beacon/src/tracker/tracker-types.js';
import {
  TalentBeaconProvider,
  useImpression,
  useJobView,
  useTrackEvent,
  useTracker,
} from '../../packages/talent-beacon/src/react.js';
import { fakeTracker } from '../linking/fake-tracker.js';
import { fakeProxy, testEnv } from '../tracker/helpers.js';

const J = (n: number) => `projects/p/tenants/t/jobs/${n}`;
const types = (events: ClientEvent[]) => events.map((e) => e.jobEvent.type);

// The real tracker's link store lives in the page's localStorage (jsdom's here): start clean.
beforeEach(() => localStorage.clear());
afterEach(cleanup);

function Results({ requestId, jobs }: { requestId: string | null; jobs: string[] }) {
  useImpression(requestId, jobs);
  return (
    <ul>
      {jobs.map((j) => (
        <li key={j}>{j}</li>
      ))}
    </ul>
  );
}
function JobPage({ job, requestId }: { job: string | null; requestId?: string }) {
  useJobView(job, requestId ? { requestId } : {});
  return <h1>{job}</h1>;
}

/** Counts effect runs, to prove StrictMode really ran every effect twice in these tests. */
let effectRuns = 0;
function Probe() {
  useEffect(() => void effectRuns++, []);
  return null;
}

function setup(strict = true) {
  const tracker = fakeTracker();
  const errors: Error[] = [];
  const wrap = (children: ReactNode) => {
    const tree = (
      <TalentBeaconProvider tracker={tracker} onError={(e) => errors.push(e)}>
        <Probe />
        {children}
      </TalentBeaconProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  return { tracker, errors, wrap };
}

describe('useImpression', () => {
  it('sends one IMPRESSION per requestId under StrictMode double invocation', () => {
    effectRuns = 0;
    const { tracker, errors, wrap } = setup();
    render(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    expect(effectRuns).toBe(2); // StrictMode did mount -> unmount -> mount the effects
    expect(tracker.sent).toHaveLength(1);
    expect(tracker.sent[0]).toMatchObject({ requestId: 'REQ-1', jobEvent: { type: 'IMPRESSION', jobs: [J(1), J(2)] } });
    expect(errors).toEqual([]);
  });

  it('re-rendering with a new array of the same jobs sends nothing and does not even call the tracker', () => {
    const { tracker, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    const calls = tracker.calls.length;
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    expect(tracker.calls.length).toBe(calls);
    expect(tracker.sent).toHaveLength(1);
  });

  it('a new requestId sends a new IMPRESSION; going back to the first sends nothing (one per requestId)', () => {
    const { tracker, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    view.rerender(wrap(<Results requestId="REQ-2" jobs={[J(3)]} />));
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    expect(tracker.sent.map((e) => [e.requestId, e.jobEvent.jobs])).toEqual([
      ['REQ-1', [J(1), J(2)]],
      ['REQ-2', [J(3)]],
    ]);
  });

  it('waits while the requestId or the jobs are missing (results loading)', () => {
    const { tracker, errors, wrap } = setup();
    const view = render(wrap(<Results requestId={null} jobs={[J(1)]} />));
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[]} />));
    expect(tracker.calls).toEqual([]);
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[J(1)]} />));
    expect(types(tracker.sent)).toEqual(['IMPRESSION']);
    expect(errors).toEqual([]);
  });

  it('a remount of the list (same requestId) sends nothing: the tracker keeps one per requestId', () => {
    const { tracker, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={[J(1)]} />));
    view.rerender(wrap(<p>job page</p>));
    view.rerender(wrap(<Results requestId="REQ-1" jobs={[J(1)]} />));
    expect(tracker.sent).toHaveLength(1);
  });

  it('reports an invalid job name to onError, once, and keeps rendering', () => {
    const { tracker, errors, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={['not-a-job-name']} />));
    view.rerender(wrap(<Results requestId="REQ-1" jobs={['not-a-job-name']} />));
    expect(view.getByText('not-a-job-name')).toBeTruthy();
    expect(tracker.sent).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ClientEventError);
    expect(errors[0]!.message).toMatch(/jobs/);
  });
});

describe('useJobView', () => {
  it('sends one VIEW per job under StrictMode, linked to the IMPRESSION by the link store', () => {
    effectRuns = 0;
    const { tracker, errors, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={[J(1), J(2)]} />));
    view.rerender(wrap(<JobPage job={J(1)} />));
    expect(effectRuns).toBe(2);
    const [impression, jobView, ...rest] = tracker.sent;
    expect(rest).toEqual([]);
    expect(jobView).toMatchObject({
      requestId: 'REQ-1',
      parentEventId: impression!.eventId,
      jobEvent: { type: 'VIEW', jobs: [J(1)] },
    });
    expect(errors).toEqual([]);
  });

  it('re-renders send nothing; another job sends its own VIEW; nothing while the job is loading', () => {
    const { tracker, wrap } = setup();
    const view = render(wrap(<JobPage job={null} requestId="REQ-1" />));
    expect(tracker.calls).toEqual([]);
    view.rerender(wrap(<JobPage job={J(1)} requestId="REQ-1" />));
    view.rerender(wrap(<JobPage job={J(1)} requestId="REQ-1" />));
    view.rerender(wrap(<JobPage job={J(2)} requestId="REQ-1" />));
    expect(tracker.sent.map((e) => e.jobEvent.jobs[0])).toEqual([J(1), J(2)]);
  });

  it('reports a view without any known requestId and an invalid job name to onError, never throwing', () => {
    const { tracker, errors, wrap } = setup();
    const view = render(wrap(<JobPage job={J(9)} />));
    view.rerender(wrap(<JobPage job="jobs/9" requestId="REQ-1" />));
    expect(view.getByText('jobs/9')).toBeTruthy();
    expect(tracker.sent).toEqual([]);
    expect(errors.map((e) => e.constructor)).toEqual([ClientEventError, ClientEventError]);
    expect(errors[0]!.message).toMatch(/requestId/);
  });
});

describe('useTrackEvent', () => {
  it('returns the same function on every render, and the event it queued, linked to the VIEW', () => {
    const { tracker, wrap } = setup();
    const { result, rerender } = renderHook(() => useTrackEvent(), { wrapper: ({ children }) => wrap(children) });
    const first = result.current;
    rerender();
    rerender();
    expect(result.current).toBe(first);
    tracker.impression({ requestId: 'REQ-1', jobs: [J(1)] });
    const v = tracker.view({ job: J(1) });
    let start: ClientEvent | undefined;
    act(() => void (start = result.current({ type: 'APPLICATION_START', jobs: [J(1)] })));
    expect(start).toMatchObject({
      requestId: 'REQ-1',
      parentEventId: v.eventId,
      jobEvent: { type: 'APPLICATION_START' },
    });
    expect(tracker.sent.at(-1)).toBe(start);
  });

  it('reports invalid input to onError and returns undefined, so the rest of the handler still runs', () => {
    const { tracker, errors, wrap } = setup(false);
    const { result } = renderHook(() => useTrackEvent(), { wrapper: ({ children }) => wrap(children) });
    expect(result.current({ type: 'APPLICATION_START', jobs: ['bad'], requestId: 'R' })).toBeUndefined();
    expect(result.current({ type: 'APPLICATION_START', jobs: [J(1)] })).toBeUndefined(); // no requestId known
    expect(tracker.sent).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e instanceof ClientEventError)).toBe(true);
  });
});

describe('useTracker and TalentBeaconProvider', () => {
  it('useTracker gives the injected tracker, whose methods throw as documented', () => {
    const { tracker, wrap } = setup();
    const { result } = renderHook(() => useTracker(), { wrapper: ({ children }) => wrap(children) });
    expect(result.current).toBe(tracker);
    expect(() => result.current.view({ job: 'bad', requestId: 'R' })).toThrow(ClientEventError);
  });

  it('never destroys a tracker it was given, also not on unmount', async () => {
    const { tracker, wrap } = setup();
    const view = render(wrap(<Results requestId="REQ-1" jobs={[J(1)]} />));
    view.unmount();
    await new Promise((r) => setTimeout(r, 5));
    expect(tracker.calls).not.toContain('destroy');
  });

  it('with options: creates one tracker in StrictMode, on mount, and destroys it once on unmount', async () => {
    const made: Array<ReturnType<typeof fakeTracker>> = [];
    const create = (options: TrackerOptions) => {
      expect(options.endpoint).toBe('/cts/events');
      const t = fakeTracker();
      made.push(t);
      return t;
    };
    // A new element (and a new options object) per render, as a parent re-rendering would make.
    const app = () => (
      <StrictMode>
        <TalentBeaconProvider options={{ endpoint: '/cts/events' }} create={create}>
          <Results requestId="REQ-1" jobs={[J(1)]} />
          <JobPage job={J(1)} />
        </TalentBeaconProvider>
      </StrictMode>
    );
    const view = render(app());
    view.rerender(app());
    await new Promise((r) => setTimeout(r, 5)); // past StrictMode's release tick
    expect(made).toHaveLength(1);
    expect(made[0]!.calls).not.toContain('destroy');
    expect(types(made[0]!.sent)).toEqual(['IMPRESSION', 'VIEW']);
    view.unmount();
    await new Promise((r) => setTimeout(r, 5));
    expect(made[0]!.calls.filter((c) => c === 'destroy')).toHaveLength(1);
    expect(made).toHaveLength(1);
  });

  it('with options but no events yet: still creates the tracker on mount (to deliver what earlier pages queued)', () => {
    const made: Tracker[] = [];
    render(
      <TalentBeaconProvider options={{ endpoint: '/e' }} create={() => (made.push(fakeTracker()), made.at(-1)!)} />,
    );
    expect(made).toHaveLength(1);
  });

  it('bad options reach onError as a ConfigError instead of crashing the tree', () => {
    const errors: Error[] = [];
    const view = render(
      <TalentBeaconProvider options={{ endpoint: 42 as unknown as string, onError: (e) => errors.push(e) }}>
        <Results requestId="REQ-1" jobs={[J(1)]} />
      </TalentBeaconProvider>,
    );
    expect(view.getByText(J(1))).toBeTruthy();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof ConfigError && e.option === 'endpoint')).toBe(true);
  });

  it('a throwing onError does not break rendering', () => {
    const view = render(
      <TalentBeaconProvider
        tracker={fakeTracker()}
        onError={() => {
          throw new Error('app bug');
        }}
      >
        <Results requestId="REQ-1" jobs={['bad']} />
      </TalentBeaconProvider>,
    );
    expect(view.getByText('bad')).toBeTruthy();
  });

  it('wiring mistakes throw a ConfigError naming the fix: no provider, or a provider with neither tracker nor options', () => {
    const quiet = console.error;
    console.error = () => {}; // React logs the thrown render error
    try {
      expect(() => renderHook(() => useImpression('R', [J(1)]))).toThrow(/TalentBeaconProvider/);
      expect(() => render(<TalentBeaconProvider />)).toThrow(ConfigError);
    } finally {
      console.error = quiet;
    }
  });
});

describe('with the real tracker (fake-indexeddb, memory proxy)', () => {
  it('StrictMode app: one IMPRESSION, one VIEW, one APPLICATION_START reach the proxy, linked', async () => {
    const proxy = fakeProxy();
    const errors: Error[] = [];
    let tracker!: Tracker;
    const create = (o: TrackerOptions) => (tracker = createTracker(o, testEnv({ fetch: proxy.fetch, localStorage })));
    let apply!: () => void;
    function Apply({ job }: { job: string }) {
      const trackEvent = useTrackEvent();
      apply = () => void trackEvent({ type: 'APPLICATION_START', jobs: [job] });
      return null;
    }
    const app = (
      <StrictMode>
        <TalentBeaconProvider options={{ endpoint: '/cts/events', onError: (e) => errors.push(e) }} create={create}>
          <Results requestId="REQ-1" jobs={[J(1), J(2)]} />
          <JobPage job={J(1)} />
          <Apply job={J(1)} />
        </TalentBeaconProvider>
      </StrictMode>
    );
    const view = render(app);
    view.rerender(app);
    act(() => apply());
    await tracker.flush();
    const events = proxy.requests.flat();
    expect(types(events)).toEqual(['IMPRESSION', 'VIEW', 'APPLICATION_START']);
    const [imp, v, start] = events;
    expect(v).toMatchObject({ requestId: 'REQ-1', parentEventId: imp!.eventId });
    expect(start).toMatchObject({ requestId: 'REQ-1', parentEventId: v!.eventId });
    expect(errors).toEqual([]);
    view.unmount();

    // A reload: a new tree and a new tracker on the same localStorage send no second IMPRESSION.
    render(app);
    await tracker.flush();
    expect(types(proxy.requests.flat()).filter((t) => t === 'IMPRESSION')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
