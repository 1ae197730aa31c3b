import { describe, expect, it } from 'vitest';
import { buildEventReport, type ReceivedClientEvent } from '../../packages/talent-beacon-emulator/src/index.js';

const J = (n: number) => `projects/p/tenants/t/jobs/${n}`;
let clock = 0;
function ev(
  type: string,
  jobs: number[],
  over: Record<string, unknown> = {},
  meta: Partial<ReceivedClientEvent> = {},
): ReceivedClientEvent {
  clock += 1000;
  return {
    apiVersion: 'v4',
    parent: 'projects/p/tenants/t',
    receivedAt: new Date(clock).toISOString(),
    duplicate: false,
    ...meta,
    event: {
      eventId: `${type}-${jobs.join('-')}-${clock}`,
      requestId: 'r1',
      createTime: new Date(clock).toISOString(),
      jobEvent: { type, jobs: jobs.map(J) },
      ...over,
    },
  };
}
const known = {
  isKnownJob: (name: string) => /jobs\/[1-5]$/.test(name),
  searches: [{ requestId: 'r1', query: 'nurse', at: '2026-01-01T00:00:00Z' }],
};
const codes = (events: ReceivedClientEvent[]) => buildEventReport({ events, ...known }).warnings.map((w) => w.code);

describe('buildEventReport trees', () => {
  it('builds impression -> view -> start -> finish from job and order when there is no parentEventId (v4)', () => {
    const events = [
      ev('IMPRESSION', [1, 2, 3]),
      ev('VIEW', [2]),
      ev('APPLICATION_START', [2]),
      ev('APPLICATION_FINISH', [2]),
      ev('VIEW', [3]),
    ];
    const report = buildEventReport({ events, ...known });
    expect(report.warnings).toEqual([]);
    expect(report.requests).toHaveLength(1);
    const group = report.requests[0]!;
    expect(group).toMatchObject({ requestId: 'r1', known: true, query: 'nurse', eventCount: 5 });
    const [impression] = group.roots;
    expect(group.roots).toHaveLength(1);
    expect(impression!.children.map((c) => c.type)).toEqual(['VIEW', 'VIEW']);
    expect(impression!.children[0]!.children[0]!.type).toBe('APPLICATION_START');
    expect(impression!.children[0]!.children[0]!.children[0]).toMatchObject({
      type: 'APPLICATION_FINISH',
      inferredParent: true,
    });
    expect(report.counts).toEqual({
      events: 5,
      requests: 1,
      warnings: 0,
      byType: { IMPRESSION: 1, VIEW: 2, APPLICATION_START: 1, APPLICATION_FINISH: 1 },
    });
  });

  it('follows explicit parentEventId (v3) and flags one that names no event', () => {
    const imp = ev('IMPRESSION', [1], { eventId: 'imp' }, { apiVersion: 'v3' });
    const view = ev('VIEW', [1], { eventId: 'view', parentEventId: 'imp' }, { apiVersion: 'v3' });
    const lost = ev('APPLICATION_START', [1], { eventId: 'start', parentEventId: 'nope' }, { apiVersion: 'v3' });
    const report = buildEventReport({ events: [imp, view, lost], ...known });
    expect(report.requests[0]!.roots.map((n) => n.eventId)).toEqual(['imp', 'start']);
    expect(report.requests[0]!.roots[0]!.children[0]).toMatchObject({ eventId: 'view', inferredParent: false });
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'UNKNOWN_PARENT', eventIds: ['start'] })]);
  });

  it('orders by createTime, not arrival, when inferring parents', () => {
    const imp = ev('IMPRESSION', [1]);
    const view = ev('VIEW', [1]);
    const report = buildEventReport({ events: [view, imp], ...known });
    expect(report.warnings).toEqual([]);
    expect(report.requests[0]!.roots.map((n) => n.type)).toEqual(['IMPRESSION']);
  });
});

describe('buildEventReport warnings', () => {
  it('more than one IMPRESSION per requestId', () => {
    expect(codes([ev('IMPRESSION', [1]), ev('IMPRESSION', [1, 2])])).toEqual(['MULTIPLE_IMPRESSIONS']);
  });

  it('events without a requestId, or with one no search returned', () => {
    expect(codes([ev('IMPRESSION', [1], { requestId: undefined })])).toEqual(['MISSING_REQUEST_ID']);
    expect(codes([ev('IMPRESSION', [1], { requestId: 'made-up' })])).toEqual(['UNKNOWN_REQUEST_ID']);
  });

  it('events without a parent: a VIEW of a job no IMPRESSION showed', () => {
    const report = buildEventReport({ events: [ev('IMPRESSION', [1]), ev('VIEW', [2])], ...known });
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'NO_PARENT', jobs: [J(2)] })]);
    expect(report.requests[0]!.roots).toHaveLength(2);
  });

  it('VIEW after APPLICATION_START_FROM_SEARCH of the same job', () => {
    expect(
      codes([ev('IMPRESSION', [1, 2]), ev('APPLICATION_START_FROM_SEARCH', [1]), ev('VIEW', [2]), ev('VIEW', [1])]),
    ).toEqual(['VIEW_AFTER_START_FROM_SEARCH']);
    expect(codes([ev('IMPRESSION', [1]), ev('VIEW', [1]), ev('APPLICATION_START_FROM_SEARCH', [1])])).toEqual([]);
  });

  it('QUICK_SUBMISSION together with START or FINISH', () => {
    const w = buildEventReport({
      events: [
        ev('IMPRESSION', [1]),
        ev('VIEW', [1]),
        ev('APPLICATION_START', [1]),
        ev('APPLICATION_QUICK_SUBMISSION', [1]),
      ],
      ...known,
    }).warnings;
    expect(w.map((x) => x.code)).toEqual(['QUICK_SUBMISSION_WITH_START_FINISH']);
    expect(w[0]!.message).toContain('APPLICATION_START');
    expect(codes([ev('IMPRESSION', [1]), ev('VIEW', [1]), ev('APPLICATION_QUICK_SUBMISSION', [1])])).toEqual([]);
  });

  it('job names that match no emulator job, one warning per job', () => {
    const w = buildEventReport({ events: [ev('IMPRESSION', [1, 9]), ev('VIEW', [9])], ...known }).warnings;
    expect(w).toEqual([expect.objectContaining({ code: 'UNKNOWN_JOB', jobs: [J(9)] })]);
    expect(w[0]!.eventIds).toHaveLength(2);
  });

  it('repeated eventIds, with children attached to the first', () => {
    const imp = ev('IMPRESSION', [1], { eventId: 'same' });
    const again = { ...imp, duplicate: true, receivedAt: 'later' };
    const report = buildEventReport({ events: [imp, again, ev('VIEW', [1])], ...known });
    expect(report.warnings.map((w) => w.code)).toEqual(['DUPLICATE_EVENT_ID']);
    const roots = report.requests[0]!.roots;
    expect(roots.map((n) => [n.eventId, n.duplicate, n.children.length])).toEqual([
      ['same', false, 1],
      ['same', true, 0],
    ]);
  });

  it('marks the nodes a warning is about', () => {
    const report = buildEventReport({ events: [ev('IMPRESSION', [1]), ev('IMPRESSION', [2])], ...known });
    expect(report.requests[0]!.roots.map((n) => n.warnings)).toEqual([
      ['MULTIPLE_IMPRESSIONS'],
      ['MULTIPLE_IMPRESSIONS'],
    ]);
    expect(report.requests[0]!.warnings.map((w) => w.code)).toEqual(['MULTIPLE_IMPRESSIONS']);
  });
});
