// `talent-beacon report`'s run over the lines: each NDJSON line through report(), with bounded
// concurrency, each fact once, every line counted in the summary.
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Reporter, ReportInput } from '../reporter/create-reporter.js';
import { ReportError } from '../reporter/report-error.js';
import type { LineProblem, ReportSummary } from './report-summary.js';
import { emptySummary } from './report-summary.js';

/** How {@link reportLines} runs. */
export interface ReportLinesOptions {
  reporter: Reporter;
  /** Lines in flight at once. */
  concurrency: number;
  /** eventIds an earlier, interrupted run sent without a recorded answer (counted as `resent` when reported). */
  interrupted?: ReadonlySet<string>;
  /** Stops reading new lines; the ones in flight finish. */
  signal?: AbortSignal;
  /** Called after each line with the count of lines finished and the summary so far. */
  onLine?: (done: number, summary: ReportSummary) => void;
  now?: () => number;
}

/** One line read as a report() input, or the problem that keeps it from being one. */
type ParsedLine =
  { blank: true } | { problem: Omit<LineProblem, 'line'> } | { record: Record<string, unknown>; key: unknown };

/**
 * Reads one NDJSON line: blank, not a JSON object (a problem), or a report() input with its key
 * (a line without `key` is keyed by the SHA-256 of its text: the same text is the same fact).
 *
 * @example
 * parseLine('{"type":"HIRED","jobs":["projects/p/jobs/1"],"requestId":"r","key":"hire-1"}');
 * // { record: { type: 'HIRED', … }, key: 'hire-1' }
 */
export function parseLine(text: string): ParsedLine {
  const trimmed = text.trim();
  if (trimmed === '') return { blank: true };
  let input: unknown;
  try {
    input = JSON.parse(trimmed);
  } catch (error) {
    return {
      problem: {
        field: '',
        rule: 'json',
        message: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problem: { field: '', rule: 'type', message: 'a line must be a JSON object: one report() input' } };
  }
  const record = input as Record<string, unknown>;
  const key =
    record.key === undefined ? `line-sha256:${createHash('sha256').update(trimmed).digest('hex')}` : record.key;
  return { record, key };
}

/**
 * The summary's entry for a report() that failed: the first issue's field and rule (or the
 * retry reason's code), and every message.
 *
 * @example
 * problemOf(error, 7); // { line: 7, field: 'extraInfo.who', rule: 'pii-email', message: '…' }
 */
export function problemOf(error: ReportError, line: number): LineProblem {
  const first = error.issues[0];
  return {
    line,
    field: error.field,
    rule: first?.rule ?? error.retryReason ?? error.code.toLowerCase(),
    message:
      error.issues.length > 0
        ? error.issues.map((issue) => issue.message).join('; ')
        : error.message.replace(/^RETRY_LATER: /, ''),
  };
}

/**
 * Reports every line of an NDJSON stream and returns what happened, line by line counted. Lines
 * go through `report()` with at most `concurrency` in flight (reading waits for a free slot); a
 * line without `key` is keyed by the SHA-256 of its text; a key repeated in the input is reported
 * once (the repeats count as duplicate); bad lines are recorded with their number and never stop
 * the others. `signal` stops reading new lines; the ones in flight finish.
 *
 * @example
 * const summary = await reportLines(createReadStream('hires.ndjson'), { reporter, concurrency: 8 });
 */
export async function reportLines(input: NodeJS.ReadableStream, options: ReportLinesOptions): Promise<ReportSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const summary = emptySummary();
  // The first line of each eventId in this input, and when its report settles.
  const firstLine = new Map<string, { line: number; settled: Promise<unknown> }>();
  const progress = { read: 0, done: 0 };

  async function handle(text: string, line: number): Promise<void> {
    const parsed = parseLine(text);
    if ('blank' in parsed) {
      summary.blank++;
      return;
    }
    if ('problem' in parsed) {
      summary.rejected.push({ line, ...parsed.problem });
      return;
    }
    const { record, key } = parsed;
    const eventId = typeof key === 'string' && key !== '' ? await options.reporter.eventIdFor(key) : undefined;
    const first = eventId === undefined ? undefined : firstLine.get(eventId);
    if (first) {
      await first.settled;
      summary.duplicate++;
      return;
    }
    const reported = options.reporter.report({ ...record, key } as ReportInput);
    if (eventId !== undefined) firstLine.set(eventId, { line, settled: reported.catch(() => undefined) });
    try {
      const result = await reported;
      if (result.status === 'reported') summary.reported++;
      else summary.duplicate++;
      if (result.status === 'reported' && options.interrupted?.has(result.eventId)) summary.resent++;
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      const problem = problemOf(error, line);
      if (error.retryable) summary.retryLater.push(problem);
      else summary.rejected.push(problem);
    }
  }

  const running = new Set<Promise<void>>();
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    if (options.signal?.aborted) break;
    progress.read++;
    const task: Promise<void> = handle(text, progress.read).finally(() => {
      running.delete(task);
      progress.done++;
      options.onLine?.(progress.done, summary);
    });
    running.add(task);
    if (running.size >= options.concurrency) await Promise.race(running);
  }
  if (options.signal?.aborted) {
    lines.close();
    summary.stoppedBy = String(options.signal.reason ?? 'signal');
  }
  await Promise.all(running);
  summary.lines = progress.read;
  summary.ms = now() - started;
  return summary;
}
