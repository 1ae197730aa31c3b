import type { ApiVersion } from './api-version.js';
import { isV3Family } from './api-version.js';

// The `JobEventType` names that may be sent, in proto order from 1: the position (from 1) is the
// enum number: IMPRESSION 1, APPLICATION_START 4, BOOKMARK 11, NOT_INTERESTED 16 (the last).
// Without JOB_EVENT_TYPE_UNSPECIFIED (0), which only the proxy and the emulator read.
const SENDABLE = [
  'IMPRESSION',
  'VIEW',
  'VIEW_REDIRECT',
  'APPLICATION_START',
  'APPLICATION_FINISH',
  'APPLICATION_QUICK_SUBMISSION',
  'APPLICATION_REDIRECT',
  'APPLICATION_START_FROM_SEARCH',
  'APPLICATION_REDIRECT_FROM_SEARCH',
  'APPLICATION_COMPANY_SUBMIT',
  'BOOKMARK',
  'NOTIFICATION',
  'HIRED',
  'SENT_CV',
  'INTERVIEW_GRANTED',
  'NOT_INTERESTED',
] as const;
const NAMES = ['JOB_EVENT_TYPE_UNSPECIFIED', ...SENDABLE] as const;

/**
 * Every `JobEventType` name in proto order: the index is the enum number that the official
 * REST-fallback client sends with `$alt=json;enum-encoding=int` (docs/cts-api.md §2.1, §1.7).
 * `NOT_INTERESTED` (16) exists in v3/v3p1beta1 only; v4beta1 dropped it in 2019 (§2.2).
 */
export const JOB_EVENT_TYPE_NAMES = NAMES;

/** A `JobEventType` name that may be sent (everything but `JOB_EVENT_TYPE_UNSPECIFIED`). */
export type JobEventTypeName = Exclude<(typeof JOB_EVENT_TYPE_NAMES)[number], 'JOB_EVENT_TYPE_UNSPECIFIED'>;

/**
 * The job event types, as a frozen name -> name map, so that page code gets autocompletion and
 * typo safety: `JobEventType.APPLICATION_START === 'APPLICATION_START'`.
 *
 * @example
 * import { JobEventType } from 'talent-beacon';
 * tracker.track({ type: JobEventType.BOOKMARK, jobs: [jobName] });
 */
export const JobEventType = /*#__PURE__*/ Object.freeze(Object.fromEntries(SENDABLE.map((name) => [name, name]))) as {
  readonly [K in JobEventTypeName]: K;
};

/**
 * The types a given API version accepts. Without a version, every type that some version
 * accepts (the tracker does not know which version its proxy speaks).
 *
 * @example
 * jobEventTypesFor('v4').includes('NOT_INTERESTED'); // false
 */
export function jobEventTypesFor(apiVersion?: ApiVersion): readonly JobEventTypeName[] {
  const all: JobEventTypeName[] = [...SENDABLE];
  // v4beta1 and v4: all but NOT_INTERESTED, the last.
  return apiVersion && !isV3Family(apiVersion) ? all.slice(0, -1) : all;
}

/**
 * Reads an enum value as it arrives on the wire (a name, or the proto number the REST-fallback
 * clients send) and returns its name, or `undefined` when it is neither.
 *
 * @example
 * jobEventTypeFromWire(4);        // 'APPLICATION_START'
 * jobEventTypeFromWire('VIEW');   // 'VIEW'
 * jobEventTypeFromWire('view');   // undefined (enum names are case-sensitive in proto JSON)
 */
export function jobEventTypeFromWire(value: unknown): (typeof JOB_EVENT_TYPE_NAMES)[number] | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return JOB_EVENT_TYPE_NAMES[value];
  if (typeof value === 'string') {
    return (JOB_EVENT_TYPE_NAMES as readonly string[]).includes(value)
      ? (value as (typeof JOB_EVENT_TYPE_NAMES)[number])
      : undefined;
  }
  return undefined;
}
