import type { ApiVersion, ClientEvent } from '@talent-beacon/core';
import {
  boundedValue,
  describeValue,
  extraInfoValueToString,
  isJobName,
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
 * Checks one event from a browser with the core's rules for any version (a field of some version
 * passes, e.g. `eventNotes`; a missing requestId is refused by our rule `discarded-by-cts`, as
 * CTS discards such events), then the proxy's own: every job name in the form the configured
 * version accepts and of the configured project (and tenant), and createTime within
 * [now - maxEventAgeMs, now + maxClockSkewMs]; last, the configured version's rules on the body
 * that would be sent. Returns the event to send (extraInfo values as strings, built field by
 * field so nothing else rides along) or the issues, whose values are bounded descriptions.
 *
 * With a `clock` (a browser batch whose `sentAt` shows a device clock off beyond the tolerance,
 * see readDeviceClock) the window applies to the derived createTime (deriveCreateTime), and the
 * event to send carries that time. Server-side reporting passes none: its caller's createTime
 * is kept.
 *
 * @example
 * checkEvent(event, { apiVersion: 'v3', project: 'acme', maxEventAgeMs: 259200000, maxClockSkewMs: 300000, now: Date.now });
 * // { event } or { issues: [{ path: 'jobEvent.jobs[0]', rule: 'project', … }] }
 */
export function checkEvent(input: unknown, rules: EventRules, clock?: DeviceClock): { event: ClientEvent } | { issues: ProxyIssue[] } {
  const issues: ProxyIssue[] = validateClientEvent(input);
  if (issues.length > 0) return { issues };
  const event = input as ClientEvent;
  event.jobEvent.jobs.forEach((name, i) => {
    const path = `jobEvent.jobs[${i}]`;
    if (!isJobName(name, rules.apiVersion)) {
      issues.push({
        path,
        rule: 'job-name',
        message: `${path} must be ${jobNameFormsFor(rules.apiVersion)} for ${rules.apiVersion} (got ${describeValue(name)})`,
        limit: jobNameFormsFor(rules.apiVersion),
        value: boundedValue(name),
      });
      return;
    }
    const parts = parseJobName(name)!;
    // v4beta1 names without a tenant mean the default tenant; with a configured tenant they
    // would name jobs outside it, so the tenant must match exactly (absent == absent).
    if (parts.project !== rules.project || parts.tenant !== rules.tenant) {
      const expected = rules.tenant ? `projects/${rules.project}/tenants/${rules.tenant}/jobs/…` : `projects/${rules.project}/jobs/…`;
      issues.push({
        path,
        rule: 'project',
        message: `${path} must name a job of this proxy's ${rules.tenant ? 'project and tenant' : 'project'} (${expected}); got ${describeValue(name)}`,
        limit: expected,
        value: boundedValue(name),
      });
    }
  });
  const createTime = clock ? deriveCreateTime(event.createTime, clock) : event.createTime;
  const time = Date.parse(createTime);
  const now = rules.now();
  // How the time was read, for the message: the device's createTime re-dated on the proxy's clock.
  const got = clock
    ? `derived ${createTime} from the device's createTime ${event.createTime}, sent at ${new Date(clock.sentAt).toISOString()} by a clock ${clock.offsetMs} ms off`
    : `got ${event.createTime}`;
  if (time > now + rules.maxClockSkewMs) {
    issues.push({
      path: 'createTime',
      rule: 'time-window',
      message: `createTime is more than ${rules.maxClockSkewMs} ms in the future (${got}, proxy time ${new Date(now).toISOString()})`,
      limit: rules.maxClockSkewMs,
      value: event.createTime,
    });
  } else if (time < now - rules.maxEventAgeMs) {
    issues.push({
      path: 'createTime',
      rule: 'time-window',
      message: `createTime is more than ${rules.maxEventAgeMs} ms old (limits.maxEventAgeMs; ${got}, proxy time ${new Date(now).toISOString()})`,
      limit: rules.maxEventAgeMs,
      value: event.createTime,
    });
  }
  if (issues.length > 0) return { issues };
  const clean: ClientEvent = {
    eventId: event.eventId,
    requestId: event.requestId,
    createTime,
    jobEvent: { type: event.jobEvent.type, jobs: [...event.jobEvent.jobs] },
  };
  if (event.parentEventId !== undefined) clean.parentEventId = event.parentEventId;
  // A v4/v4beta1 field: kept here, refused below by a v3 proxy's version rules.
  if (event.eventNotes !== undefined) clean.eventNotes = event.eventNotes;
  if (event.extraInfo !== undefined) {
    // A null-prototype map: a key such as "__proto__" stays a plain key here and in JSON.
    const extraInfo: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(event.extraInfo)) extraInfo[key] = extraInfoValueToString(value)!;
    // Events go to Google: values that look like personal data are refused (or redacted). The
    // issue names the key and the rule, never the value.
    const guarded = guardExtraInfo(extraInfo, rules.pii ?? 'reject');
    if ((rules.pii ?? 'reject') === 'reject' && guarded.findings.length > 0) {
      return {
        issues: guarded.findings.map(({ key, kind }) => ({
          path: `extraInfo.${key.length > 60 ? `${key.slice(0, 57)}…` : key}`,
          rule: `pii-${kind}` as const,
          message: `extraInfo.${key.length > 60 ? `${key.slice(0, 57)}…` : key} looks like ${PII_WORDS[kind]}; personal data is not sent to CTS (the value is not shown; option pii: 'redact' or 'off' to change this)`,
          limit: `no ${PII_WORDS[kind]}`,
        })),
      };
    }
    clean.extraInfo = guarded.extraInfo;
  }
  // The version's own rules on what will be sent (e.g. NOT_INTERESTED exists in v3 only).
  const { body } = toClientEventRequest(clean, rules);
  const sent = rules.apiVersion === 'v4' ? body : body.clientEvent;
  const versionIssues = validateClientEvent(sent, { apiVersion: rules.apiVersion });
  return versionIssues.length > 0 ? { issues: versionIssues } : { event: clean };
}
