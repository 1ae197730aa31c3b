import { describe, expect, it } from 'vitest';
import { ChainStep, chainStep, jobEventTypesFor, parentStep, parentTypes } from '../../packages/core/src/index.js';
import type { ClientEvent, JobEventTypeName } from '../../packages/core/src/index.js';
import { createLinkStore } from '../../packages/talent-beacon/src/tracker/link-store.js';
import { buildEventReport } from '../../packages/talent-beacon-emulator/src/index.js';
import type { EventNode, ReceivedClientEvent } from '../../packages/talent-beacon-emulator/src/index.js';

describe('the job event chain', () => {
  it('maps every event type to the step of its parent (-1 none, 0 IMPRESSION, 1 VIEW, 2 application, 3 finished application)', () => {
    const table = Object.fromEntries(jobEventTypesFor().map((t) => [t, parentStep(t)]));
    expect(table).toEqual({
      IMPRESSION: -1,
      VIEW: 0,
      VIEW_REDIRECT: 0,
      BOOKMARK: 0,
      NOT_INTERESTED: 0,
      APPLICATION_START_FROM_SEARCH: 0,
      APPLICATION_REDIRECT_FROM_SEARCH: 0,
      APPLICATION_START: 1,
      APPLICATION_REDIRECT: 1,
      APPLICATION_QUICK_SUBMISSION: 1,
      APPLICATION_FINISH: 2,
      APPLICATION_COMPANY_SUBMIT: 3,
      NOTIFICATION: 3,
      HIRED: 3,
      SENT_CV: 3,
      INTERVIEW_GRANTED: 3,
    });
  });

  it('records IMPRESSION, the VIEW types, the application steps and APPLICATION_FINISH as chain steps, nothing else', () => {
    const table = Object.fromEntries(jobEventTypesFor().map((t) => [t, chainStep(t)]));
    expect(table).toEqual({
      IMPRESSION: 0,
      VIEW: 1,
      VIEW_REDIRECT: 1,
      APPLICATION_START: 2,
      APPLICATION_REDIRECT: 2,
      APPLICATION_QUICK_SUBMISSION: 2,
      APPLICATION_START_FROM_SEARCH: 2,
      APPLICATION_REDIRECT_FROM_SEARCH: 2,
      BOOKMARK: -1,
      NOT_INTERESTED: -1,
      APPLICATION_FINISH: 3,
      APPLICATION_COMPANY_SUBMIT: -1,
      NOTIFICATION: -1,
      HIRED: -1,
      SENT_CV: -1,
      INTERVIEW_GRANTED: -1,
    });
  });

  it('links an unknown type like HIRED and records nothing for it (validation refuses it)', () => {
    for (const type of ['NOPE', 'JOB_EVENT_TYPE_UNSPECIFIED', 'constructor', '__proto__']) {
      expect(parentStep(type)).toBe(ChainStep.FINISHED);
      expect(chainStep(type)).toBe(ChainStep.NONE);
    }
  });

  it('lists the parent types per step, newest step first', () => {
    expect(parentTypes('IMPRESSION')).toEqual([]);
    expect(parentTypes('VIEW')).toEqual([['IMPRESSION']]);
    expect(parentTypes('APPLICATION_QUICK_SUBMISSION')).toEqual([['VIEW', 'VIEW_REDIRECT'], ['IMPRESSION']]);
    expect(parentTypes('APPLICATION_FINISH')).toEqual([
      [
        'APPLICATION_START',
        'APPLICATION_QUICK_SUBMISSION',
        'APPLICATION_REDIRECT',
        'APPLICATION_START_FROM_SEARCH',
        'APPLICATION_REDIRECT_FROM_SEARCH',
      ],
      ['VIEW', 'VIEW_REDIRECT'],
      ['IMPRESSION'],
    ]);
  });
});

// The tracker's links and the inspector's inference read the one table: for every type, after
// every chain the tracker can have built before it, the parent the tracker links to is the
// parent the inspector infers for the same events sent without parentEventId (v4), and the
// inspector raises no warning about it.
describe('the tracker and the inspector agree on every parent', () => {
  const JOB = 'projects/p/tenants/t/jobs/1';
  const REQUEST = 'r1';
  // Chains the tracker can build before the event under test: one type per filled step.
  const stepTypes = (step: number) => jobEventTypesFor().filter((t) => chainStep(t) === step);
  const prefixes: JobEventTypeName[][] = [[]];
  for (let step = ChainStep.IMPRESSION; step <= ChainStep.FINISHED; step++) {
    for (const prefix of prefixes.filter((p) => p.length === step))
      for (const t of stepTypes(step)) prefixes.push([...prefix, t]);
  }
  // And chains with a gap: an application step straight after the IMPRESSION.
  for (const t of stepTypes(ChainStep.APPLICATION)) prefixes.push(['IMPRESSION', t]);

  it.each(jobEventTypesFor().filter((t) => t !== 'IMPRESSION'))('%s', (type) => {
    let checked = 0;
    for (const prefix of prefixes.filter((p) => p.length > 0)) {
      let time = 0;
      const links = createLinkStore({ linkTtl: 1e9, maxLinks: 100, now: () => time, storage: null });
      const sent: ClientEvent[] = [];
      for (const t of [...prefix, type]) {
        time += 1000;
        const link = t === 'IMPRESSION' ? {} : links.link(t, [JOB], {});
        if (t !== 'IMPRESSION') expect(link.requestId).toBe(REQUEST);
        const event: ClientEvent = {
          eventId: `${sent.length}-${t}`,
          requestId: REQUEST,
          createTime: new Date(time).toISOString(),
          jobEvent: { type: t, jobs: [JOB] },
          ...(link.parentEventId !== undefined ? { parentEventId: link.parentEventId } : {}),
        };
        links.remember(event);
        sent.push(event);
      }
      const last = sent[sent.length - 1]!;
      const received: ReceivedClientEvent[] = sent.map((event, i) => ({
        apiVersion: 'v4',
        parent: 'projects/p/tenants/t',
        receivedAt: new Date(1000 * (i + 1)).toISOString(),
        duplicate: false,
        event: { ...event, parentEventId: undefined },
      }));
      const report = buildEventReport({
        events: received,
        isKnownJob: () => true,
        searches: [{ requestId: REQUEST, query: 'q', at: new Date(0).toISOString() }],
      });
      const parentOf = (nodes: EventNode[], id: string, parent?: string): string | undefined | null => {
        for (const n of nodes) {
          if (n.eventId === id) return parent;
          const found = parentOf(n.children, id, n.eventId);
          if (found !== null) return found;
        }
        return null;
      };
      const inferred = parentOf(report.requests[0]!.roots, last.eventId);
      expect({ prefix, inferred }).toEqual({ prefix, inferred: last.parentEventId });
      expect(report.warnings.filter((w) => w.code === 'NO_PARENT' && w.eventIds.includes(last.eventId))).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
