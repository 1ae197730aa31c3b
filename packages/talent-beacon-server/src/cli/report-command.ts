// `talent-beacon report FILE`: the nightly-export way in. Each NDJSON line is one report() input;
// every line is reported once, with bounded concurrency, progress, a summary and an exit code.
// The parts: report-args (flags), report-store (where confirmed events are remembered),
// report-input (the lines), report-progress, report-lines (the run), report-summary.
import { ConfigError } from '@talent-beacon/core';
import { createReporter } from '../reporter/create-reporter.js';
import type { Reporter } from '../reporter/create-reporter.js';
import type { ReportCommand } from './report-args.js';
import { parseReportArgs, REPORT_HELP } from './report-args.js';
import { openReportInput } from './report-input.js';
import { reportLines } from './report-lines.js';
import { createProgress } from './report-progress.js';
import { openReportStore } from './report-store.js';
import { exitCodeOf, formatSummary } from './report-summary.js';

const USAGE_ERROR = 2;

// The flags, and a reporter built from them before any store is opened: a bad flag changes
// nothing on disk or in Redis. Undefined when the run ends here (help, or a bad flag).
function prepare(args: string[]): ReportCommand | undefined {
  try {
    const command = parseReportArgs(args);
    if (command.help) {
      console.log(REPORT_HELP);
      return undefined;
    }
    createReporter(command.options);
    return command;
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(
      `talent-beacon report: ${error.message}\n\nRun \`talent-beacon report --help\` for the options.\n`,
    );
    process.exitCode = USAGE_ERROR;
    return undefined;
  }
}

// Aborts at SIGINT or SIGTERM (the lines in flight finish); `off` stops listening.
function stopOnSignals(): { signal: AbortSignal; off(): void } {
  const controller = new AbortController();
  const onInt = () => controller.abort('SIGINT');
  const onTerm = () => controller.abort('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    off: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * Runs `talent-beacon report`: prints progress on stderr and the summary on stdout; sets the
 * exit code (0 all reported or duplicate, 1 something needs attention, 2 bad flags, 130 interrupted).
 *
 * @example
 * await run(['hires.ndjson', '--project', 'acme', '--tenant', 'main', '--api-version', 'v4']);
 */
export async function run(args: string[]): Promise<void> {
  const command = prepare(args);
  if (!command) return;
  const store = await openReportStore(command);
  const reporter: Reporter = createReporter({ ...command.options, dedupe: store.dedupe });
  const stop = stopOnSignals();
  try {
    const source = await openReportInput(command.file);
    const progress = await createProgress(command.progress, source.total);
    const summary = await reportLines(source.stream, {
      reporter,
      concurrency: command.concurrency,
      ...(store.interrupted && { interrupted: store.interrupted }),
      signal: stop.signal,
      onLine: (done, sofar) => progress.update(done, sofar),
    });
    progress.stop();
    console.log(
      formatSummary(summary, {
        file: command.file,
        ...(command.state !== undefined && { state: command.state }),
        redis: store.redis,
      }),
    );
    process.exitCode = exitCodeOf(summary);
  } finally {
    stop.off();
    await store.close();
  }
}
