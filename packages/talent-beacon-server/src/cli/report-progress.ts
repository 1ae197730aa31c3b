// `talent-beacon report`'s progress output: a bar on a terminal, a plain line every 2 s otherwise.
import type { ReportSummary } from './report-summary.js';

/** The counts the progress shows, taken from the summary a run fills in. */
export interface ProgressCounts {
  reported: number;
  duplicate: number;
  rejected: number;
  retry: number;
}

/** Shows how far a run is. */
export interface Progress {
  /** `done` lines are finished; `summary` is the run's summary so far. */
  update(done: number, summary: ReportSummary): void;
  stop(): void;
}

/** Where and when progress is shown: injectable for tests. */
export interface ProgressEnv {
  /** Default process.stderr; a bar when it is a terminal. */
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

const LINE_EVERY_MS = 2000;

/**
 * The counts of a summary, as the progress shows them.
 *
 * @example
 * countsOf(summary); // { reported: 3, duplicate: 1, rejected: 0, retry: 0 }
 */
export function countsOf(summary: ReportSummary | undefined): ProgressCounts {
  return {
    reported: summary?.reported ?? 0,
    duplicate: summary?.duplicate ?? 0,
    rejected: summary?.rejected.length ?? 0,
    retry: summary?.retryLater.length ?? 0,
  };
}

/**
 * A duration as the progress line shows it: `42s`, `3m07s`, `2h05m`; `?` when unknown.
 *
 * @example
 * formatDuration(187_000); // '3m07s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const seconds = Math.round(ms / 1000);
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h${twoDigits(Math.floor((seconds % 3600) / 60))}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${twoDigits(seconds % 60)}s`;
  return `${seconds}s`;
}

/**
 * The plain progress line (no terminal): lines done of the total with percentage and ETA, the
 * rate and the counts.
 *
 * @example
 * progressLine({ done: 500, total: 1000, elapsedMs: 10_000, counts });
 * // 'talent-beacon report: 500/1000 lines (50%), ETA 10s, 50 lines/s; reported 490, duplicate 10, rejected 0, retry 0'
 */
export function progressLine(at: {
  done: number;
  total: number | undefined;
  elapsedMs: number;
  counts: ProgressCounts;
}): string {
  const { done, total, counts } = at;
  const rate = done / Math.max(0.001, at.elapsedMs / 1000);
  const of =
    total !== undefined
      ? `/${total} lines (${Math.floor((done / Math.max(1, total)) * 100)}%), ETA ${formatDuration(((total - done) / Math.max(rate, 0.001)) * 1000)}`
      : ' lines';
  return `talent-beacon report: ${done}${of}, ${rate.toFixed(0)} lines/s; reported ${counts.reported}, duplicate ${counts.duplicate}, rejected ${counts.rejected}, retry ${counts.retry}`;
}

/**
 * Progress output of a run: a cli-progress bar on a terminal, a plain line every 2 s (and at
 * the last line) otherwise, nothing when disabled.
 *
 * @example
 * const progress = await createProgress(true, total);
 * progress.update(done, summary); // … progress.stop();
 */
export async function createProgress(
  enabled: boolean,
  total: number | undefined,
  env: ProgressEnv = {},
): Promise<Progress> {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const stream = env.stream ?? process.stderr;
  const now = env.now ?? Date.now;
  const started = now();
  const rate = (done: number) => done / Math.max(0.001, (now() - started) / 1000);
  if (stream.isTTY) {
    const { SingleBar, Presets } = await import('cli-progress');
    const counts = '| reported {reported} · duplicate {duplicate} · rejected {rejected} · retry {retry}';
    const format =
      total !== undefined
        ? `{bar} {percentage}% | {value}/{total} lines | {speed}/s | ETA {eta_formatted} ${counts}`
        : `{value} lines | {speed}/s ${counts}`;
    const bar = new SingleBar(
      { format, stream, hideCursor: true, etaBuffer: 200, fps: 5, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(total ?? 0, 0, { speed: '0', ...countsOf(undefined) });
    return {
      update: (done, summary) => bar.update(done, { speed: rate(done).toFixed(0), ...countsOf(summary) }),
      stop: () => bar.stop(),
    };
  }
  const shown = { at: 0 };
  return {
    update: (done, summary) => {
      const at = now();
      if (at - shown.at < LINE_EVERY_MS && done !== total) return;
      shown.at = at;
      stream.write(`${progressLine({ done, total, elapsedMs: at - started, counts: countsOf(summary) })}\n`);
    },
    stop: () => undefined,
  };
}
