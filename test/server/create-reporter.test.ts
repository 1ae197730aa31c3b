import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../../packages/talent-beacon-emulator/src/index.js';
import {
  createMemoryDedupe,
  createReporter,
  deriveEventId,
  ReportError,
  RetryReason,
} from '../../packages/talent-beacon-server/src/index.js';
import type { ReporterOptions } from '../../packages/talent-beacon-server/src/index.js';
import { stubFetch } from '../proxy/helpers.js';

const NOW = Date.parse('2026-11-23T08:00:00.000Z');
const JOB3 = 'projects/acme/jobs/1';
const JOB4 = 'projects/acme/tenants/main/jobs/1';

function stubReporter(over: Partial<ReporterOptions> = {}, script: Parameters<typeof stubFetch>[0] = []) {
  const stub = stubFetch(script);
  const reporter = createReporter({
    project: 'acme',
    token: 't',
    fetch: stub.fetch,
    now: () => NOW,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    ...over,
  });
  return { reporter, ...stub };
}

async function caught(promise: Promise<unknown>): Promise<ReportError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ReportError) return e;
    throw e;
  }
  throw new Error('expected a ReportError');
}

describe('createReporter', () => {
  it('reports a v3 HIRED with the parent and requestId, createTime from its clock, eventId derived from the key', async () => {
    const t = stubReporter();
    const r = await t.reporter.report({
      type: 'HIRED',
      jobs: [JOB3],
      requestId: 'req-1',
      parentEventId: 'finish-1',
      key: 'hire-4711',
    });
    expect(r.status).toBe('reported');
    expect(r.eventId).toBe(await deriveEventId({ project: 'acme', key: 'hire-4711' }));
    expect(r.eventId).toMatch(/^k[\w-]{43}$/);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]!.url).toBe('https://jobs.googleapis.com/v3/projects/acme/clientEvents');
    expect(t.calls[0]!.headers.authorization).toBe('Bearer t');
    expect(t.calls[0]!.body).toEqual({
      clientEvent: {
        eventId: r.eventId,
        requestId: 'req-1',
        parentEventId: 'finish-1',
        createTime: new Date(NOW).toISOString(),
        jobEvent: { type: 'HIRED', jobs: [JOB3] },
      },
    });
  });

  it('the same key twice reaches CTS once (duplicate); so does a second reporter sharing the dedupe store', async () => {
    const dedupe = createMemoryDedupe();
    const a = stubReporter({ dedupe });
    const b = stubReporter({ dedupe });
    const input = { type: 'INTERVIEW_GRANTED' as const, jobs: [JOB3], requestId: 'req-1', key: 'interview-1' };
    expect((await a.reporter.report(input)).status).toBe('reported');
    expect((await a.reporter.report(input)).status).toBe('duplicate');
    expect((await b.reporter.report(input)).status).toBe('duplicate');
    expect(a.calls.length + b.calls.length).toBe(1);
  });

  it('the key is scoped by project and tenant', async () => {
    const ids = new Set([
      await deriveEventId({ project: 'acme', key: 'k' }),
      await deriveEventId({ project: 'acme', tenant: 'a', key: 'k' }),
      await deriveEventId({ project: 'acme', tenant: 'b', key: 'k' }),
      await deriveEventId({ project: 'other', key: 'k' }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('v4: the body is unwrapped and has no parentEventId (dropped); job names need the tenant', async () => {
    const t = stubReporter({ apiVersion: 'v4', tenant: 'main' });
    await t.reporter.report({ type: 'HIRED', jobs: [JOB4], requestId: 'req-1', parentEventId: 'finish-1', key: 'h' });
    expect(t.calls[0]!.url).toBe('https://jobs.googleapis.com/v4/projects/acme/tenants/main/clientEvents');
    expect(t.calls[0]!.body).not.toHaveProperty('parentEventId');
    expect(t.calls[0]!.body).toMatchObject({ requestId: 'req-1', jobEvent: { type: 'HIRED', jobs: [JOB4] } });
    const e = await caught(t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r' }));
    expect([e.code, e.field, e.issues[0]!.rule]).toEqual(['INVALID_INPUT', 'jobs[0]', 'job-name']);
  });

  it('typed errors name the field: input shape, version rules, project, PII (never echoing the value)', async () => {
    const t = stubReporter();
    const cases: Array<[unknown, string, string]> = [
      [{ jobs: [JOB3], requestId: 'r' }, 'type', 'required'],
      [{ type: 'HIRED', jobs: JOB3, requestId: 'r' }, 'jobs', 'type'],
      [{ type: 'HIRED', jobs: [JOB3] }, 'requestId', 'discarded-by-cts'],
      [{ type: 'HIRD', jobs: [JOB3], requestId: 'r' }, 'type', 'enum'],
      [{ type: 'HIRED', jobs: ['projects/other/jobs/1'], requestId: 'r' }, 'jobs[0]', 'project'],
      [{ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: '' }, 'key', 'not-empty'],
      [{ type: 'HIRED', jobs: [JOB3], requestId: 'r', eventId: 'x' }, 'eventId', 'unknown-field'],
      [
        { type: 'HIRED', jobs: [JOB3], requestId: 'r', createTime: new Date(NOW - 10 * 86_400_000) },
        'createTime',
        'time-window',
      ],
      [
        { type: 'HIRED', jobs: [JOB3], requestId: 'r', extraInfo: { applicant: 'alex@example.com' } },
        'extraInfo.applicant',
        'pii-email',
      ],
      [
        { type: 'HIRED', jobs: [JOB3], requestId: 'r', extraInfo: { tel: '+49 30 1234567' } },
        'extraInfo.tel',
        'pii-phone',
      ],
      [
        { type: 'HIRED', jobs: [JOB3], requestId: 'r', extraInfo: { paid: '4111 1111 1111 1111' } },
        'extraInfo.paid',
        'pii-card',
      ],
    ];
    for (const [input, field, rule] of cases) {
      const e = await caught(t.reporter.report(input as never));
      expect([e.code, e.field, e.issues[0]!.rule], JSON.stringify(input)).toEqual(['INVALID_INPUT', field, rule]);
      expect(e.message).not.toMatch(/alex@|1234567|4111/);
    }
    expect(t.calls).toHaveLength(0);
  });

  it("pii: 'redact' sends the event with the value replaced", async () => {
    const t = stubReporter({ pii: 'redact' });
    await t.reporter.report({
      type: 'HIRED',
      jobs: [JOB3],
      requestId: 'r',
      extraInfo: { applicant: 'alex@example.com', source: 'agency' },
    });
    expect((t.calls[0]!.body.clientEvent as { extraInfo: unknown }).extraInfo).toEqual({
      applicant: '[redacted:email]',
      source: 'agency',
    });
  });

  it('CTS refusing is REJECTED; 503 after the retries is RETRY_LATER and not marked done, so the next try sends it', async () => {
    const t = stubReporter({ retry: { retries: 1 } }, [
      { status: 400, body: { error: { message: 'bad job' } } },
      { status: 503 },
      { status: 503 },
    ]);
    const rejected = await caught(t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: 'a' }));
    expect([rejected.code, rejected.retryable]).toEqual(['REJECTED', false]);
    expect(rejected.message).toContain('bad job');
    const later = await caught(t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: 'b' }));
    expect([later.code, later.retryable, later.eventId]).toEqual([
      'RETRY_LATER',
      true,
      await deriveEventId({ project: 'acme', key: 'b' }),
    ]);
    expect((await t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: 'b' })).status).toBe(
      'reported',
    );
    expect(t.calls).toHaveLength(4);
  });

  it('RETRY_LATER says why as a code: status-5xx, rate-limited, auth; the report time limit by its own name', async () => {
    const cases: Array<[Parameters<typeof stubFetch>[0], string]> = [
      [[{ status: 503 }, { status: 503 }], RetryReason.status5xx],
      [[{ status: 429 }, { status: 429 }], RetryReason.rateLimited],
      [[{ status: 403 }], RetryReason.auth],
    ];
    for (const [script, code] of cases) {
      const t = stubReporter({ retry: { retries: 1 } }, script);
      const later = await caught(
        t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: `why-${code}` }),
      );
      expect([later.code, later.retryReason]).toEqual(['RETRY_LATER', code]);
    }
    // A clock that moves a minute per reading: the report's time is up before the first call.
    let clock = NOW;
    const slow = stubReporter({ now: () => (clock += 60_000), limits: { reportTimeoutMs: 1000 } });
    const late = await caught(
      slow.reporter.report({
        type: 'HIRED',
        jobs: [JOB3],
        requestId: 'r',
        key: 'late',
        createTime: new Date(NOW).toISOString(),
      }),
    );
    expect([late.code, late.retryReason]).toEqual(['RETRY_LATER', RetryReason.deadline]);
    expect(late.message).toBe(
      'RETRY_LATER: the report time limit (limits.reportTimeoutMs) ran out before this event was sent',
    );
    expect(slow.calls).toHaveLength(0);
  });

  it('an upstream 409 ALREADY_EXISTS is duplicate', async () => {
    const t = stubReporter({}, [{ status: 409, body: { error: { status: 'ALREADY_EXISTS' } } }]);
    expect((await t.reporter.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r', key: 'x' })).status).toBe(
      'duplicate',
    );
  });

  it('bad options are ConfigErrors naming the option', () => {
    expect(() => createReporter({ project: 'acme', token: 't', auth: {} })).toThrow(
      /"token" and "auth" exclude each other/,
    );
    expect(() => createReporter({ project: 'acme', apiVersion: 'v4' })).toThrow(/"tenant" is required for v4/);
    expect(() => createReporter({ project: 'acme', pii: 'warn' as never })).toThrow(/option "pii"/);
    expect(() => createReporter({ project: 'acme', upstream: 'ftp://x' })).toThrow(/createReporter: option "upstream"/);
  });
});

describe('createReporter against the emulator (HTTP on 127.0.0.1)', () => {
  let emulator: Emulator;
  let url: string;
  beforeAll(async () => {
    emulator = createEmulator({ token: 'dev' });
    url = await emulator.listen(0, '127.0.0.1');
  });
  afterAll(() => emulator.close());

  it('v3 and v4 reports arrive once, with the version-specific body', async () => {
    const v3 = createReporter({ project: 'acme', upstream: url, token: 'dev' });
    const v4 = createReporter({ project: 'acme', tenant: 'main', apiVersion: 'v4', upstream: url, token: 'dev' });
    await v3.report({ type: 'HIRED', jobs: [JOB3], requestId: 'r3', parentEventId: 'p', key: 'h3' });
    await v4.report({ type: 'HIRED', jobs: [JOB4], requestId: 'r4', key: 'h4' });
    expect((await v4.report({ type: 'HIRED', jobs: [JOB4], requestId: 'r4', key: 'h4' })).status).toBe('duplicate');
    const got = emulator.clientEvents().map((e) => [e.apiVersion, e.event.requestId, e.event.parentEventId]);
    expect(got).toEqual([
      ['v3', 'r3', 'p'],
      ['v4', 'r4', undefined],
    ]);
  });
});
