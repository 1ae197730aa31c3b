import { describe, expect, it } from 'vitest';
import { jobEventTypesFor } from '../../src/core/index.js';
import { chainSlot, parentSlot } from '../../src/browser/tracker/link-rules.js';

describe('link rules', () => {
  it('maps every event type to the slot of its parent (-1 none, 0 IMPRESSION, 1 VIEW, 2 application, 3 finished application)', () => {
    const table = Object.fromEntries(jobEventTypesFor().map((t) => [t, parentSlot(t)]));
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

  it('records IMPRESSION, the VIEW types, the application starts and APPLICATION_FINISH as chain links, nothing else', () => {
    const table = Object.fromEntries(jobEventTypesFor().map((t) => [t, chainSlot(t)]));
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
    for (const type of ['NOPE', 'JOB_EVENT_TYPE_UNSPECIFIED', 5]) {
      expect(parentSlot(type as never)).toBe(3);
      expect(chainSlot(type as never)).toBe(-1);
    }
  });
});
