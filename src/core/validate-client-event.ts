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
/** One serialized event must fit in a beacon with room for others (design §3). */
export const MAX_EVENT_BYTES = 32 * 1024;
/**
 * Most UTF-8 bytes of `eventId` and `parentEventId`. CTS documents no limit (cts-api.md §3.5);
 * 255 is the bound CTS puts on the other identifiers a client chooses (requisitionId,
 * company/tenant externalId, RequestMetadata sessionId/userId), it is 12 times a tracker's
 * 21-character id, and it bounds what a dedupe store keeps per event.
 */
export const MAX_EVENT_ID_BYTES = 255;
/**
 * Most UTF-8 bytes of `requestId`. CTS generates it and documents neither a limit nor a format
 * (cts-api.md §3.4), so the bound is a generous 1024: it must never refuse a real one, only junk.
 */
export const MAX_REQUEST_ID_BYTES = 1024;

/** Options of {@link validateClientEvent}. */
export interface ValidateOptions {
  /** Apply this version's rules; without it, the rules every version shares. */
  apiVersion?: ApiVersion;
}

// RFC 3339 date-time as protobuf's Timestamp JSON mapping reads it (cts-api.md §1.5): years
// 0001-9999, each field within its range (no 24:00, no leap second :60), up to nine fractional
// digits, `Z` or an offset required. RFC 3339 allows lower-case t and z.
const RFC3339 =
  /^(?!0000)(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

// A date-time of that form whose day exists in its month (February 29 in leap years only).
// Date.UTC reads the years 0-99 as 1900-1999, which have the same leap years as 1-99.
function isRealDateTime(value: string): boolean {
  // toISOString()'s own form (what trackers send, this one included) passes without the regex:
  // compiling that regex costs a page ~13 KB of heap (its machine code; bench, heap snapshots).
  // Years 0001-9999 only: out of them toISOString() writes 0000 or six digits, which fail below.
  const time = Date.parse(value);
  if (time >= -62135596800000 && time < 253402300800000 && new Date(time).toISOString() === value) return true;
  const m = RFC3339.exec(value);
  return !!m && +m[3]! <= new Date(Date.UTC(+m[1]!, +m[2]!, 0)).getUTCDate();
}

const V3_FIELDS = ['eventId', 'parentEventId', 'requestId', 'createTime', 'extraInfo', 'jobEvent'];
const V4_FIELDS = ['eventId', 'requestId', 'createTime', 'jobEvent', 'eventNotes'];
// Without a version, a field of any version passes (the proxy re-checks with its own).
const ALL_FIELDS = [...V3_FIELDS, 'eventNotes'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A field name for a path: keys can be as long as the body, so long ones are cut.
const cut = (key: string) => (key.length > 60 ? key.slice(0, 57) + '…' : key);

function has(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Checks a ClientEvent against every documented rule (design §3) and returns all issues found;
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
export function validateClientEvent(event: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const apiVersion = SCRIPT_BUILD ? undefined : options.apiVersion;
  const v3Rules = !apiVersion || isV3Family(apiVersion);
  const versionName = apiVersion ?? 'any API version';

  try {
    if (!isPlainObject(event)) {
      addIssue(issues, '', 'type', 'must be an object', undefined, event);
      return issues;
    }

    const known = apiVersion ? (v3Rules ? V3_FIELDS : V4_FIELDS) : ALL_FIELDS;
    const knownList = known.join(', ');
    for (const key of Object.keys(event)) {
      if (known.includes(key)) continue;
      if (!SCRIPT_BUILD && ALL_FIELDS.includes(key)) {
        addIssue(issues, key, 'api-version', `is not a field of ${versionName} ClientEvent`, knownList);
      } else {
        addIssue(issues, cut(key), 'unknown-field', `is not a ClientEvent field; known fields: ${knownList}`, knownList);
      }
    }

    const requiredString = (key: string, required: boolean | IssueRule, max = MAX_EVENT_ID_BYTES) => {
      if (!has(event, key) || event[key] === undefined) {
        if (required === 'discarded-by-cts')
          addIssue(
            issues,
            key,
            required,
            "is required: CTS discards events without a valid requestId (v4 calls it optional); use a search response's metadata.requestId",
          );
        else if (required) addIssue(issues, key, 'required', 'is required', undefined);
        return;
      }
      const value = event[key];
      let bytes;
      if (typeof value !== 'string') addIssue(issues, key, 'type', 'must be a string', undefined, value);
      else if (value.trim() === '') addIssue(issues, key, 'not-empty', 'must not be empty or blank', undefined, value);
      else if ((bytes = utf8ByteLength(value)) > max) addIssue(issues, key, 'max-bytes', `is ${bytes} bytes of UTF-8; at most ${max} are allowed`, max, value);
    };

    requiredString('eventId', true);
    // v3 requires requestId; v4/v4beta1 call it "strongly recommended" (cts-api.md §1.2-1.4).
    requiredString('requestId', apiVersion ? v3Rules : 'discarded-by-cts', MAX_REQUEST_ID_BYTES);
    if (v3Rules && has(event, 'parentEventId') && event.parentEventId !== undefined) {
      requiredString('parentEventId', false);
      if (event.parentEventId === event.eventId && typeof event.eventId === 'string') {
        addIssue(issues, 'parentEventId', 'not-equal', 'must differ from eventId (an event cannot be its own parent)', undefined, event.parentEventId);
      }
    }
    if ((SCRIPT_BUILD || known.includes('eventNotes')) && has(event, 'eventNotes') && typeof event.eventNotes !== 'string') {
      addIssue(issues, 'eventNotes', 'type', 'must be a string', undefined, event.eventNotes);
    }

    if (!has(event, 'createTime') || event.createTime === undefined) {
      addIssue(issues, 'createTime', 'required', 'is required (an RFC 3339 timestamp such as new Date().toISOString())');
    } else if (typeof event.createTime !== 'string' || !isRealDateTime(event.createTime)) {
      addIssue(
        issues,
        'createTime',
        'rfc3339',
        'must be a real RFC 3339 date-time with Z or an offset, e.g. "2026-11-22T10:00:00.000Z"',
        'RFC 3339',
        event.createTime,
      );
    }

    if (v3Rules && has(event, 'extraInfo') && event.extraInfo !== undefined) {
      checkExtraInfo(event.extraInfo, issues);
    }

    checkJobEvent(event, apiVersion, issues);

    if (issues.length === 0) {
      let size = 0;
      try {
        size = utf8ByteLength(JSON.stringify(event));
      } catch {
        addIssue(issues, '', 'type', 'cannot be serialized to JSON');
      }
      if (size > MAX_EVENT_BYTES) {
        addIssue(issues, '', 'max-bytes', `is ${size} bytes as JSON; at most ${MAX_EVENT_BYTES} are allowed so that it fits a beacon`, MAX_EVENT_BYTES, size);
      }
    }
  } catch (error) {
    // Only reachable with exotic inputs (throwing getters, revoked proxies): report, never throw.
    addIssue(issues, '', 'type', `could not be read (${error instanceof Error ? error.message : 'unknown error'})`);
  }
  return issues;
}

/**
 * Adds one issue to `issues`. The message is `path text (got value)`; the script build says
 * `path: rule limit (got value)` instead, and as `text` is then unused, the minifier drops the
 * prose at every call site (which is why the checks below call this module-level function, not
 * a callback passed around).
 */
function addIssue(issues: ValidationIssue[], path: string, rule: IssueRule, text: string, limit?: number | string, value?: unknown): void {
  const seen = value !== undefined ? ` (got ${describeValue(value)})` : '';
  const message = SCRIPT_BUILD ? `${path || 'event'}: ${rule}${limit !== undefined ? ' ' + limit : ''}${seen}` : `${path || 'event'} ${text}${seen}`;
  issues.push({ path, rule, message, limit, value: boundedValue(value) });
}

function checkExtraInfo(extraInfo: unknown, issues: ValidationIssue[]): void {
  if (!isPlainObject(extraInfo)) {
    addIssue(issues, 'extraInfo', 'type', 'must be an object of string values', undefined, extraInfo);
    return;
  }
  const keys = Object.keys(extraInfo);
  if (keys.length > EXTRA_INFO_MAX_KEYS) {
    addIssue(issues, 'extraInfo', 'max-keys', `has ${keys.length} keys; at most ${EXTRA_INFO_MAX_KEYS} are allowed`, EXTRA_INFO_MAX_KEYS, keys.length);
  }
  let bytes = 0;
  for (const key of keys) {
    const value = extraInfo[key];
    const path = `extraInfo[${JSON.stringify(cut(key))}]`;
    const text = extraInfoValueToString(value);
    if (text === undefined) {
      addIssue(issues, path, 'type', 'must be a string (numbers and booleans are converted)', undefined, value);
      continue;
    }
    bytes += utf8ByteLength(key) + utf8ByteLength(text);
  }
  if (bytes > EXTRA_INFO_MAX_BYTES) {
    addIssue(
      issues,
      'extraInfo',
      'max-bytes',
      `keys and values take ${bytes} bytes of UTF-8; at most ${EXTRA_INFO_MAX_BYTES} are allowed`,
      EXTRA_INFO_MAX_BYTES,
      bytes,
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
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function checkJobEvent(event: Record<string, unknown>, apiVersion: ApiVersion | undefined, issues: ValidationIssue[]): void {
  if (!has(event, 'jobEvent') || event.jobEvent === undefined) {
    addIssue(issues, 'jobEvent', 'required', 'is required ({ type, jobs })');
    return;
  }
  const jobEvent = event.jobEvent;
  if (!isPlainObject(jobEvent)) {
    addIssue(issues, 'jobEvent', 'type', 'must be an object { type, jobs }', undefined, jobEvent);
    return;
  }
  const jobEventFields = apiVersion === 'v4beta1' ? ['type', 'jobs', 'profile'] : ['type', 'jobs'];
  const fieldList = jobEventFields.join(', ');
  for (const key of Object.keys(jobEvent)) {
    if (!jobEventFields.includes(key)) {
      addIssue(issues, `jobEvent.${cut(key)}`, 'unknown-field', `is not a JobEvent field; known fields: ${fieldList}`, fieldList);
    } else if (!SCRIPT_BUILD && key == 'profile' && typeof jobEvent.profile != 'string') {
      addIssue(issues, 'jobEvent.profile', 'type', 'must be a string (a profile name)', undefined, jobEvent.profile);
    }
  }

  const allowed = jobEventTypesFor(apiVersion);
  const allowedList = allowed.join(', ');
  const type = jobEvent.type;
  if (type === undefined) {
    addIssue(issues, 'jobEvent.type', 'required', 'is required (a JobEventType such as "VIEW")');
  } else if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) {
    // (the script build's version-free rules accept NOT_INTERESTED)
    if (!SCRIPT_BUILD && type === 'NOT_INTERESTED') {
      addIssue(issues, 'jobEvent.type', 'api-version', `NOT_INTERESTED exists in v3 and v3p1beta1 only, not in ${apiVersion}`, allowedList, type);
    } else {
      addIssue(issues, 'jobEvent.type', 'enum', `must be one of ${allowedList}`, allowedList, type);
    }
  }

  const jobs = jobEvent.jobs;
  const forms = jobNameFormsFor(apiVersion);
  if (jobs === undefined) {
    addIssue(issues, 'jobEvent.jobs', 'required', `is required (job resource names: ${forms})`);
  } else if (!Array.isArray(jobs)) {
    addIssue(issues, 'jobEvent.jobs', 'type', `must be an array of job resource names (${forms})`, undefined, jobs);
  } else if (jobs.length === 0) {
    addIssue(issues, 'jobEvent.jobs', 'min-items', 'must name at least 1 job', 1, jobs.length);
  } else {
    jobs.forEach((job, index) => {
      if (isJobName(job, apiVersion)) return;
      const why = !SCRIPT_BUILD && parseJobName(job) ? `is not of the form ${apiVersion} accepts: ${forms}` : `must be a job resource name: ${forms}`;
      addIssue(issues, `jobEvent.jobs[${index}]`, 'job-name', why, forms, job);
    });
  }
}
