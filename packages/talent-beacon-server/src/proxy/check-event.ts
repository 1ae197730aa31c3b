import type { ApiVersion, ClientEvent } from '@talent-beacon/core';
import {
  boundedValue,
  describeValue,
  extraInfoValueToString,
  isJobName,
  isV3Family,
  jobEventTypesFor,
  jobNameFormsFor,
  parseJobName,
  toClientEventRequest,
  validateClientEvent,
} from '@talent-beacon/core';
import type { DeviceClock } from '@talent-beacon/core';
import { deriveCreateTime } from '@talent-beacon/core';
import type { PiiMode } from './pii-guard.js';
import { guardExtraInfo } from './pii-guard.js';
import type { ProxyIssue } from './proxy-types.js';
import type { UpstreamRequest } from './upstream/upstream-types.js';

const PII_WORDS = { email: 'an e-mail address', phone: 'a phone number', card: 'a payment card number' } as const;

/** What {@link checkEvent} needs to know: the configured target and the createTime window. */
export interface EventRules {
  apiVersion: ApiVersion;
  project: string;
  tenant?: string;
  maxEventAgeMs: number;
  maxClockSkewMs: number;
  now: () => number;
  /** The PII guard on extraInfo values (default 'reject'); see {@link PiiMode}. */
  pii?: PiiMode;
}

/**
 * The rules of {@link checkEvent} from a proxy's or a reporter's options: the same fields, the
 * same default (the PII guard rejects), so both check events alike.
 *
 * @example
 * const rules = eventRules({ project: 'acme' }, { maxEventAgeMs: 259_200_000, maxClockSkewMs: 300_000 }, 'v4', Date.now);
 */
export function eventRules(
  options: { project: string; tenant?: string | undefined; pii?: PiiMode | undefined },
  limits: { maxEventAgeMs: number; maxClockSkewMs: number },
  apiVersion: ApiVersion,
  now: () => number,
): EventRules {
  return {
    apiVersion,
    project: options.project,
    tenant: options.tenant,
    maxEventAgeMs: limits.maxEventAgeMs,
    maxClockSkewMs: limits.maxClockSkewMs,
    now,
    pii: options.pii ?? 'reject',
  };
}

/** A createTime re-dated by a device clock: the time the device wrote, and the one derived from it. */
export interface Redated {
  deviceCreateTime: string;
  createTime: string;
}

/**
 * One event that passed every check, as the senders pass it along: the claim takes its
 * `eventId`, the upstream call sends its `request` as it is (mapped and serialized once, here).
 */
export interface CheckedEvent {
  eventId: string;
  /** The event as sent (extraInfo values as strings, createTime re-dated by a device clock). */
  event: ClientEvent;
  /** The `clientEvents.create` call for the configured version: its path and JSON body. */
  request: UpstreamRequest;
  /** Set when a device clock re-dated the createTime. */
  redated?: Redated;
}

/** What {@link checkEvent} finds: the checked event, or the issues (with the re-dating, if the event got that far). */
export type CheckResult = { checked: CheckedEvent } | { issues: ProxyIssue[]; redated?: Redated };

// A key in a path: keys can be as long as the body, so long ones are cut.
const cutKey = (key: string) => (key.length > 60 ? `${key.slice(0, 57)}…` : key);

/**
 * Checks one event from a browser, once: the core's rules for any version (a field of some
 * version passes, e.g. `eventNotes`; a missing requestId is refused by our rule
 * `discarded-by-cts`, as CTS discards such events), then the proxy's own: the configured
 * version's rules on what the core let pass for any version (its job event types, `eventNotes`
 * only in v4beta1 and v4; the mapping drops v3's `parentEventId` and `extraInfo` for those), every
 * job name in the form the configured version accepts and of the configured project (and
 * tenant), createTime within [now - maxEventAgeMs, now + maxClockSkewMs], and the PII guard.
 * Returns the {@link CheckedEvent} (extraInfo values as strings, built field by field so nothing
 * else rides along, and its request for the version) or the issues, whose values are bounded
 * descriptions.
 *
 * With a `clock` (a browser batch whose `sentAt` shows a device clock off beyond the tolerance,
 * see readDeviceClock) the window applies to the derived createTime (deriveCreateTime), and the
 * event to send carries that time. Server-side reporting passes none: its caller's createTime
 * is kept.
 *
 * @example
 * checkEvent(event, { apiVersion: 'v3', project: 'acme', maxEventAgeMs: 259200000, maxClockSkewMs: 300000, now: Date.now });
 * // { checked: { eventId, event, request: { path, body } } } or { issues: [{ path: 'jobEvent.jobs[0]', rule: 'project', … }] }
 */
export function checkEvent(input: unknown, rules: EventRules, clock?: DeviceClock): CheckResult {
  const validationIssues: ProxyIssue[] = validateClientEvent(input);
  if (validationIssues.length > 0) return { issues: validationIssues };
  const event = input as ClientEvent;
  const issues = [...versionIssues(event, rules.apiVersion), ...jobIssues(event.jobEvent.jobs, rules)];
  const createTime = clock ? deriveCreateTime(event.createTime, clock) : event.createTime;
  const redated: Redated | undefined = clock && { deviceCreateTime: event.createTime, createTime };
  const timeIssue = timeWindowIssue(event.createTime, createTime, rules, clock);
  if (timeIssue) issues.push(timeIssue);
  if (issues.length > 0) return { issues, ...(redated && { redated }) };
  const clean: ClientEvent = {
    eventId: event.eventId,
    requestId: event.requestId,
    createTime,
    jobEvent: { type: event.jobEvent.type, jobs: [...event.jobEvent.jobs] },
  };
  if (event.parentEventId !== undefined) clean.parentEventId = event.parentEventId;
  // A v4/v4beta1 field (versionIssues refused it for v3).
  if (event.eventNotes !== undefined) clean.eventNotes = event.eventNotes;
  if (event.extraInfo !== undefined) {
    const guarded = guardedExtraInfo(event.extraInfo, rules.pii ?? 'reject');
    if ('issues' in guarded) return { issues: guarded.issues, ...(redated && { redated }) };
    clean.extraInfo = guarded.extraInfo;
  }
  const { path, body } = toClientEventRequest(clean, rules);
  const checked: CheckedEvent = { eventId: clean.eventId, event: clean, request: { path, body: JSON.stringify(body) } };
  if (redated) checked.redated = redated;
  return { checked };
}

// What the configured version refuses of an event the core's any-version rules let pass: a job
// event type it lacks (NOT_INTERESTED exists in v3 and v3p1beta1 only) and `eventNotes` (v4beta1
// and v4 only). The mapping drops parentEventId and extraInfo for v4beta1 and v4 (see
// toClientEventRequest), so they are not refused.
function versionIssues(event: ClientEvent, apiVersion: ApiVersion): ProxyIssue[] {
  const issues: ProxyIssue[] = [];
  const types: readonly string[] = jobEventTypesFor(apiVersion);
  const type = event.jobEvent.type;
  if (!types.includes(type)) {
    issues.push({
      path: 'jobEvent.type',
      rule: 'api-version',
      message: `jobEvent.type ${type} does not exist in ${apiVersion}; it has ${types.join(', ')} (got ${describeValue(type)})`,
      limit: types.join(', '),
      value: boundedValue(type),
    });
  }
  if (isV3Family(apiVersion) && event.eventNotes !== undefined) {
    issues.push({
      path: 'eventNotes',
      rule: 'api-version',
      message: `eventNotes is not a field of ${apiVersion} ClientEvent (v4beta1 and v4 only)`,
      limit: 'v4beta1, v4',
    });
  }
  return issues;
}

// Every job name in the version's form, and of the configured project and tenant.
function jobIssues(jobs: readonly string[], rules: EventRules): ProxyIssue[] {
  const issues: ProxyIssue[] = [];
  jobs.forEach((name, index) => {
    const path = `jobEvent.jobs[${index}]`;
    const parts = isJobName(name, rules.apiVersion) ? parseJobName(name) : undefined;
    if (!parts) {
      issues.push({
        path,
        rule: 'job-name',
        message: `${path} must be ${jobNameFormsFor(rules.apiVersion)} for ${rules.apiVersion} (got ${describeValue(name)})`,
        limit: jobNameFormsFor(rules.apiVersion),
        value: boundedValue(name),
      });
      return;
    }
    // v4beta1 names without a tenant mean the default tenant; with a configured tenant they
    // would name jobs outside it, so the tenant must match exactly (absent == absent).
    if (parts.project !== rules.project || parts.tenant !== rules.tenant) {
      const expected = rules.tenant
        ? `projects/${rules.project}/tenants/${rules.tenant}/jobs/…`
        : `projects/${rules.project}/jobs/…`;
      issues.push({
        path,
        rule: 'project',
        message: `${path} must name a job of this proxy's ${rules.tenant ? 'project and tenant' : 'project'} (${expected}); got ${describeValue(name)}`,
        limit: expected,
        value: boundedValue(name),
      });
    }
  });
  return issues;
}

// createTime (derived from the device's when a clock is given) within the window, on the proxy's clock.
function timeWindowIssue(
  deviceCreateTime: string,
  createTime: string,
  rules: EventRules,
  clock: DeviceClock | undefined,
): ProxyIssue | undefined {
  const time = Date.parse(createTime);
  const now = rules.now();
  // How the time was read, for the message: the device's createTime re-dated on the proxy's clock.
  const got = clock
    ? `derived ${createTime} from the device's createTime ${deviceCreateTime}, sent at ${new Date(clock.sentAt).toISOString()} by a clock ${clock.offsetMs} ms off`
    : `got ${deviceCreateTime}`;
  if (time > now + rules.maxClockSkewMs) {
    return {
      path: 'createTime',
      rule: 'time-window',
      message: `createTime is more than ${rules.maxClockSkewMs} ms in the future (${got}, proxy time ${new Date(now).toISOString()})`,
      limit: rules.maxClockSkewMs,
      value: deviceCreateTime,
    };
  }
  if (time < now - rules.maxEventAgeMs) {
    return {
      path: 'createTime',
      rule: 'time-window',
      message: `createTime is more than ${rules.maxEventAgeMs} ms old (limits.maxEventAgeMs; ${got}, proxy time ${new Date(now).toISOString()})`,
      limit: rules.maxEventAgeMs,
      value: deviceCreateTime,
    };
  }
  return undefined;
}

// extraInfo with its values as strings, through the PII guard: refused (the issues name the key
// and the rule, never the value), or redacted, as the mode says. Events go to Google.
function guardedExtraInfo(
  extraInfo: Record<string, unknown>,
  mode: PiiMode,
): { extraInfo: Record<string, string> } | { issues: ProxyIssue[] } {
  // A null-prototype map: a key such as "__proto__" stays a plain key here and in JSON.
  const strings = Object.create(null) as Record<string, string>;
  // (validateClientEvent refused any value extraInfoValueToString cannot write)
  for (const [key, value] of Object.entries(extraInfo)) strings[key] = extraInfoValueToString(value) ?? '';
  const guarded = guardExtraInfo(strings, mode);
  if (mode !== 'reject' || guarded.findings.length === 0) return { extraInfo: guarded.extraInfo };
  return {
    issues: guarded.findings.map(({ key, kind }) => ({
      path: `extraInfo.${cutKey(key)}`,
      rule: `pii-${kind}` as const,
      message: `extraInfo.${cutKey(key)} looks like ${PII_WORDS[kind]}; personal data is not sent to CTS (the value is not shown; option pii: 'redact' or 'off' to change this)`,
      limit: `no ${PII_WORDS[kind]}`,
    })),
  };
}
