import { parentTypes } from '@talent-beacon/core';
import type { DeviceClockNote } from '@talent-beacon/core';
import type { ReceivedClientEvent } from './emulator-types.js';

/** The reporting problems the inspector flags (CTS dashboard "Data validation" and the JobEventType docs). */
export type WarningCode =
  | 'MULTIPLE_IMPRESSIONS'
  | 'MISSING_REQUEST_ID'
  | 'UNKNOWN_REQUEST_ID'
  | 'UNKNOWN_PARENT'
  | 'NO_PARENT'
  | 'VIEW_AFTER_START_FROM_SEARCH'
  | 'QUICK_SUBMISSION_WITH_START_FINISH'
  | 'UNKNOWN_JOB'
  | 'DUPLICATE_EVENT_ID';

/** One warning: what, in words, and which events and jobs it is about. */
export interface ReportWarning {
  code: WarningCode;
  message: string;
  requestId: string | null;
  eventIds: string[];
  jobs: string[];
}

/** One event in a tree: its children are the events that followed from it. */
export interface EventNode {
  eventId: string;
  type: string;
  jobs: string[];
  createTime: string;
  receivedAt: string;
  apiVersion: string;
  parent: string;
  /** The explicit parentEventId (v3), if any. */
  parentEventId?: string;
  /** True when the parent was inferred from the job and the order (v4 has no parentEventId). */
  inferredParent: boolean;
  duplicate: boolean;
  /** Present when the proxy derived createTime from a device clock that was off: by how much, and the device's time. */
  deviceClock?: DeviceClockNote;
  warnings: WarningCode[];
  children: EventNode[];
}

/** The events of one requestId, as impression -> view -> application trees. */
export interface RequestGroup {
  /** null for events sent without a requestId. */
  requestId: string | null;
  /** True when the requestId came from a search this emulator answered. */
  known: boolean;
  query?: string;
  searchedAt?: string;
  roots: EventNode[];
  eventCount: number;
  warnings: ReportWarning[];
}

/** What the inspector page and `GET /_emulator/events` show. */
export interface EventReport {
  requests: RequestGroup[];
  warnings: ReportWarning[];
  counts: { events: number; requests: number; warnings: number; byType: Record<string, number> };
}

/** Input of {@link buildEventReport}. */
export interface EventReportInput {
  events: readonly ReceivedClientEvent[];
  /** Whether a job name exists in the emulator (now). */
  isKnownJob: (name: string) => boolean;
  /** The searches answered, whose requestIds events should carry. */
  searches: ReadonlyArray<{ requestId: string; query: string; at: string }>;
}

// Types that need no parent: an IMPRESSION starts a chain; a NOTIFICATION (an email alert) may
// come without a search page, and links to the chain when there is one (as the tracker does).
const NO_PARENT_NEEDED = new Set(['IMPRESSION', 'NOTIFICATION']);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Groups received client events by requestId into impression -> view -> application trees and
 * lists the warnings CTS's dashboard would raise: more than one IMPRESSION per requestId, events
 * without a known requestId or parent, a VIEW after APPLICATION_START_FROM_SEARCH,
 * APPLICATION_QUICK_SUBMISSION together with START/FINISH, job names that match no job, and
 * repeated eventIds. Pure: the same input gives the same report.
 *
 * @example
 * const report = buildEventReport({ events: emulator.clientEvents(), isKnownJob: () => true, searches: [] });
 * report.warnings.map((w) => w.code); // ['UNKNOWN_REQUEST_ID', ...]
 */
export function buildEventReport(input: EventReportInput): EventReport {
  const searches = new Map(input.searches.map((s) => [s.requestId, s]));
  const warnings: ReportWarning[] = [];
  const byType: Record<string, number> = {};

  const nodes: EventNode[] = [];
  // The events of each requestId (null: none) with their arrival index, in the order the
  // requestIds first arrived (a Map keeps it).
  const members = new Map<string | null, Array<{ n: EventNode; i: number }>>();
  input.events.forEach((e, i) => {
    const jobEvent = (e.event.jobEvent ?? {}) as Record<string, unknown>;
    const type = str(jobEvent.type);
    byType[type] = (byType[type] ?? 0) + 1;
    const n: EventNode = {
      eventId: str(e.event.eventId),
      type,
      jobs: Array.isArray(jobEvent.jobs) ? jobEvent.jobs.map(String) : [],
      createTime: str(e.event.createTime),
      receivedAt: e.receivedAt,
      apiVersion: e.apiVersion,
      parent: e.parent,
      ...(typeof e.event.parentEventId === 'string' ? { parentEventId: e.event.parentEventId } : {}),
      inferredParent: false,
      duplicate: e.duplicate,
      ...(e.deviceClock ? { deviceClock: e.deviceClock } : {}),
      warnings: [],
      children: [],
    };
    nodes.push(n);
    const requestId = e.event.requestId;
    addTo(members, typeof requestId === 'string' && requestId !== '' ? requestId : null, { n, i });
  });

  const warn = (
    code: WarningCode,
    message: string,
    requestId: string | null,
    about: EventNode[],
    jobs: string[] = [],
  ) => {
    const w: ReportWarning = { code, message, requestId, eventIds: about.map((n) => n.eventId), jobs };
    for (const n of about) if (!n.warnings.includes(code)) n.warnings.push(code);
    warnings.push(w);
    return w;
  };

  // The first event with an id is the one children attach to; repeats are flagged.
  const firstById = new Map<string, EventNode>();
  nodes.forEach((n) => {
    if (!firstById.has(n.eventId)) firstById.set(n.eventId, n);
  });

  const time = (n: EventNode) => {
    const t = Date.parse(n.createTime);
    return Number.isNaN(t) ? 0 : t;
  };

  const requests: RequestGroup[] = [...members].map(([requestId, arrivals]) => {
    // Chronology by createTime (batches may arrive out of order), then arrival.
    const group = arrivals.sort((a, b) => time(a.n) - time(b.n) || a.i - b.i).map((x) => x.n);
    const groupWarnings: ReportWarning[] = [];
    const gw = (code: WarningCode, message: string, about: EventNode[], jobs: string[] = []) =>
      groupWarnings.push(warn(code, message, requestId, about, jobs));
    const search = requestId === null ? undefined : searches.get(requestId);

    if (requestId === null) {
      gw(
        'MISSING_REQUEST_ID',
        `${group.length} event(s) have no requestId; CTS discards events without a valid requestId (take it from the search response's metadata.requestId).`,
        group,
      );
    } else if (!search) {
      gw(
        'UNKNOWN_REQUEST_ID',
        `requestId ${JSON.stringify(requestId)} was not returned by any search on this emulator; CTS discards events without a valid requestId.`,
        group,
      );
    }

    // A repeated eventId is the same impression sent again: flagged as a duplicate, not counted twice.
    const impressions = group.filter((n) => n.type === 'IMPRESSION' && firstById.get(n.eventId) === n);
    if (requestId !== null && impressions.length > 1) {
      gw(
        'MULTIPLE_IMPRESSIONS',
        `${impressions.length} IMPRESSION events for one requestId; CTS expects one IMPRESSION event per search API request.`,
        impressions,
      );
    }

    const roots: EventNode[] = [];
    const inGroup = new Set(group);
    // The latest earlier event per (type, job), kept while walking in order: parent lookups stay
    // O(jobs) per event, so the inspector's poll stays cheap with thousands of events.
    const latest = new Map<string, { node: EventNode; position: number }>();
    const remember = (n: EventNode, position: number) => {
      if (firstById.get(n.eventId) !== n) return;
      for (const job of n.jobs) latest.set(`${n.type}\u0000${job}`, { node: n, position });
    };
    group.forEach((n, position) => {
      attach(n, position);
      remember(n, position);
    });
    function attach(n: EventNode, position: number): void {
      if (n.duplicate && firstById.get(n.eventId) !== n) {
        gw(
          'DUPLICATE_EVENT_ID',
          `eventId ${JSON.stringify(n.eventId)} was received more than once; CTS's handling of a repeated eventId is undocumented.`,
          [n],
        );
      }
      if (n.parentEventId !== undefined) {
        const parent = firstById.get(n.parentEventId);
        if (parent && parent !== n && inGroup.has(parent)) {
          parent.children.push(n);
          return;
        }
        gw(
          'UNKNOWN_PARENT',
          parent
            ? `${n.type} ${n.eventId}'s parentEventId ${JSON.stringify(n.parentEventId)} belongs to another requestId.`
            : `${n.type} ${n.eventId}'s parentEventId ${JSON.stringify(n.parentEventId)} names no event the emulator received.`,
          [n],
        );
        roots.push(n);
        return;
      }
      // v4 has no parentEventId: the parent is inferred by the chain rules the tracker links
      // by (core/job-event-chain.ts): the newest earlier event of the newest step that has one.
      const steps = parentTypes(n.type);
      let parent: { node: EventNode; position: number } | undefined;
      for (const types of steps) {
        for (const type of types) {
          for (const job of n.jobs) {
            const candidate = latest.get(`${type}\u0000${job}`);
            if (candidate && candidate.position < position && (!parent || candidate.position > parent.position))
              parent = candidate;
          }
        }
        if (parent) break;
      }
      if (parent) {
        n.inferredParent = true;
        parent.node.children.push(n);
        return;
      }
      if (NO_PARENT_NEEDED.has(n.type)) {
        roots.push(n);
        return;
      }
      gw(
        'NO_PARENT',
        `${n.type} ${n.eventId} has no parent: no earlier ${steps.flat().join(' or ')} of ${n.jobs.join(', ') || 'its job'} with this requestId.`,
        [n],
        n.jobs,
      );
      roots.push(n);
    }

    // Per-job rules of the JobEventType docs.
    const byJob = new Map<string, EventNode[]>();
    for (const n of group) {
      for (const job of new Set(n.jobs)) addTo(byJob, job, n);
    }
    for (const [job, ofJob] of byJob) {
      if (ofJob.every((n) => n.type === 'IMPRESSION')) continue;
      const fromSearch = ofJob.findIndex(
        (n) => n.type === 'APPLICATION_START_FROM_SEARCH' || n.type === 'APPLICATION_REDIRECT_FROM_SEARCH',
      );
      const start = ofJob[fromSearch];
      if (start) {
        const views = ofJob.slice(fromSearch + 1).filter((n) => n.type === 'VIEW');
        if (views.length > 0) {
          gw(
            'VIEW_AFTER_START_FROM_SEARCH',
            `VIEW of ${job} after ${start.type}; if sending that event, a VIEW event shouldn't be sent.`,
            [start, ...views],
            [job],
          );
        }
      }
      const quick = ofJob.filter((n) => n.type === 'APPLICATION_QUICK_SUBMISSION');
      const startFinish = ofJob.filter((n) => n.type === 'APPLICATION_START' || n.type === 'APPLICATION_FINISH');
      if (quick.length > 0 && startFinish.length > 0) {
        gw(
          'QUICK_SUBMISSION_WITH_START_FINISH',
          `APPLICATION_QUICK_SUBMISSION of ${job} together with ${[...new Set(startFinish.map((n) => n.type))].join(' and ')}; send only the quick submission.`,
          [...quick, ...startFinish],
          [job],
        );
      }
    }

    return {
      requestId,
      known: search !== undefined,
      ...(search ? { query: search.query, searchedAt: search.at } : {}),
      roots,
      eventCount: group.length,
      warnings: groupWarnings,
    };
  });

  // Unknown jobs: one warning per job name, across all requests.
  const unknownJobs = new Map<string, EventNode[]>();
  for (const n of nodes) {
    for (const job of n.jobs) {
      if (!input.isKnownJob(job)) addTo(unknownJobs, job, n);
    }
  }
  const groupOf = new Map<EventNode, RequestGroup>();
  if (unknownJobs.size > 0) for (const g of requests) for (const n of flatten(g.roots)) groupOf.set(n, g);
  for (const [job, about] of unknownJobs) {
    const w = warn('UNKNOWN_JOB', `${job} matches no job in the emulator (${about.length} event(s)).`, null, about, [
      job,
    ]);
    for (const g of new Set(about.map((n) => groupOf.get(n)))) g?.warnings.push(w);
  }

  return {
    requests,
    warnings,
    counts: { events: nodes.length, requests: requests.length, warnings: warnings.length, byType },
  };
}

// Appends `value` to the list under `key`, starting the list with the key's first value.
function addTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}

function flatten(nodes: EventNode[]): EventNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}
