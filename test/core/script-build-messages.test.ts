import { describe, expect, it, vi } from 'vitest';
import type { OptionSpec } from '../../packages/core/src/index.js';

// The <script> build's terse messages (packages/core/src/script-build.ts): rollup flips SCRIPT_BUILD there;
// here the module is replaced, so the same source runs as it does in dist/talent-beacon.js.
vi.mock('../../packages/core/src/script-build.js', () => ({ SCRIPT_BUILD: true }));
// Every spec createTracker checks, to hold it to what the script build's checkOptions handles.
const specs = vi.hoisted(() => [] as Record<string, OptionSpec>[]);
vi.mock('../../packages/core/src/check-options.js', async (original) => {
  const real = await original<typeof import('../../packages/core/src/check-options.js')>();
  return {
    ...real,
    checkOptions: (where: string, options: unknown, spec: Record<string, OptionSpec>) => (
      specs.push(spec),
      real.checkOptions(where, options, spec)
    ),
  };
});

const { validateClientEvent, describeValue } = await import('../../packages/core/src/index.js');
const { createTracker } = await import('../../packages/talent-beacon/src/tracker/create-tracker.js');

const T = 'projects/p/tenants/t/jobs/1';
const TYPES =
  'IMPRESSION, VIEW, VIEW_REDIRECT, APPLICATION_START, APPLICATION_FINISH, APPLICATION_QUICK_SUBMISSION, APPLICATION_REDIRECT, ' +
  'APPLICATION_START_FROM_SEARCH, APPLICATION_REDIRECT_FROM_SEARCH, APPLICATION_COMPANY_SUBMIT, BOOKMARK, NOTIFICATION, HIRED, SENT_CV, ' +
  'INTERVIEW_GRANTED, NOT_INTERESTED';
const FIELDS = 'eventId, parentEventId, requestId, createTime, extraInfo, jobEvent, eventNotes';
const FORMS = 'projects/{project}/tenants/{tenant}/jobs/{job} or projects/{project}/jobs/{job}';
const base = () => ({
  eventId: 'e1',
  requestId: 'r1',
  createTime: '2026-11-22T10:00:00.000Z',
  jobEvent: { type: 'VIEW', jobs: [T] },
});
const messages = (event: unknown) => validateClientEvent(event).map((i) => i.message);
const keys = (n: number, value = 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => ['k' + i, value]));

describe('script build: every validation message names the field, the rule, the limit and the value', () => {
  it('the event itself', () => {
    expect(messages(5)).toEqual(['event: type (got 5)']);
    expect(messages(null)).toEqual(['event: type (got null)']);
    expect(messages([])).toEqual(['event: type (got an array of 0)']);
    const big = { ...base(), jobEvent: { type: 'VIEW', jobs: Array.from({ length: 200 }, () => T + 'x'.repeat(150)) } };
    expect(messages(big)).toEqual(['event: max-bytes 32768 (got 36109)']);
    const throwing = {
      get eventId() {
        throw new Error('boom');
      },
    };
    expect(validateClientEvent(throwing).map((i) => i.rule)).toEqual(['type']);
  });

  it('unknown fields, ids and requestId', () => {
    expect(messages({ ...base(), foo: 1, eventNotes: 3 })).toEqual([
      `foo: unknown-field ${FIELDS}`,
      'eventNotes: type (got 3)',
    ]);
    expect(messages({ ...base(), ['k'.repeat(80)]: 1 })).toEqual([`${'k'.repeat(57)}…: unknown-field ${FIELDS}`]);
    expect(messages({ ...base(), eventId: undefined })).toEqual(['eventId: required']);
    expect(messages({ ...base(), requestId: undefined })).toEqual(['requestId: discarded-by-cts']);
    expect(messages({ ...base(), eventId: 7, requestId: '  ' })).toEqual([
      'eventId: type (got 7)',
      'requestId: not-empty (got "  ")',
    ]);
    expect(messages({ ...base(), eventId: 'x'.repeat(256), requestId: 'é'.repeat(513) })).toEqual([
      `eventId: max-bytes 255 (got ${JSON.stringify('x'.repeat(57))}… (256 chars))`,
      `requestId: max-bytes 1024 (got ${JSON.stringify('é'.repeat(57))}… (513 chars))`,
    ]);
    expect(messages({ ...base(), parentEventId: 'e1' })).toEqual(['parentEventId: not-equal (got "e1")']);
    expect(messages({ ...base(), parentEventId: '' })).toEqual(['parentEventId: not-empty (got "")']);
    expect(messages({ ...base(), eventId: Symbol('s') })).toEqual(['eventId: type (got a symbol)']);
    expect(messages({ ...base(), eventId: () => 1 })).toEqual(['eventId: type (got a function)']);
  });

  it('createTime', () => {
    expect(messages({ ...base(), createTime: undefined })).toEqual(['createTime: required']);
    expect(messages({ ...base(), createTime: '2025-02-29T00:00:00Z' })).toEqual([
      'createTime: rfc3339 RFC 3339 (got "2025-02-29T00:00:00Z")',
    ]);
  });

  it('extraInfo', () => {
    expect(messages({ ...base(), extraInfo: [] })).toEqual(['extraInfo: type (got an array of 0)']);
    expect(messages({ ...base(), extraInfo: keys(21) })).toEqual(['extraInfo: max-keys 20 (got 21)']);
    expect(messages({ ...base(), extraInfo: { a: 'x'.repeat(2048), b: {} } })).toEqual([
      'extraInfo["b"]: type (got an object)',
      'extraInfo: max-bytes 2048 (got 2049)',
    ]);
    expect(messages({ ...base(), extraInfo: keys(20, 'v'.repeat(100)) })).toEqual([
      'extraInfo: max-bytes 2048 (got 2050)',
    ]);
    expect(messages({ ...base(), extraInfo: { n: 1n } })).toEqual(['extraInfo["n"]: type (got 1)']);
  });

  it('jobEvent', () => {
    expect(messages({ ...base(), jobEvent: undefined })).toEqual(['jobEvent: required']);
    expect(messages({ ...base(), jobEvent: 'x' })).toEqual(['jobEvent: type (got "x")']);
    expect(messages({ ...base(), jobEvent: { jobs: [T], bar: 1, profile: 'p' } })).toEqual([
      'jobEvent.bar: unknown-field type, jobs',
      'jobEvent.profile: unknown-field type, jobs',
      'jobEvent.type: required',
    ]);
    expect(messages({ ...base(), jobEvent: { type: 'NOPE', jobs: {} } })).toEqual([
      `jobEvent.type: enum ${TYPES} (got "NOPE")`,
      'jobEvent.jobs: type (got an object)',
    ]);
    expect(messages({ ...base(), jobEvent: { type: 'NOT_INTERESTED', jobs: [] } })).toEqual([
      'jobEvent.jobs: min-items 1 (got 0)',
    ]);
    expect(messages({ ...base(), jobEvent: { type: 3, jobs: ['x', T, 'projects/a/b'] } })).toEqual([
      `jobEvent.type: enum ${TYPES} (got 3)`,
      `jobEvent.jobs[0]: job-name ${FORMS} (got "x")`,
      `jobEvent.jobs[2]: job-name ${FORMS} (got "projects/a/b")`,
    ]);
    expect(messages({ ...base(), jobEvent: { type: 'VIEW' } })).toEqual(['jobEvent.jobs: required']);
  });

  it('issues keep the limit and a bounded value', () => {
    expect(validateClientEvent({ ...base(), extraInfo: keys(21) })).toEqual([
      { path: 'extraInfo', rule: 'max-keys', message: 'extraInfo: max-keys 20 (got 21)', limit: 20, value: 21 },
    ]);
    expect(describeValue(1n)).toBe('1');
  });
});

describe('script build: option errors name the option, the rule, the limit and the value', () => {
  const fail = (options: unknown) => {
    try {
      createTracker(options as never);
    } catch (error) {
      const e = error as Error & { code: string; option: string };
      return [e.name, e.code, e.option, e.message];
    }
    throw new Error('expected a ConfigError');
  };

  const OPTIONS =
    'endpoint, batchSize, flushInterval, maxQueue, maxAge, retryDelay, dbName, headers, consent, debug, onError, linkTtl, maxLinks';

  it('each kind of problem', () => {
    expect(fail(5)).toEqual(['ConfigError', 'INVALID_OPTION', '', 'createTracker: options: object (got 5)']);
    expect(fail(null)).toEqual(['ConfigError', 'INVALID_OPTION', '', 'createTracker: options: object (got null)']);
    expect(fail([])).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      '',
      'createTracker: options: object (got an array of 0)',
    ]);
    expect(fail(undefined)).toEqual(['ConfigError', 'MISSING_OPTION', 'endpoint', 'createTracker: endpoint: required']);
    expect(fail({ endpoint: 1 })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'endpoint',
      'createTracker: endpoint: string (got 1)',
    ]);
    // The known options are listed; the script build guesses none of them (the Node and ESM builds
    // say "did you mean").
    expect(fail({ endpoint: '/e', batchsize: 1 })).toEqual([
      'ConfigError',
      'UNKNOWN_OPTION',
      'batchsize',
      `createTracker: batchsize: unknown ${OPTIONS}`,
    ]);
    expect(fail({ endpoint: '/e', foo: 1 })).toEqual([
      'ConfigError',
      'UNKNOWN_OPTION',
      'foo',
      `createTracker: foo: unknown ${OPTIONS}`,
    ]);
    expect(fail({ endpoint: '/e', batchSize: 0 })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'batchSize',
      'createTracker: batchSize: min 1 (got 0)',
    ]);
    expect(fail({ endpoint: '/e', flushInterval: -1 })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'flushInterval',
      'createTracker: flushInterval: min 0 (got -1)',
    ]);
    expect(fail({ endpoint: '/e', batchSize: 1.5 })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'batchSize',
      'createTracker: batchSize: integer (got 1.5)',
    ]);
    expect(fail({ endpoint: '/e', batchSize: NaN })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'batchSize',
      'createTracker: batchSize: integer (got NaN)',
    ]);
    expect(fail({ endpoint: '/e', batchSize: '5' })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'batchSize',
      'createTracker: batchSize: number (got "5")',
    ]);
    expect(fail({ endpoint: '/e', headers: 'x' })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'headers',
      'createTracker: headers: object (got "x")',
    ]);
    expect(fail({ endpoint: '/e', headers: null })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'headers',
      'createTracker: headers: object (got null)',
    ]);
    expect(fail({ endpoint: '/e', consent: 'no' })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'consent',
      'createTracker: consent: boolean (got "no")',
    ]);
    expect(fail({ endpoint: '/e', onError: 1 })).toEqual([
      'ConfigError',
      'INVALID_OPTION',
      'onError',
      'createTracker: onError: function (got 1)',
    ]);
  });

  it("createTracker's options use only what the script build checks: one kind, required, integer, min", () => {
    createTracker({ endpoint: '/e' });
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) {
      for (const [name, option] of Object.entries(spec)) {
        expect(
          Object.keys(option).filter((k) => !['kind', 'required', 'integer', 'min', 'hint', 'default'].includes(k)),
          name,
        ).toEqual([]);
        expect(['string', 'number', 'boolean', 'function', 'object'], name).toContain(option.kind);
        if (option.kind === 'number') expect(option.integer, name).toBe(true);
      }
    }
  });
});
