import type { ApiVersion } from './api-version.js';
import { isV3Family } from './api-version.js';
import type { ValidationIssue, IssueRule } from './client-event.js';
import { boundedValue, describeValue } from './describe-value.js';
import { jobEventTypesFor } from './job-event-type.js';
import { isJobName, jobNameFormsFor, parseJobName } from './job-name.js';
import { SCRIPT_BUILD } from './script-build.js';
import { utf8ByteLength } from './utf8-byte-length.js';

/** The documented extraInfo limits (v3 discovery, `ClientEvent.extraInfo`). */
export const EXTRA_INFO_MAX_KEYS = 20;
/** "The maximum total size of all keys and values is 2 KB": counted in UTF-8 bytes. */
export const EXTRA_INFO_MAX_BYTES = 2048;
/** One serialized event must fit in a beacon with room for others (docs/design.md §3). */
export const MAX_EVENT_BYTES = 32 * 1024;
/**
 * Most UTF-8 bytes of `eventId` and `parentEventId`. CTS documents no limit (docs/cts-api.md §3.5);
 * 255 is the bound CTS puts on the other identifiers a client chooses (requisitionId,
 * company/tenant externalId, RequestMetadata sessionId/userId), it is 12 times a tracker's
 * 21-character id, and it bounds what a dedupe store keeps per event.
 */
export const MAX_EVENT_ID_BYTES = 255;
/**
 * Most UTF-8 bytes of `requestId`. CTS generates it and documents neither a limit nor a format
 * (docs/cts-api.md §3.4), so the bound is a generous 1024: it must never refuse a real one, only junk.
 */
export const MAX_REQUEST_ID_BYTES = 1024;

/** Options of {@link validateClientEvent}. */
export interface ValidateOptions {
  /** Apply this version's rules; without it, the rules every version shares. */
  apiVersion?: ApiVersion;
}

// RFC 3339 date-time as protobuf's Timestamp JSON mapping reads it (docs/cts-api.md §1.5): years
// 0001-9999, up to nine fractional digits, `Z` or an offset within +-23:59 required; RFC 3339
// allows lower-case t and z. The regex checks the form; the calendar checks the fields.
const RFC3339 = /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

// A date-time of that form whose date and time exist: no month 13, no February 29 outside leap
// years, no 24:00, no leap second :60. A Date reads `YYYY-MM-DDTHH:mm:ssZ` as ECMAScript defines
// it, and writes it back (toJSON) unchanged only when every field is in its range (an engine
// either refuses an out-of-range field, toJSON null, or carries it over into the next field).
function isRealDateTime(value: string): boolean {
  const dateTime = value.slice(0, 19).toUpperCase();
  return RFC3339.test(value) && new Date(dateTime + 'Z').toJSON()?.slice(0, 19) == dateTime;
}

const V3_FIELDS = ['eventId', 'parentEventId', 'requestId', 'createTime', 'extraInfo', 'jobEvent'];
const V4_FIELDS = ['eventId', 'requestId', 'createTime', 'jobEvent', 'eventNotes'];
// Without a version, a field of any version passes (the proxy re-checks with its own).
const ALL_FIELDS = [...V3_FIELDS, 'eventNotes'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The fields JSON.stringify sends (own, enumerable), copied once, so that each is read once and a
// field that is not there reads `undefined` whatever the object's prototypes hold.
function ownFields(object: object): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, object);
}

// A field name for a path: keys can be as long as the body, so long ones are cut.
const cut = (key: string) => (key.length > 60 ? key.slice(0, 57) + '…' : key);

/**
 * Checks a ClientEvent against every documented rule (docs/design.md §3) and returns all issues found;
 * an empty list means valid. It never throws, whatever it is given.
 *
 * With `apiVersion` it applies that version's rules (v4 and v4beta1: no `parentEventId` or
 * `extraInfo`, no `NOT_INTERESTED`, v4 job names need a tenant, `requestId` recommended rather
 * than required). Without it, what some version accepts: both job-name forms, `NOT_INTERESTED`,
 * `eventNotes`; and `requestId` is required by a rule of ours, `discarded-by-cts`: CTS discards
 * events without a valid requestId, so an event without one is of no use in any version.
 * Issues keep a bounded `value` (see {@link boundedValue}), never the raw input. In the
 * `<script>` build messages are terse and `apiVersion` is ignored (see {@link SCRIPT_BUILD}).
 *
 * @example
 * const issues = validateClientEvent({
 *   eventId: 'e1', requestId: 'r1', createTime: new Date().toISOString(),
 *   jobEvent: { type: 'VIEW', jobs: ['projects/p/tenants/t/jobs/1'] },
 * });
 * issues.length; // 0
 */
export function validateClientEvent(input: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const apiVersion = SCRIPT_BUILD ? undefined : options.apiVersion;
  const v3Rules = !apiVersion || isV3Family(apiVersion);

  try {
    if (!isPlainObject(input)) {
      addIssue(issues, '', 'type', 'must be an object', input);
      return issues;
    }
    const event = ownFields(input);

    checkFieldNames(issues, event, apiVersion ? (v3Rules ? V3_FIELDS : V4_FIELDS) : ALL_FIELDS, '', apiVersion);

    // The identifiers: [field, rule when it is missing ('' when it may be), most UTF-8 bytes].
    const identifiers: [string, IssueRule | '', number][] = [
      ['eventId', 'required', MAX_EVENT_ID_BYTES],
      // v3 requires requestId; v4/v4beta1 call it "strongly recommended" (docs/cts-api.md §1.2-1.4).
      ['requestId', apiVersion ? (v3Rules ? 'required' : '') : 'discarded-by-cts', MAX_REQUEST_ID_BYTES],
    ];
    if (v3Rules) identifiers.push(['parentEventId', '', MAX_EVENT_ID_BYTES]);
    for (const [key, missing, max] of identifiers) {
      const value = event[key];
      if (value === undefined) {
        if (missing)
          addIssue(
            issues,
            key,
            missing,
            missing == 'required'
              ? 'is required'
              : "is required: CTS discards events without a valid requestId (v4 calls it optional); use a search response's metadata.requestId",
          );
      } else if (typeof value != 'string') addIssue(issues, key, 'type', 'must be a string', value);
      else if (!value.trim()) addIssue(issues, key, 'not-empty', 'must not be empty or blank', value);
      else {
        const bytes = utf8ByteLength(value);
        if (bytes > max)
          addIssue(issues, key, 'max-bytes', `is ${bytes} bytes of UTF-8; at most ${max} are allowed`, value, max);
      }
    }
    // (equal to a string eventId, parentEventId is that string: never absent)
    if (v3Rules && event.parentEventId === event.eventId && typeof event.eventId == 'string') {
      addIssue(
        issues,
        'parentEventId',
        'not-equal',
        'must differ from eventId (an event cannot be its own parent)',
        event.parentEventId,
      );
    }
    if (
      event.eventNotes !== undefined &&
      typeof event.eventNotes != 'string' &&
      (SCRIPT_BUILD || !apiVersion || !v3Rules)
    ) {
      addIssue(issues, 'eventNotes', 'type', 'must be a string', event.eventNotes);
    }

    const createTime = event.createTime;
    if (createTime === undefined) {
      addIssue(
        issues,
        'createTime',
        'required',
        'is required (an RFC 3339 timestamp such as new Date().toISOString())',
      );
    } else if (typeof createTime != 'string' || !isRealDateTime(createTime)) {
      addIssue(
        issues,
        'createTime',
        'rfc3339',
        'must be a real RFC 3339 date-time with Z or an offset, e.g. "2026-11-22T10:00:00.000Z"',
        createTime,
        'RFC 3339',
      );
    }

    if (v3Rules && event.extraInfo !== undefined) checkExtraInfo(event.extraInfo, issues);

    checkJobEvent(event.jobEvent, apiVersion, issues);

    const size = issues.length ? 0 : utf8ByteLength(JSON.stringify(input));
    if (size > MAX_EVENT_BYTES) {
      addIssue(
        issues,
        '',
        'max-bytes',
        `is ${size} bytes as JSON; at most ${MAX_EVENT_BYTES} are allowed so that it fits a beacon`,
        size,
        MAX_EVENT_BYTES,
      );
    }
  } catch (error) {
    // Only reachable with exotic inputs (throwing getters, revoked proxies, BigInt or cycles that
    // JSON cannot write): report, never throw. (The script build's terse message has no reason.)
    const reason = SCRIPT_BUILD ? '' : error instanceof Error ? error.message : 'unknown error';
    addIssue(issues, '', 'type', `could not be read or written as JSON (${reason})`);
  }
  return issues;
}

/**
 * Adds one issue to `issues`. The message is `path text (got value)`; the script build says
 * `path: rule limit (got value)` instead, and as `text` is then unused, the minifier drops the
 * prose at every call site (which is why the checks call this module-level function, not a
 * callback passed around).
 */
function addIssue(
  issues: ValidationIssue[],
  path: string,
  rule: IssueRule,
  text: string,
  value?: unknown,
  limit?: number | string,
): void {
  const seen = value !== undefined ? ` (got ${describeValue(value)})` : '';
  const message = SCRIPT_BUILD
    ? `${path || 'event'}: ${rule}${limit !== undefined ? ' ' + limit : ''}${seen}`
    : `${path || 'event'} ${text}${seen}`;
  issues.push({ path, rule, message, limit, value: boundedValue(value) });
}

// Issues for the fields of `object` that are not in `known`; `prefix` is the object's path
// (`''` for the event, `'jobEvent.'`). A field of another API version is named as such.
function checkFieldNames(
  issues: ValidationIssue[],
  object: object,
  known: string[],
  prefix: string,
  apiVersion: ApiVersion | undefined,
): void {
  const list = known.join(', ');
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    if (!SCRIPT_BUILD && !prefix && ALL_FIELDS.includes(key)) {
      addIssue(issues, key, 'api-version', `is not a field of ${apiVersion} ClientEvent`, undefined, list);
    } else {
      addIssue(
        issues,
        prefix + cut(key),
        'unknown-field',
        `is not a ${prefix ? 'JobEvent' : 'ClientEvent'} field; known fields: ${list}`,
        undefined,
        list,
      );
    }
  }
}

function checkExtraInfo(extraInfo: unknown, issues: ValidationIssue[]): void {
  if (!isPlainObject(extraInfo)) {
    addIssue(issues, 'extraInfo', 'type', 'must be an object of string values', extraInfo);
    return;
  }
  const keys = Object.keys(extraInfo);
  const count = keys.length;
  if (count > EXTRA_INFO_MAX_KEYS) {
    addIssue(
      issues,
      'extraInfo',
      'max-keys',
      `has ${count} keys; at most ${EXTRA_INFO_MAX_KEYS} are allowed`,
      count,
      EXTRA_INFO_MAX_KEYS,
    );
  }
  let bytes = 0;
  for (const key of keys) {
    const value = extraInfo[key];
    const text = extraInfoValueToString(value);
    if (text === undefined) {
      addIssue(
        issues,
        `extraInfo[${JSON.stringify(cut(key))}]`,
        'type',
        'must be a string (numbers and booleans are converted)',
        value,
      );
    } else bytes += utf8ByteLength(key) + utf8ByteLength(text);
  }
  if (bytes > EXTRA_INFO_MAX_BYTES) {
    addIssue(
      issues,
      'extraInfo',
      'max-bytes',
      `keys and values take ${bytes} bytes of UTF-8; at most ${EXTRA_INFO_MAX_BYTES} are allowed`,
      bytes,
      EXTRA_INFO_MAX_BYTES,
    );
  }
}

/**
 * The string an extraInfo value is sent as: strings as they are, finite numbers and booleans
 * converted; `undefined` for anything else (which is a validation issue).
 *
 * @example
 * extraInfoValueToString(3);    // '3'
 * extraInfoValueToString(null); // undefined
 */
export function extraInfoValueToString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // (Number.isFinite is false for anything but a finite number)
  return typeof value === 'boolean' || Number.isFinite(value) ? String(value) : undefined;
}

function checkJobEvent(value: unknown, apiVersion: ApiVersion | undefined, issues: ValidationIssue[]): void {
  if (value === undefined) {
    addIssue(issues, 'jobEvent', 'required', 'is required ({ type, jobs })');
    return;
  }
  if (!isPlainObject(value)) {
    addIssue(issues, 'jobEvent', 'type', 'must be an object { type, jobs }', value);
    return;
  }
  const jobEvent = ownFields(value);
  checkFieldNames(
    issues,
    jobEvent,
    apiVersion === 'v4beta1' ? ['type', 'jobs', 'profile'] : ['type', 'jobs'],
    'jobEvent.',
    apiVersion,
  );
  if (
    !SCRIPT_BUILD &&
    apiVersion === 'v4beta1' &&
    jobEvent.profile !== undefined &&
    typeof jobEvent.profile != 'string'
  ) {
    addIssue(issues, 'jobEvent.profile', 'type', 'must be a string (a profile name)', jobEvent.profile);
  }

  const allowed: readonly unknown[] = jobEventTypesFor(apiVersion);
  const allowedList = allowed.join(', ');
  const type = jobEvent.type;
  if (type === undefined) {
    addIssue(issues, 'jobEvent.type', 'required', 'is required (a JobEventType such as "VIEW")');
  } else if (!allowed.includes(type)) {
    // (the script build's version-free rules accept NOT_INTERESTED)
    if (!SCRIPT_BUILD && type === 'NOT_INTERESTED') {
      addIssue(
        issues,
        'jobEvent.type',
        'api-version',
        `NOT_INTERESTED exists in v3 and v3p1beta1 only, not in ${apiVersion}`,
        type,
        allowedList,
      );
    } else {
      addIssue(issues, 'jobEvent.type', 'enum', `must be one of ${allowedList}`, type, allowedList);
    }
  }

  const jobs = jobEvent.jobs;
  const forms = jobNameFormsFor(apiVersion);
  if (jobs === undefined) {
    addIssue(issues, 'jobEvent.jobs', 'required', `is required (job resource names: ${forms})`);
  } else if (!Array.isArray(jobs)) {
    addIssue(issues, 'jobEvent.jobs', 'type', `must be an array of job resource names (${forms})`, jobs);
  } else if (!jobs.length) {
    addIssue(issues, 'jobEvent.jobs', 'min-items', 'must name at least 1 job', 0, 1);
  } else {
    jobs.forEach((job, index) => {
      if (isJobName(job, apiVersion)) return;
      const why =
        !SCRIPT_BUILD && parseJobName(job)
          ? `is not of the form ${apiVersion} accepts: ${forms}`
          : `must be a job resource name: ${forms}`;
      addIssue(issues, `jobEvent.jobs[${index}]`, 'job-name', why, job, forms);
    });
  }
}
