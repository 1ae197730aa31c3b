// The inspector's funnel figures against a hand count: events sent over HTTP to the emulator,
// searches made through its jobs:search, times from the emulator's own (injected) clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator, Funnel } from '../../packages/talent-beacon-emulator/src/index.js';

const DAY1 = Date.parse('2026-11-20T09:00:00.000Z');
const DAY2 = DAY1 + 86_400_000;
let clock = DAY1;
let emulator: Emulator;
let url: string;
const P = 'projects/demo/tenants/t';
const auth = { authorization: 'Bearer dev', 'content-type': 'application/json' };

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url + path, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}
let n = 0;
async function event(type: string, requestId: string | undefined, job = `${P}/jobs/1`, id = `e${++n}`) {
  // createTime from the emulator's clock, so days come from the clock the test gives it.
  await call('POST', `/v4/${P}/clientEvents`, {
    eventId: id,
    ...(requestId ? { requestId } : {}),
    createTime: new Date(clock).toISOString(),
    jobEvent: { type, jobs: [job] },
  });
}
async function search(): Promise<string> {
  const r = await call('POST', `/v4/${P}/jobs:search`, {
    requestMetadata: { domain: 'd', sessionId: 's', userId: 'u' },
    jobQuery: {},
  });
  return (r.metadata as { requestId: string }).requestId;
}

beforeAll(async () => {
  emulator = createEmulator({ token: 'dev', clock: () => new Date(clock) });
  url = await emulator.listen(0, '127.0.0.1');
});
afterAll(() => emulator.close());

describe('GET /_emulator/funnel', () => {
  it('matches a hand count per day and in total, with the rates and the consistency checks', async () => {
    // Day 1: 3 searches. s1: IMPRESSION, 2 VIEWs, START, FINISH, HIRED. s2: IMPRESSION, VIEW.
    // s3: no IMPRESSION at all. Plus a repeated eventId (the IMPRESSION of s1 again).
    const [s1, s2, s3] = [await search(), await search(), await search()];
    await event('IMPRESSION', s1, undefined, 'imp-1');
    await event('IMPRESSION', s1, undefined, 'imp-1'); // a repeat: counts once
    await event('VIEW', s1);
    await event('VIEW', s1, `${P}/jobs/2`);
    await event('APPLICATION_START', s1);
    await event('APPLICATION_FINISH', s1);
    await event('HIRED', s1);
    await event('IMPRESSION', s2);
    await event('VIEW', s2);
    // Three searches with three requestIds: s3 is a search of its own that no event names.
    expect(new Set([s1, s2, s3]).size).toBe(3);
    // Day 2: 1 search with 2 IMPRESSIONs; an APPLICATION_QUICK_SUBMISSION; back office:
    // INTERVIEW_GRANTED, SENT_CV and a NOTIFICATION with a requestId no search returned.
    clock = DAY2;
    const s4 = await search();
    await event('IMPRESSION', s4);
    await event('IMPRESSION', s4);
    await event('VIEW', s4);
    await event('APPLICATION_QUICK_SUBMISSION', s4);
    await event('INTERVIEW_GRANTED', s1);
    await event('SENT_CV', s4);
    await event('NOTIFICATION', 'alert-req-1');
    await event('NOTIFICATION', 'alert-req-1');

    const funnel = (await (await fetch(`${url}/_emulator/funnel`)).json()) as Funnel;
    const pick = (f: Funnel['total']) => ({
      searches: f.searches,
      impressions: f.impressions,
      views: f.views,
      applicationStarts: f.applicationStarts,
      applications: f.applications,
      hires: f.hires,
      viewRate: f.viewRate,
      applyRate: f.applyRate,
      hireRate: f.hireRate,
    });
    expect(funnel.days.map((d) => d.day)).toEqual(['2026-11-20', '2026-11-21']);
    // Hand count, day 1: impressions 2, views 3, starts 1, applications 1, hires 1.
    expect(pick(funnel.days[0]!)).toEqual({
      searches: 3,
      impressions: 2,
      views: 3,
      applicationStarts: 1,
      applications: 1,
      hires: 1,
      viewRate: 1.5,
      applyRate: 0.3333,
      hireRate: 1,
    });
    // Day 2: impressions 2, views 1, applications 1 (quick submission), no hires.
    expect(pick(funnel.days[1]!)).toEqual({
      searches: 1,
      impressions: 2,
      views: 1,
      applicationStarts: 0,
      applications: 1,
      hires: 0,
      viewRate: 0.5,
      applyRate: 1,
      hireRate: 0,
    });
    expect(funnel.days[1]!.backOffice).toEqual({
      APPLICATION_COMPANY_SUBMIT: 0,
      SENT_CV: 1,
      INTERVIEW_GRANTED: 1,
      HIRED: 0,
      NOTIFICATION: 2,
    });
    // Total: 4 searches, 4 impressions, 4 views, 1 start, 2 applications, 1 hire.
    expect(pick(funnel.total)).toEqual({
      searches: 4,
      impressions: 4,
      views: 4,
      applicationStarts: 1,
      applications: 2,
      hires: 1,
      viewRate: 1,
      applyRate: 0.5,
      hireRate: 0.5,
    });
    expect(funnel.total.byType).toMatchObject({
      IMPRESSION: 4,
      VIEW: 4,
      HIRED: 1,
      NOTIFICATION: 2,
      APPLICATION_QUICK_SUBMISSION: 1,
    });
    expect(funnel.checks).toEqual({
      impressionsPerSearch: 1, // 4 / 4, although s3 has none and s4 has two
      searchesWithoutImpression: 1,
      searchesWithMultipleImpressions: 1,
      eventsWithUnknownRequestId: 2,
      unknownRequestIds: [{ requestId: 'alert-req-1', events: 2 }],
      eventsWithoutRequestId: 0,
    });
    // The inspector's data carries the same figures.
    const report = (await (await fetch(`${url}/_emulator/events`)).json()) as { funnel: Funnel };
    expect(report.funnel).toEqual(funnel);
  });
});
