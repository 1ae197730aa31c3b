// Types of report.js, for the unit test (the chaos scripts are plain Node ESM).
export interface StoredCopy {
  eventId: string;
  at: number;
  answerDropped?: boolean;
}
export type DuplicateCause = 'answer-lost' | 'proxy-killed' | 'proxy-restart' | 'other';
export function duplicateCause(
  copies: StoredCopy[],
  context: { kills: number[]; latencyMs: number; killWindowMs?: number; openAtKill: (eventId: string, kill: number) => boolean; memoryStore?: boolean },
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
}
export function buildReport(run: {
  tracked: Map<string, unknown>;
  stored: StoredCopy[];
  kills: number[];
  posts: { ids: Set<string>; start: number; end: number | null }[];
  latencyMs: number;
  memoryStore?: boolean;
}): ChaosReport;
export const TABLE_HEADER: string;
export function tableRow(
  options: { seed: number; redis: string; duplicateEventIds: string },
  report: ChaosReport,
  quiescenceMs: number | null,
  waitMs: number,
): string;
