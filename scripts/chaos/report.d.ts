// Types of report.js, for the unit test (the chaos scripts are plain Node ESM).
export interface StoredCopy {
  eventId: string;
  at: number;
  answerDropped?: boolean;
}
export type DuplicateCause = 'answer-lost' | 'proxy-killed' | 'proxy-stopped' | 'proxy-restart' | 'other';
export type Kill = number | { at: number; server?: string };
export interface Stop {
  at: number;
  exitedAt: number;
  server?: string;
}
export function duplicateCause(
  copies: StoredCopy[],
  context: {
    kills: Kill[];
    stops?: Stop[];
    latencyMs: number;
    killWindowMs?: number;
    openAtKill: (eventId: string, kill: number, server?: string) => boolean;
    memoryStore?: boolean;
  },
): DuplicateCause;
export interface ChaosReport {
  tracked: number;
  storedOnce: number;
  lost: string[];
  duplicates: Record<DuplicateCause, string[]>;
  untracked: number;
  extraCopies: number;
  answerDroppedFaults: number;
  inFlightAtKills: number[];
  inFlightAtStops: number[];
}
export function buildReport(run: {
  tracked: Map<string, unknown>;
  stored: StoredCopy[];
  kills: Kill[];
  stops?: Stop[];
  posts: { ids: Set<string>; start: number; end: number | null; server?: string }[];
  latencyMs: number;
  memoryStore?: boolean;
}): ChaosReport;
export function passed(report: ChaosReport): boolean;
export const TABLE_HEADER: string;
export function tableRow(
  options: { seed: number; proxies?: number; redis: string; duplicateEventIds: string },
  report: ChaosReport,
  quiescenceMs: number | null,
  waitMs: number,
): string;
