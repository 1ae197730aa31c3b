import type { ReceivedClientEvent } from './emulator-types.js';

/** Which JobEventTypes make up each step of the funnel (CTS's dashboard words). */
export const FUNNEL_STEPS = {
  impressions: ['IMPRESSION'],
  views: ['VIEW', 'VIEW_REDIRECT'],
  applicationStarts: ['APPLICATION_START', 'APPLICATION_START_FROM_SEARCH'],
  applications: [
    'APPLICATION_FINISH',
    'APPLICATION_QUICK_SUBMISSION',
    'APPLICATION_REDIRECT',
    'APPLICATION_REDIRECT_FROM_SEARCH',
  ],
} as const;

/** The events that happen outside the job seeker's browser (docs/design.md §9). */
export const BACK_OFFICE_TYPES = [
  'APPLICATION_COMPANY_SUBMIT',
  'SENT_CV',
  'INTERVIEW_GRANTED',
  'HIRED',
  'NOTIFICATION',
] as const;

/** The counts and rates of one day (UTC) or of everything. */
export interface FunnelFigures {
  searches: number;
  impressions: number;
  views: number;
  applicationStarts: number;
  applications: number;
  hires: number;
  /** Every event counted, by JobEventType. */
  byType: Record<string, number>;
  /** APPLICATION_COMPANY_SUBMIT, SENT_CV, INTERVIEW_GRANTED, HIRED, NOTIFICATION (zeros included). */
  backOffice: Record<string, number>;
  /** views / impressions; null without impressions. */
  viewRate: number | null;
  /** applications / views; null without views. */
  applyRate: number | null;
  /** HIRED / applications; null without applications. */
  hireRate: number | null;
}

/** The consistency checks CTS asks for (dashboard "Data validation"). */
export interface FunnelChecks {
  /** IMPRESSION events per search answered (CTS expects about 1); null without searches. */
  impressionsPerSearch: number | null;
  /** Searches with no IMPRESSION carrying their requestId ("No impressions"). */
  searchesWithoutImpression: number;
  /** Searches with more than one IMPRESSION ("Multiple impressions"). */
  searchesWithMultipleImpressions: number;
  /** Events whose requestId no search of this emulator returned (CTS discards them). */
  eventsWithUnknownRequestId: number;
  /** Up to 10 of those requestIds, most events first. */
  unknownRequestIds: Array<{ requestId: string; events: number }>;
  /** Events without a requestId. */
  eventsWithoutRequestId: number;
}

/** What `GET /_emulator/funnel` answers and the inspector's funnel section shows. */
export interface Funnel {
  /** One entry per UTC day with a search or an event, oldest first. */
  days: Array<{ day: string } & FunnelFigures>;
  total: FunnelFigures;
  checks: FunnelChecks;
  /** Which types each step counts, and how events are dated. */
  definitions: { steps: typeof FUNNEL_STEPS; backOffice: readonly string[]; day: string; repeats: string };
}

/** Input of {@link buildFunnel}. */
export interface FunnelInput {
  events: readonly ReceivedClientEvent[];
  searches: ReadonlyArray<{ requestId: string; at: string }>;
}

function empty(): Omit<FunnelFigures, 'viewRate' | 'applyRate' | 'hireRate'> {
  return {
    searches: 0,
    impressions: 0,
    views: 0,
    applicationStarts: 0,
    applications: 0,
    hires: 0,
    byType: {},
    backOffice: Object.fromEntries(BACK_OFFICE_TYPES.map((t) => [t, 0])),
  };
}

const STEP_OF = new Map<string, keyof typeof FUNNEL_STEPS>(
  Object.entries(FUNNEL_STEPS).flatMap(([step, types]) => types.map((t) => [t, step as keyof typeof FUNNEL_STEPS])),
);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

function dayOf(iso: unknown, fallback: string): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return new Date(Number.isNaN(t) ? Date.parse(fallback) : t).toISOString().slice(0, 10);
}

/**
 * CTS's dashboard figures from what the emulator received: per UTC day and in total, searches,
 * impressions, views, application starts and finishes, back-office events by type, every type's
 * count, the rates the self-service tools show (view rate = views / impressions, apply rate =
 * applications / views, hire rate = HIRED / applications), and the consistency checks (impressions
 * per search ≈ 1, searches without or with several impressions, events whose requestId no search
 * returned). Events are dated by their createTime (UTC), searches by when they were answered; a
 * repeated eventId counts once. Pure: the same input gives the same funnel.
 *
 * @example
 * const funnel = buildFunnel({ events: emulator.clientEvents(), searches: [{ requestId: 'r1', at: '2026-11-22T10:00:00Z' }] });
 * funnel.total.viewRate; // e.g. 0.5
 */
export function buildFunnel(input: FunnelInput): Funnel {
  const days = new Map<string, ReturnType<typeof empty>>();
  const total = empty();
  const bucket = (day: string) => {
    let b = days.get(day);
    if (!b) days.set(day, (b = empty()));
    return b;
  };
  const known = new Set<string>();
  const impressionsOf = new Map<string, number>();
  for (const s of input.searches) {
    known.add(s.requestId);
    total.searches++;
    bucket(dayOf(s.at, s.at)).searches++;
  }
  const seen = new Set<string>();
  const unknown = new Map<string, number>();
  let withoutRequestId = 0;
  for (const e of input.events) {
    const id = String(e.event.eventId);
    if (seen.has(id)) continue;
    seen.add(id);
    // A type as sent: a name, or an enum number (the REST fallback of @google-cloud/talent).
    const sentType = (e.event.jobEvent as { type?: unknown } | undefined)?.type;
    const type = typeof sentType === 'string' || typeof sentType === 'number' ? String(sentType) : '';
    const requestId = typeof e.event.requestId === 'string' && e.event.requestId !== '' ? e.event.requestId : null;
    for (const b of [total, bucket(dayOf(e.event.createTime, e.receivedAt))]) {
      b.byType[type] = (b.byType[type] ?? 0) + 1;
      const step = STEP_OF.get(type);
      if (step) b[step]++;
      if (type === 'HIRED') b.hires++;
      if (Object.hasOwn(b.backOffice, type)) b.backOffice[type] = (b.backOffice[type] ?? 0) + 1;
    }
    if (requestId === null) withoutRequestId++;
    else if (!known.has(requestId)) unknown.set(requestId, (unknown.get(requestId) ?? 0) + 1);
    if (type === 'IMPRESSION' && requestId !== null)
      impressionsOf.set(requestId, (impressionsOf.get(requestId) ?? 0) + 1);
  }
  const rates = (b: ReturnType<typeof empty>): FunnelFigures => ({
    ...b,
    viewRate: ratio(b.views, b.impressions),
    applyRate: ratio(b.applications, b.views),
    hireRate: ratio(b.hires, b.applications),
  });
  let withoutImpression = 0;
  let multiple = 0;
  for (const requestId of known) {
    const n = impressionsOf.get(requestId) ?? 0;
    if (n === 0) withoutImpression++;
    if (n > 1) multiple++;
  }
  return {
    days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, b]) => ({ day, ...rates(b) })),
    total: rates(total),
    checks: {
      impressionsPerSearch: ratio(total.impressions, total.searches),
      searchesWithoutImpression: withoutImpression,
      searchesWithMultipleImpressions: multiple,
      eventsWithUnknownRequestId: [...unknown.values()].reduce((a, b) => a + b, 0),
      unknownRequestIds: [...unknown.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([requestId, events]) => ({ requestId, events })),
      eventsWithoutRequestId: withoutRequestId,
    },
    definitions: {
      steps: FUNNEL_STEPS,
      backOffice: BACK_OFFICE_TYPES,
      day: "UTC day of the event's createTime (of the answer, for searches)",
      repeats: 'a repeated eventId counts once',
    },
  };
}
