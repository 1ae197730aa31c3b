import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  validateClientEvent,
  EXTRA_INFO_MAX_BYTES,
  MAX_EVENT_BYTES,
  MAX_EVENT_ID_BYTES,
  MAX_REQUEST_ID_BYTES,
  type ApiVersion,
  type ValidationIssue,
} from '../../packages/core/src/index.js';

const T = 'projects/p/tenants/t/jobs/1';
const P = 'projects/p/jobs/1';
const base = () => ({
  eventId: 'e1',
  requestId: 'r1',
  createTime: '2026-11-22T10:00:00.000Z',
  jobEvent: { type: 'VIEW', jobs: [T] },
});
const rules = (issues: ValidationIssue[]) => issues.map((i) => `${i.path}:${i.rule}`);

describe('validateClientEvent: valid shapes', () => {
  it('accepts a minimal v3-shaped event and a full one', () => {
    expect(validateClientEvent(base())).toEqual([]);
    expect(
      validateClientEvent({ ...base(), parentEventId: 'e0', extraInfo: { page: '2', n: 3, ok: true } as never }),
    ).toEqual([]);
  });

  it('accepts every valid event of each API version', () => {
    const v3 = {
      ...base(),
      parentEventId: 'e0',
      extraInfo: { a: 'b' },
      jobEvent: { type: 'NOT_INTERESTED', jobs: [P] },
    };
    expect(validateClientEvent(v3, { apiVersion: 'v3' })).toEqual([]);
    expect(validateClientEvent(v3, { apiVersion: 'v3p1beta1' })).toEqual([]);
    const v4 = {
      eventId: 'e',
      requestId: 'r',
      createTime: '2026-01-01T00:00:00Z',
      eventNotes: 'n',
      jobEvent: { type: 'VIEW', jobs: [T] },
    };
    expect(validateClientEvent(v4, { apiVersion: 'v4' })).toEqual([]);
    expect(validateClientEvent(v4, { apiVersion: 'v4beta1' })).toEqual([]);
    expect(validateClientEvent({ ...v4, jobEvent: { type: 'VIEW', jobs: [P] } }, { apiVersion: 'v4beta1' })).toEqual(
      [],
    );
    // requestId is "strongly recommended", not required, in v4/v4beta1
    const { requestId: _r, ...noRequest } = v4;
    expect(validateClientEvent(noRequest, { apiVersion: 'v4' })).toEqual([]);
  });

  it('accepts RFC 3339 forms: offsets, lower case, 0-9 fraction digits, leap day', () => {
    for (const t of [
      '2026-11-22T10:00:00Z',
      '2026-11-22t10:00:00z',
      '2026-11-22T10:00:00.123456789+05:30',
      '2024-02-29T23:59:59-00:00',
      '2000-02-29T00:00:00Z',
      '0004-02-29T00:00:00Z',
      '0400-02-29T00:00:00Z',
      '2026-12-31T23:59:59+23:59',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999999999Z',
    ]) {
      expect(validateClientEvent({ ...base(), createTime: t }), t).toEqual([]);
    }
  });

  it("answers toISOString()'s own form right at the year bounds", () => {
    const at = (ms: number) =>
      validateClientEvent({ ...base(), createTime: new Date(ms).toISOString() }).map((i) => i.rule);
    expect(at(Date.UTC(2026, 11, 1, 8, 30))).toEqual([]);
    expect(at(-62135596800000)).toEqual([]); // 0001-01-01T00:00:00.000Z
    expect(at(253402300799999)).toEqual([]); // 9999-12-31T23:59:59.999Z
    expect(at(-62135596800001)).toEqual(['rfc3339']); // 0000-12-31T23:59:59.999Z
    expect(at(253402300800000)).toEqual(['rfc3339']); // +010000-01-01T00:00:00.000Z
    expect(at(-62198755200001)).toEqual(['rfc3339']); // -000001-12-31T23:59:59.999Z
  });

  it('accepts every type except UNSPECIFIED without a version', () => {
    for (const type of [
      'IMPRESSION',
      'VIEW',
      'APPLICATION_START',
      'APPLICATION_FINISH',
      'NOT_INTERESTED',
      'INTERVIEW_GRANTED',
    ]) {
      expect(validateClientEvent({ ...base(), jobEvent: { type, jobs: [T] } })).toEqual([]);
    }
  });
});

describe('validateClientEvent: one precise issue per broken rule', () => {
  const cases: Array<[string, unknown, string[], ApiVersion?]> = [
    ['not an object', 'x', [':type']],
    ['null', null, [':type']],
    ['array', [], [':type']],
    ['missing eventId', { ...base(), eventId: undefined }, ['eventId:required']],
    ['blank eventId', { ...base(), eventId: '  ' }, ['eventId:not-empty']],
    ['numeric eventId', { ...base(), eventId: 5 }, ['eventId:type']],
    ['missing requestId', { ...base(), requestId: undefined }, ['requestId:discarded-by-cts']],
    ['empty requestId', { ...base(), requestId: '' }, ['requestId:not-empty']],
    ['parent equals id', { ...base(), parentEventId: 'e1' }, ['parentEventId:not-equal']],
    ['empty parent', { ...base(), parentEventId: '' }, ['parentEventId:not-empty']],
    ['missing createTime', { ...base(), createTime: undefined }, ['createTime:required']],
    ['no zone', { ...base(), createTime: '2026-11-22T10:00:00' }, ['createTime:rfc3339']],
    ['Feb 30', { ...base(), createTime: '2026-02-30T10:00:00Z' }, ['createTime:rfc3339']],
    ['Feb 29 of a non-leap year', { ...base(), createTime: '2100-02-29T10:00:00Z' }, ['createTime:rfc3339']],
    ['hour 24', { ...base(), createTime: '2026-11-22T24:00:00Z' }, ['createTime:rfc3339']],
    ['Feb 29 of 1900', { ...base(), createTime: '1900-02-29T10:00:00Z' }, ['createTime:rfc3339']],
    ['Feb 29 of 0001', { ...base(), createTime: '0001-02-29T10:00:00Z' }, ['createTime:rfc3339']],
    ['Feb 29 of 0100', { ...base(), createTime: '0100-02-29T10:00:00Z' }, ['createTime:rfc3339']],
    ['April 31', { ...base(), createTime: '2026-04-31T10:00:00Z' }, ['createTime:rfc3339']],
    ['month 00', { ...base(), createTime: '2026-00-10T10:00:00Z' }, ['createTime:rfc3339']],
    ['month 13', { ...base(), createTime: '2026-13-01T10:00:00Z' }, ['createTime:rfc3339']],
    ['day 00', { ...base(), createTime: '2026-03-00T10:00:00Z' }, ['createTime:rfc3339']],
    ['day 32', { ...base(), createTime: '2026-01-32T10:00:00Z' }, ['createTime:rfc3339']],
    ['year 0000', { ...base(), createTime: '0000-01-01T10:00:00Z' }, ['createTime:rfc3339']],
    ['minute 60', { ...base(), createTime: '2026-11-22T10:60:00Z' }, ['createTime:rfc3339']],
    ['offset minute 60', { ...base(), createTime: '2026-11-22T10:00:00-05:60' }, ['createTime:rfc3339']],
    ['leap second', { ...base(), createTime: '2026-12-31T23:59:60Z' }, ['createTime:rfc3339']],
    ['10 fraction digits', { ...base(), createTime: '2026-11-22T10:00:00.1234567890Z' }, ['createTime:rfc3339']],
    ['bad offset', { ...base(), createTime: '2026-11-22T10:00:00+24:00' }, ['createTime:rfc3339']],
    ['epoch number', { ...base(), createTime: 1764000000000 }, ['createTime:rfc3339']],
    ['missing jobEvent', { ...base(), jobEvent: undefined }, ['jobEvent:required']],
    ['jobEvent array', { ...base(), jobEvent: [] }, ['jobEvent:type']],
    ['unknown type', { ...base(), jobEvent: { type: 'CLICK', jobs: [T] } }, ['jobEvent.type:enum']],
    ['lower-case type', { ...base(), jobEvent: { type: 'view', jobs: [T] } }, ['jobEvent.type:enum']],
    [
      'unspecified type',
      { ...base(), jobEvent: { type: 'JOB_EVENT_TYPE_UNSPECIFIED', jobs: [T] } },
      ['jobEvent.type:enum'],
    ],
    ['missing type', { ...base(), jobEvent: { jobs: [T] } }, ['jobEvent.type:required']],
    [
      'NOT_INTERESTED in v4',
      { ...base(), jobEvent: { type: 'NOT_INTERESTED', jobs: [T] } },
      ['jobEvent.type:api-version'],
      'v4',
    ],
    [
      'NOT_INTERESTED in v4beta1',
      { ...base(), jobEvent: { type: 'NOT_INTERESTED', jobs: [T] } },
      ['jobEvent.type:api-version'],
      'v4beta1',
    ],
    ['no jobs', { ...base(), jobEvent: { type: 'VIEW', jobs: [] } }, ['jobEvent.jobs:min-items']],
    ['jobs not array', { ...base(), jobEvent: { type: 'VIEW', jobs: T } }, ['jobEvent.jobs:type']],
    ['bad job name', { ...base(), jobEvent: { type: 'VIEW', jobs: [T, 'jobs/2'] } }, ['jobEvent.jobs[1]:job-name']],
    [
      'empty segment',
      { ...base(), jobEvent: { type: 'VIEW', jobs: ['projects//jobs/1'] } },
      ['jobEvent.jobs[0]:job-name'],
    ],
    [
      'slash in segment',
      { ...base(), jobEvent: { type: 'VIEW', jobs: ['projects/p/jobs/1/2'] } },
      ['jobEvent.jobs[0]:job-name'],
    ],
    ['tenant form in v3', base(), ['jobEvent.jobs[0]:job-name'], 'v3'],
    ['project form in v4', { ...base(), jobEvent: { type: 'VIEW', jobs: [P] } }, ['jobEvent.jobs[0]:job-name'], 'v4'],
    [
      'unknown jobEvent field',
      { ...base(), jobEvent: { type: 'VIEW', jobs: [T], job: T } },
      ['jobEvent.job:unknown-field'],
    ],
    ['unknown field', { ...base(), userId: 'u' }, ['userId:unknown-field']],
    ['parentEventId in v4', { ...base(), parentEventId: 'e0' }, ['parentEventId:api-version'], 'v4'],
    ['extraInfo in v4beta1', { ...base(), extraInfo: {} }, ['extraInfo:api-version'], 'v4beta1'],
    [
      'eventNotes in v3',
      { ...base(), eventNotes: 'n', jobEvent: { type: 'VIEW', jobs: [P] } },
      ['eventNotes:api-version'],
      'v3',
    ],
    [
      'requestId missing in v3',
      { ...base(), requestId: undefined, jobEvent: { type: 'VIEW', jobs: [P] } },
      ['requestId:required'],
      'v3',
    ],
    ['eventNotes not a string', { ...base(), eventNotes: 5 }, ['eventNotes:type']],
    ['eventNotes not a string in v4', { ...base(), eventNotes: {} }, ['eventNotes:type'], 'v4'],
    [
      'v4beta1 profile not a string',
      { ...base(), jobEvent: { type: 'VIEW', jobs: [T], profile: [[1]] } },
      ['jobEvent.profile:type'],
      'v4beta1',
    ],
    ['eventId over 255 bytes', { ...base(), eventId: 'e'.repeat(256) }, ['eventId:max-bytes']],
    ['eventId over 255 bytes of UTF-8', { ...base(), eventId: 'é'.repeat(128) }, ['eventId:max-bytes']],
    ['parentEventId over 255 bytes', { ...base(), parentEventId: 'p'.repeat(256) }, ['parentEventId:max-bytes']],
    ['requestId over 1024 bytes', { ...base(), requestId: 'r'.repeat(1025) }, ['requestId:max-bytes']],
    ['requestId over 1024 bytes in v4', { ...base(), requestId: 'r'.repeat(1025) }, ['requestId:max-bytes'], 'v4'],
    ['extraInfo array', { ...base(), extraInfo: ['a'] }, ['extraInfo:type']],
    ['extraInfo null value', { ...base(), extraInfo: { a: null } }, ['extraInfo["a"]:type']],
    ['extraInfo object value', { ...base(), extraInfo: { a: { b: 1 } } }, ['extraInfo["a"]:type']],
    ['extraInfo NaN', { ...base(), extraInfo: { a: Number.NaN } }, ['extraInfo["a"]:type']],
  ];
  for (const [name, event, expected, apiVersion] of cases) {
    it(name, () => {
      expect(rules(validateClientEvent(event, { apiVersion }))).toEqual(expected);
    });
  }

  it('reads the fields JSON sends: own and enumerable, not inherited', () => {
    const inherited = Object.assign(Object.create({ eventId: 'e1', jobEvent: { type: 'VIEW', jobs: [T] } }), {
      requestId: 'r1',
      createTime: base().createTime,
    });
    expect(rules(validateClientEvent(inherited))).toEqual(['eventId:required', 'jobEvent:required']);
    const hidden = Object.defineProperty(base(), 'eventId', { value: 'e1', enumerable: false });
    expect(rules(validateClientEvent(hidden))).toEqual(['eventId:required']);
    const jobEvent = Object.assign(Object.create({ type: 'VIEW' }), { jobs: [T] });
    expect(rules(validateClientEvent({ ...base(), jobEvent }))).toEqual(['jobEvent.type:required']);
  });

  it('reports every issue at once', () => {
    const issues = validateClientEvent({
      eventId: '',
      createTime: 'now',
      jobEvent: { type: 'X', jobs: ['x'] },
      extra: 1,
    });
    expect(rules(issues)).toEqual([
      'extra:unknown-field',
      'eventId:not-empty',
      'requestId:discarded-by-cts',
      'createTime:rfc3339',
      'jobEvent.type:enum',
      'jobEvent.jobs[0]:job-name',
    ]);
  });

  it('messages name the field, the rule, the limit and the value', () => {
    const keys = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    const [issue] = validateClientEvent({ ...base(), extraInfo: keys });
    expect(issue).toMatchObject({ path: 'extraInfo', rule: 'max-keys', limit: 20, value: 21 });
    expect(issue!.message).toBe('extraInfo has 21 keys; at most 20 are allowed (got 21)');
    const [job] = validateClientEvent(
      { ...base(), jobEvent: { type: 'VIEW', jobs: ['projects/p/jobs/1'] } },
      { apiVersion: 'v4' },
    );
    expect(job!.message).toBe(
      'jobEvent.jobs[0] is not of the form v4 accepts: projects/{project}/tenants/{tenant}/jobs/{job} (got "projects/p/jobs/1")',
    );
    const [time] = validateClientEvent({ ...base(), createTime: 'yesterday' });
    expect(time!.message).toContain('createTime must be a real RFC 3339 date-time');
    expect(time!.message).toContain('(got "yesterday")');
  });
});

describe('validateClientEvent: extraInfo limits at their exact boundaries', () => {
  const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  it('20 keys pass, 21 fail', () => {
    expect(validateClientEvent({ ...base(), extraInfo: keys(20) })).toEqual([]);
    expect(rules(validateClientEvent({ ...base(), extraInfo: keys(21) }))).toEqual(['extraInfo:max-keys']);
  });

  it('counts UTF-8 bytes of keys and values: 2048 pass, 2049 fail, with multi-byte characters', () => {
    // key 'k' (1 byte) + value: 'é' is 2 bytes, '😀' 4 bytes, '€' 3 bytes.
    const fill = (bytes: number) =>
      '😀'.repeat(Math.floor(bytes / 4)) + 'é'.repeat(((bytes % 4) / 2) | 0) + 'a'.repeat(bytes % 2);
    const at = (total: number) => ({ k: fill(total - 1) });
    expect(new TextEncoder().encode('k' + at(2048).k).length).toBe(2048);
    expect(validateClientEvent({ ...base(), extraInfo: at(EXTRA_INFO_MAX_BYTES) })).toEqual([]);
    const over = validateClientEvent({ ...base(), extraInfo: at(EXTRA_INFO_MAX_BYTES + 1) });
    expect(rules(over)).toEqual(['extraInfo:max-bytes']);
    expect(over[0]).toMatchObject({ limit: 2048, value: 2049 });
    // 683 × '€' = 2049 bytes but only 683 UTF-16 units: bytes, not units, are what count.
    expect(rules(validateClientEvent({ ...base(), extraInfo: { a: '€'.repeat(682) } }))).toEqual([]);
    expect(rules(validateClientEvent({ ...base(), extraInfo: { a: '€'.repeat(683) } }))).toEqual([
      'extraInfo:max-bytes',
    ]);
  });

  it('converts numbers and booleans before counting', () => {
    expect(validateClientEvent({ ...base(), extraInfo: { k: 1234567890 } })).toEqual([]);
    const big = validateClientEvent({ ...base(), extraInfo: { k: 'a'.repeat(2036), n: 1234567890 } });
    // 1 + 2036 + 1 + 10 = 2048
    expect(big).toEqual([]);
    expect(rules(validateClientEvent({ ...base(), extraInfo: { k: 'a'.repeat(2036), n: 12345678901 } }))).toEqual([
      'extraInfo:max-bytes',
    ]);
  });

  it('treats __proto__ and constructor keys as plain keys and pollutes nothing', () => {
    const event = JSON.parse(
      `{"eventId":"e","requestId":"r","createTime":"2026-01-01T00:00:00Z","jobEvent":{"type":"VIEW","jobs":["${T}"]},"extraInfo":{"__proto__":"x","constructor":"y"}}`,
    );
    expect(validateClientEvent(event)).toEqual([]);
    const bad = JSON.parse(
      `{"eventId":"e","requestId":"r","createTime":"2026-01-01T00:00:00Z","jobEvent":{"type":"VIEW","jobs":["${T}"]},"extraInfo":{"__proto__":{"polluted":"yes"}}}`,
    );
    expect(rules(validateClientEvent(bad))).toEqual(['extraInfo["__proto__"]:type']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateClientEvent: bounded descriptions and size limits', () => {
  const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

  it('an issue keeps a bounded description of a deeply nested value, and the issues serialize', () => {
    const issues = validateClientEvent({
      ...base(),
      eventId: nested(5000),
      extraInfo: { a: nested(5000) },
      jobEvent: { type: nested(5000), jobs: nested(5000) },
    });
    expect(rules(issues)).toEqual([
      'eventId:type',
      'extraInfo["a"]:type',
      'jobEvent.type:enum',
      'jobEvent.jobs[0]:job-name',
    ]);
    for (const issue of issues) expect(issue.value).toBe('an array of 1');
    expect(() => JSON.stringify(issues)).not.toThrow();
  });

  it('long strings and long unknown keys are kept as a length and a prefix', () => {
    const long = 'x'.repeat(30_000);
    const [jobIssue] = validateClientEvent({ ...base(), jobEvent: { type: 'VIEW', jobs: [long] } });
    expect(jobIssue!.value).toBe(`"${'x'.repeat(57)}"… (30000 chars)`);
    expect(jobIssue!.message.length).toBeLessThan(300);
    const [keyIssue] = validateClientEvent({ ...base(), [long]: 1 });
    expect(keyIssue!.path).toBe(`${'x'.repeat(57)}…`);
    expect(keyIssue!.message.length).toBeLessThan(300);
    // an extraInfo key is cut too when its value is refused (the 2 KB limit is checked after)
    const [extraIssue] = validateClientEvent({ ...base(), extraInfo: { [long]: {} } });
    expect(extraIssue!.path).toBe(`extraInfo["${'x'.repeat(57)}…"]`);
    expect(extraIssue!.message.length).toBeLessThan(300);
    expect(validateClientEvent({ ...base(), eventId: 5 })[0]!.value).toBe(5);
    expect(validateClientEvent({ ...base(), eventId: 'e1', parentEventId: 'e1' })[0]!.value).toBe('e1');
  });

  it('eventId and parentEventId at most 255 bytes of UTF-8, requestId at most 1024', () => {
    expect(MAX_EVENT_ID_BYTES).toBe(255);
    expect(MAX_REQUEST_ID_BYTES).toBe(1024);
    expect(
      validateClientEvent({
        ...base(),
        eventId: 'e'.repeat(255),
        parentEventId: 'é'.repeat(127),
        requestId: 'r'.repeat(1024),
      }),
    ).toEqual([]);
    const [issue] = validateClientEvent({ ...base(), eventId: 'e'.repeat(30_000) });
    expect(issue).toMatchObject({ path: 'eventId', rule: 'max-bytes', limit: 255 });
    expect(issue!.message).toBe(
      `eventId is 30000 bytes of UTF-8; at most 255 are allowed (got "${'e'.repeat(57)}"… (30000 chars))`,
    );
  });

  it('without a version, eventNotes (a v4/v4beta1 field) passes; a missing requestId is our own rule, explained', () => {
    expect(validateClientEvent({ ...base(), eventNotes: 'bookmarked for later' })).toEqual([]);
    const [issue] = validateClientEvent({ ...base(), requestId: undefined });
    expect(issue!.rule).toBe('discarded-by-cts');
    expect(issue!.message).toContain('CTS discards events without a valid requestId');
    // The versions keep their own rules.
    expect(
      rules(
        validateClientEvent(
          { ...base(), requestId: undefined, jobEvent: { type: 'VIEW', jobs: [P] } },
          { apiVersion: 'v3' },
        ),
      ),
    ).toEqual(['requestId:required']);
    expect(validateClientEvent({ ...base(), requestId: undefined }, { apiVersion: 'v4' })).toEqual([]);
  });
});

describe('validateClientEvent: whole-event size', () => {
  it('flags an event over 32 KB as JSON', () => {
    const jobs = Array.from({ length: 1200 }, (_, i) => `projects/p/tenants/t/jobs/${String(i).padStart(6, '0')}`);
    const issues = validateClientEvent({ ...base(), jobEvent: { type: 'IMPRESSION', jobs } });
    expect(rules(issues)).toEqual([':max-bytes']);
    expect(issues[0]!.limit).toBe(MAX_EVENT_BYTES);
    expect(issues[0]!.value as number).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(validateClientEvent({ ...base(), jobEvent: { type: 'IMPRESSION', jobs: jobs.slice(0, 500) } })).toEqual([]);
  });
});

describe('validateClientEvent: properties', () => {
  const versions = fc.constantFrom<ApiVersion | undefined>(undefined, 'v3', 'v3p1beta1', 'v4beta1', 'v4');

  it('never throws and always returns well-formed issues, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withBigInt: true,
          withDate: true,
          withMap: true,
          withTypedArray: true,
          withSparseArray: true,
        }),
        versions,
        (input, apiVersion) => {
          const issues = validateClientEvent(input, { apiVersion });
          expect(Array.isArray(issues)).toBe(true);
          for (const issue of issues) {
            expect(typeof issue.path).toBe('string');
            expect(typeof issue.rule).toBe('string');
            expect(issue.message.length).toBeGreaterThan(0);
            // D1: a bounded value, never the raw input
            expect(
              issue.value === null || ['undefined', 'number', 'boolean', 'string'].includes(typeof issue.value),
            ).toBe(true);
          }
          expect(() => JSON.stringify(issues)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on events with arbitrary field values', () => {
    const field = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record(
          {
            eventId: field,
            requestId: field,
            parentEventId: field,
            createTime: field,
            extraInfo: fc.oneof(field, fc.dictionary(fc.string(), field)),
            jobEvent: fc.oneof(field, fc.record({ type: field, jobs: fc.oneof(field, fc.array(field)) })),
          },
          { requiredKeys: [] },
        ),
        versions,
        (event, apiVersion) => {
          expect(Array.isArray(validateClientEvent(event, { apiVersion }))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('extraInfo: valid exactly when keys <= 20 and UTF-8 bytes <= 2048', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 30, unit: 'grapheme' }), fc.string({ maxLength: 200, unit: 'grapheme' }), {
          maxKeys: 25,
        }),
        (extraInfo) => {
          const entries = Object.entries(extraInfo);
          const bytes = entries.reduce((n, [k, v]) => n + new TextEncoder().encode(k + v).length, 0);
          const expected = [
            ...(entries.length > 20 ? ['extraInfo:max-keys'] : []),
            ...(bytes > 2048 ? ['extraInfo:max-bytes'] : []),
          ];
          expect(rules(validateClientEvent({ ...base(), extraInfo }))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('createTime: valid exactly when each field is in its range and the day exists in its month', () => {
    // The rule written out field by field, to hold the validator's regex + calendar to it.
    const reference = (value: string) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d{1,9})?([Zz]|[+-](\d\d):(\d\d))$/.exec(value);
      if (!m) return false;
      const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
      const offsetOk = m[9] === undefined || (+m[9] <= 23 && +m[10]! <= 59);
      return (
        year >= 1 &&
        days !== undefined &&
        day >= 1 &&
        day <= days &&
        hour <= 23 &&
        minute <= 59 &&
        second <= 59 &&
        offsetOk
      );
    };
    const two = fc.oneof(
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom(0, 1, 12, 13, 23, 24, 28, 29, 30, 31, 32, 59, 60),
    );
    const year = fc.oneof(
      fc.integer({ min: 0, max: 9999 }),
      fc.constantFrom(0, 1, 4, 100, 400, 1900, 2000, 2024, 2100, 9999),
    );
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const dateTime = fc
      .tuple(
        year,
        two,
        two,
        fc.constantFrom('T', 't', ' '),
        two,
        two,
        two,
        fc.constantFrom('', '.1', '.123456789', '.1234567890', '.'),
      )
      .chain(([y, mo, d, t, h, mi, s, fraction]) =>
        fc
          .oneof(
            fc.constantFrom('Z', 'z', '', 'Z ', '+'),
            fc.tuple(fc.constantFrom('+', '-'), two, two).map(([sign, oh, om]) => `${sign}${pad(oh)}:${pad(om)}`),
          )
          .map((zone) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}${t}${pad(h)}:${pad(mi)}:${pad(s)}${fraction}${zone}`),
      );
    fc.assert(
      fc.property(dateTime, (createTime) => {
        expect(rules(validateClientEvent({ ...base(), createTime })), createTime).toEqual(
          reference(createTime) ? [] : ['createTime:rfc3339'],
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it('any generated valid event passes for every version whose shape it fits', () => {
    const id = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    const seg = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    fc.assert(
      fc.property(
        id,
        id,
        seg,
        seg,
        seg,
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (eventId, requestId, p, t, j, date) => {
          const event = {
            eventId,
            requestId,
            createTime: date.toISOString(),
            jobEvent: { type: 'VIEW', jobs: [`projects/${p}/tenants/${t}/jobs/${j}`] },
          };
          expect(validateClientEvent(event)).toEqual([]);
          expect(validateClientEvent(event, { apiVersion: 'v4' })).toEqual([]);
          expect(
            validateClientEvent(
              { ...event, jobEvent: { type: 'VIEW', jobs: [`projects/${p}/jobs/${j}`] } },
              { apiVersion: 'v3' },
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
