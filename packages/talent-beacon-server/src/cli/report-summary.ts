// `talent-beacon report`'s summary: what a run did, line by line counted, as a table and an exit code.

/** One line that needs attention, for the summary. */
export interface LineProblem {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** What a run did, line by line counted. */
export interface ReportSummary {
  lines: number;
  reported: number;
  duplicate: number;
  rejected: LineProblem[];
  retryLater: LineProblem[];
  /** Lines an earlier, interrupted run had sent without a recorded answer, sent again. */
  resent: number;
  blank: number;
  ms: number;
  /** Set when the run was stopped by a signal before the end of the input. */
  stoppedBy?: string;
}

/** Where confirmed events are remembered, as the summary names it. */
export interface SummaryPlace {
  file: string;
  state?: string;
  redis?: boolean;
}

/**
 * An empty summary, for a run to fill in.
 *
 * @example
 * const summary = emptySummary(); // { lines: 0, reported: 0, …, rejected: [], retryLater: [] }
 */
export function emptySummary(): ReportSummary {
  return { lines: 0, reported: 0, duplicate: 0, rejected: [], retryLater: [], resent: 0, blank: 0, ms: 0 };
}

/**
 * The command's exit code for a run: 130 when a signal stopped it, 1 when a line was rejected
 * or must be retried later, else 0.
 *
 * @example
 * process.exitCode = exitCodeOf(summary);
 */
export function exitCodeOf(summary: ReportSummary): number {
  if (summary.stoppedBy) return 130;
  return summary.rejected.length + summary.retryLater.length > 0 ? 1 : 0;
}

const row = (name: string, count: number, note: string) =>
  `  ${name.padEnd(12)} ${String(count).padStart(8)}   ${note}`;

function problemList(title: string, problems: LineProblem[], maxListed: number): string[] {
  if (problems.length === 0) return [];
  const lines = ['', `${title}:`];
  const byLine = [...problems].sort((first, second) => first.line - second.line);
  for (const problem of byLine.slice(0, maxListed))
    lines.push(
      `  line ${problem.line}: ${problem.field ? `${problem.field} ` : ''}[${problem.rule}] ${problem.message}`,
    );
  if (problems.length > maxListed) lines.push(`  … and ${problems.length - maxListed} more`);
  return lines;
}

/**
 * The summary table and the problem lines, as printed at the end of a run.
 *
 * @example
 * console.log(formatSummary(summary, { file: 'hires.ndjson', state: 'hires.ndjson.reported' }));
 */
export function formatSummary(summary: ReportSummary, where: SummaryPlace, maxListed = 50): string {
  const rate = summary.lines / Math.max(0.001, summary.ms / 1000);
  const source = where.file === '-' ? 'standard input' : where.file;
  const stopped = summary.stoppedBy ? `; stopped by ${summary.stoppedBy}: run again to report the rest` : '';
  const out = [
    `talent-beacon report: ${source}: ${summary.lines} lines in ${(summary.ms / 1000).toFixed(1)} s (${rate.toFixed(0)} lines/s)${stopped}`,
    '',
  ];
  const { rejected, retryLater } = summary;
  out.push(
    row('reported', summary.reported, 'sent to CTS and confirmed'),
    row(
      'duplicate',
      summary.duplicate,
      'confirmed before (an earlier run, another instance) or repeated in this input',
    ),
    row('rejected', rejected.length, rejected.length ? 'fix these lines (below); they were not sent' : ''),
    row(
      'retry-later',
      retryLater.length,
      retryLater.length ? 'not confirmed (below); run again later: nothing is reported twice' : '',
    ),
  );
  if (summary.resent > 0)
    out.push(
      row(
        'resent',
        summary.resent,
        'sent by an interrupted run without a recorded answer; CTS may hold two copies of these',
      ),
    );
  if (summary.blank > 0) out.push(row('blank', summary.blank, 'empty lines, skipped'));
  out.push(...problemList('Rejected', rejected, maxListed), ...problemList('Retry later', retryLater, maxListed));
  out.push('', `Confirmed events are remembered in ${where.redis ? 'Redis' : where.state}.`);
  return out.join('\n');
}
