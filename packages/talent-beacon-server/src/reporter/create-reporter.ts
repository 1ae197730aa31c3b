import type { ApiVersion, ClientEvent, JobEventTypeName } from '@talent-beacon/core';
import { checkOptions, clientEventParent, createEventId, describeValue } from '@talent-beacon/core';
import { checkEvent, eventRules } from '../proxy/check-event.js';
import { RETRY_OPTION_SPECS, TARGET_OPTION_SPECS } from '../proxy/check-target-options.js';
import { createLog } from '../proxy/create-log.js';
// The proxy's public names (talent-beacon/proxy), and the two parts the reporter shares with it:
// the check of an event (checkEvent) and the upstream (createUpstream).
import { createMemoryDedupe, PII_MODES } from '../proxy/exports.js';
import type { AuthLike, DedupeStore, LogLine, PiiMode, RetryOptions } from '../proxy/exports.js';
import { loadGoogleAuth } from '../proxy/load-google-auth.js';
import { createUpstream } from '../proxy/upstream/index.js';
import { deriveEventId } from './derive-event-id.js';
import { inputField, ReportError } from './report-error.js';
import type { ReportIssue } from './report-error.js';

/** One fact to report: `report()`'s input (and one line of `talent-beacon-server report`'s NDJSON). */
export interface ReportInput {
  /** A JobEventType name, e.g. 'HIRED', 'INTERVIEW_GRANTED', 'SENT_CV', 'NOTIFICATION'. */
  type: JobEventTypeName;
  /** Full job resource names (`projects/p/tenants/t/jobs/j`; v3: `projects/p/jobs/j`). */
  jobs: string[];
  /** The search's `metadata.requestId` (from `tracker.chain(job)` / the `data-cts-chain` field). */
  requestId: string;
  /** The eventId of the event this one follows (the application's; v3 only: v4 has no parent and it is dropped). */
  parentEventId?: string;
  /** At most 20 keys and 2 KB; values that look like personal data are refused (option `pii`). */
  extraInfo?: Record<string, string | number | boolean>;
  /** When it happened (default: now), RFC 3339 or a Date; within `limits.maxEventAgeMs`. */
  createTime?: string | Date;
  /** Your idempotency key, e.g. 'hire-4711': the eventId is derived from it (see deriveEventId). Without one the event gets a random eventId. */
  key?: string;
}

/** What `report()` resolves to: the event reached CTS (`reported`) or had already (`duplicate`). */
export interface ReportResult {
  eventId: string;
  status: 'reported' | 'duplicate';
  /** The ClientEvent as checked and sent (before the version's body mapping). */
  event: ClientEvent;
}

/** Limits of {@link createReporter}. Defaults in parentheses. */
export interface ReporterLimits {
  /** Timeout of one upstream call (10000). */
  timeoutMs?: number;
  /** Time limit of one report() call, retries included (30000); past it: RETRY_LATER. */
  reportTimeoutMs?: number;
  /** Oldest accepted createTime, in ms before now (259200000 = 3 days, as the proxy). */
  maxEventAgeMs?: number;
  /** How far createTime may be ahead of the clock (300000). */
  maxClockSkewMs?: number;
  /** Most bytes of an upstream answer read (65536). */
  maxResponseBytes?: number;
}

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  project: string;
  /** Required for v4; optional for v4beta1; not for v3. */
  tenant?: string;
  /** 'v3' (default) | 'v3p1beta1' | 'v4beta1' | 'v4'. */
  apiVersion?: ApiVersion;
  /** The API root (default https://jobs.googleapis.com); the emulator's URL in development. */
  upstream?: string;
  /** A fixed access token (development / emulator). */
  token?: string;
  /** An auth client (default: google-auth-library GoogleAuth with Application Default Credentials). */
  auth?: AuthLike;
  scopes?: string[];
  /** Where reported eventIds are remembered (default: in memory; createRedisDedupe for several instances). */
  dedupe?: DedupeStore;
  /** The PII guard on extraInfo values (default 'reject'). */
  pii?: PiiMode;
  retry?: RetryOptions;
  limits?: ReporterLimits;
  /** Structured lines about upstream and store problems: `true` = JSON on console.log, or your function. */
  log?: boolean | ((line: LogLine) => void);
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A reporter made by {@link createReporter}. */
export interface Reporter {
  /** Checks, derives the eventId, reports once; throws {@link ReportError} (code + field) otherwise. */
  report(input: ReportInput): Promise<ReportResult>;
  /** The eventId `report()` uses for a key (undefined without one). */
  eventIdFor(key: string | undefined): Promise<string | undefined>;
}

const INPUT_FIELDS = ['type', 'jobs', 'requestId', 'parentEventId', 'extraInfo', 'createTime', 'key'];
/** Most UTF-8 bytes… of a key, in characters: it is hashed, but it is also the site's own id. */
const MAX_KEY_LENGTH = 1024;

function issue(field: string, rule: ReportIssue['rule'], message: string, limit?: number | string): ReportIssue {
  return { field, rule, message, ...(limit !== undefined ? { limit } : {}) };
}

/**
 * Reports back-office events from the site's server (docs/design.md §9): APPLICATION_COMPANY_SUBMIT,
 * SENT_CV, INTERVIEW_GRANTED, HIRED, NOTIFICATION, or any JobEventType. It shares the proxy's
 * code, not a copy: the same checks per version (`checkEvent`: the core's validation, the
 * configured project/tenant, the createTime window, the PII guard) and the same upstream
 * (`createUpstream`: forwarding and retries, with the exactly-once bookkeeping over a
 * DedupeStore: memory by default, Redis across instances). With `key`
 * the eventId is derived from it, so reporting one fact twice (two instances, two runs) reaches
 * CTS once.
 *
 * @example
 * import { createReporter } from 'talent-beacon-server';
 * const reporter = createReporter({ project: 'acme', tenant: 'main', apiVersion: 'v4' });
 * // chain = what the apply form's data-cts-chain field carried: { requestId, eventId }
 * await reporter.report({ type: 'HIRED', jobs: [job], requestId: chain.requestId, parentEventId: chain.eventId, key: `hire-${application.id}` });
 * // { eventId: 'k…', status: 'reported' } — the second time: status 'duplicate'
 */
export function createReporter(options: ReporterOptions): Reporter {
  checkOptions('createReporter', options, {
    ...TARGET_OPTION_SPECS,
    pii: { kind: 'string', oneOf: PII_MODES },
    retry: { kind: 'object' },
    limits: { kind: 'object' },
    log: { kind: ['boolean', 'function'] },
    fetch: { kind: 'function' },
    now: { kind: 'function' },
    sleep: { kind: 'function' },
    random: { kind: 'function' },
  });
  checkOptions('createReporter: limits', options.limits, {
    timeoutMs: { kind: 'number', min: 1 },
    reportTimeoutMs: { kind: 'number', min: 1 },
    maxEventAgeMs: { kind: 'number', min: 1000 },
    maxClockSkewMs: { kind: 'number', min: 0 },
    maxResponseBytes: { kind: 'number', min: 1024, integer: true },
  });
  checkOptions('createReporter: retry', options.retry, RETRY_OPTION_SPECS);
  const apiVersion: ApiVersion = options.apiVersion ?? 'v3';
  clientEventParent({ apiVersion, project: options.project, tenant: options.tenant });
  const defined = Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined));
  const limits: Required<ReporterLimits> = {
    timeoutMs: 10_000,
    reportTimeoutMs: 30_000,
    maxEventAgeMs: 3 * 86_400_000,
    maxClockSkewMs: 5 * 60_000,
    maxResponseBytes: 64 * 1024,
    ...defined,
  };
  const now = options.now ?? Date.now;
  const log = createLog(options.log, now);
  const rules = eventRules(options, limits, apiVersion, now);
  const upstream = createUpstream({
    ...options,
    timeoutMs: limits.timeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    now,
    log,
    // Node only (talent-beacon-server): Application Default Credentials without token / auth.
    defaultAuth: loadGoogleAuth,
    where: 'createReporter',
    timeLimit: 'the report time limit (limits.reportTimeoutMs)',
    dedupe:
      options.dedupe ??
      createMemoryDedupe({
        doneTtlMs: limits.maxEventAgeMs + limits.maxClockSkewMs,
        ...(options.now ? { now: options.now } : {}),
      }),
    who: 'talent-beacon reporter',
  });
  const target = { project: options.project, ...(options.tenant !== undefined ? { tenant: options.tenant } : {}) };

  const eventIdFor = async (key: string | undefined) =>
    key === undefined ? undefined : deriveEventId({ ...target, key });

  /** The shape checks checkEvent cannot make, because they are about report()'s input itself. */
  function inputIssues(input: unknown): ReportIssue[] {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return [
        issue('', 'type', `the input must be an object like { type, jobs, requestId } (got ${describeValue(input)})`),
      ];
    const record = input as Record<string, unknown>;
    const issues: ReportIssue[] = [];
    for (const field of Object.keys(record)) {
      if (!INPUT_FIELDS.includes(field))
        issues.push(
          issue(
            field.slice(0, 60),
            'unknown-field',
            `${field.slice(0, 60)} is not a report() field; known fields: ${INPUT_FIELDS.join(', ')}`,
            INPUT_FIELDS.join(', '),
          ),
        );
    }
    if (record.type === undefined)
      issues.push(issue('type', 'required', 'type is required (a JobEventType name such as "HIRED")'));
    if (record.jobs === undefined)
      issues.push(issue('jobs', 'required', 'jobs is required (an array of job resource names)'));
    else if (!Array.isArray(record.jobs))
      issues.push(
        issue(
          'jobs',
          'type',
          `jobs must be an array of job names (got ${describeValue(record.jobs)}); for one job: jobs: [name]`,
        ),
      );
    const key = record.key;
    if (key !== undefined && (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH)) {
      issues.push(
        issue(
          'key',
          typeof key === 'string' ? 'not-empty' : 'type',
          `key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters (got ${describeValue(key)})`,
          MAX_KEY_LENGTH,
        ),
      );
    }
    const time = record.createTime;
    if (time !== undefined && typeof time !== 'string' && !(time instanceof Date && !Number.isNaN(time.getTime()))) {
      issues.push(
        issue(
          'createTime',
          'rfc3339',
          `createTime must be an RFC 3339 string or a valid Date (got ${time instanceof Date ? 'an invalid Date' : describeValue(time)})`,
        ),
      );
    }
    return issues;
  }

  async function report(input: ReportInput): Promise<ReportResult> {
    const shape = inputIssues(input);
    if (shape.length > 0) throw new ReportError('INVALID_INPUT', shape, null);
    const eventId = (await eventIdFor(input.key)) ?? createEventId();
    const createTime =
      input.createTime === undefined
        ? new Date(now()).toISOString()
        : input.createTime instanceof Date
          ? input.createTime.toISOString()
          : input.createTime;
    const raw: Record<string, unknown> = {
      eventId,
      requestId: input.requestId,
      createTime,
      jobEvent: { type: input.type, jobs: input.jobs },
    };
    if (input.parentEventId !== undefined) raw.parentEventId = input.parentEventId;
    if (input.extraInfo !== undefined) raw.extraInfo = input.extraInfo;
    const result = checkEvent(raw, rules);
    if ('issues' in result) {
      throw new ReportError(
        'INVALID_INPUT',
        result.issues.map(({ path, ...rest }) => ({ field: inputField(path), ...rest })),
        eventId,
      );
    }
    const { checked } = result;
    const outcome = await upstream.send(checked, { deadline: now() + limits.reportTimeoutMs });
    if (outcome.status === 'rejected')
      throw new ReportError(
        'REJECTED',
        outcome.issues.map(({ path, ...rest }) => ({ field: inputField(path), ...rest })),
        eventId,
      );
    if (outcome.status === 'retry') throw new ReportError('RETRY_LATER', [], eventId, outcome.reason, outcome.code);
    return { eventId, status: outcome.status === 'accepted' ? 'reported' : 'duplicate', event: checked.event };
  }

  return { report, eventIdFor };
}
