// `talent-beacon-server report FILE`: the nightly-export way in. Each NDJSON line is one report() input;
// every line is reported once, with bounded concurrency, progress, a summary and an exit code.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError } from '@talent-beacon/core';
import type { ApiVersion } from '@talent-beacon/core';
import { DEFAULT_UPSTREAM } from '../proxy/create-proxy.js';
import { createRedisDedupe } from '../proxy/create-redis-dedupe.js';
import type { PiiMode } from '../proxy/pii-guard.js';
import type { DedupeStore } from '../proxy/proxy-types.js';
import { createFileDedupe } from '../reporter/create-file-dedupe.js';
import type { FileDedupe } from '../reporter/create-file-dedupe.js';
import { createReporter } from '../reporter/create-reporter.js';
import type { ReporterOptions, ReportInput } from '../reporter/create-reporter.js';
import { ReportError } from '../reporter/report-error.js';
import { openRedis, parseClusterSeeds, redisTargetOf } from './open-redis.js';
import type { RedisTarget } from './open-redis.js';

const help = `Usage: talent-beacon-server report FILE [options]      (FILE "-" reads standard input)

Reports back-office events (HIRED, INTERVIEW_GRANTED, SENT_CV, …) from an NDJSON file: each line
is one report() input, e.g.
  {"type":"HIRED","jobs":["projects/p/tenants/t/jobs/42"],"requestId":"…","parentEventId":"…","key":"hire-4711"}
Every line is reported once: the eventId is derived from "key" (a line without one is identified
by its exact text), and CTS's confirmation is recorded before a line counts as done, so a rerun,
also of a run that was killed, reports only what was not confirmed.

Where to report (as \`talent-beacon-server proxy\`):
  --project <id>          Google Cloud project (required)
  --tenant <id>           CTS tenant (required for v4; optional for v4beta1; not for v3)
  --api-version <v>       v3 (default) | v3p1beta1 | v4beta1 | v4
  --upstream <url>        API root (default ${DEFAULT_UPSTREAM}); the emulator's URL in development
  --token <t>             fixed access token (development); default: Application Default Credentials
  --redis <url>           remember confirmed events in Redis (across machines; needs ioredis);
                          default: the local state file below
  --redis-cluster <nodes> the same in a Redis Cluster: seed nodes, comma-separated, each
                          host:port or redis://[user:password@]host:port (rediss:// for TLS)
Options:
  --state <path>          the local state file (default FILE.reported; ./stdin.reported for "-")
  --concurrency <n>       events in flight at once (default 8)
  --pii <mode>            extraInfo values that look like an e-mail address, a phone number or a
                          card number: reject (default) | redact | off
  --max-event-age <ms>    oldest accepted createTime (default 259200000 = 3 days)
  --timeout <ms>          per upstream call (default 10000)
  --no-progress           no progress output (default: a bar on a terminal, lines otherwise)
  -h, --help              this help

Exit: 0 when every line was reported or was already; 1 when a line was rejected or must be
retried later (the summary lists them with line numbers); 2 for bad flags; 130 when interrupted.`;

/** What the report command's flags mean. */
export interface ReportCommand {
  help: boolean;
  file: string;
  state?: string;
  redis?: string;
  /** Seed nodes of `--redis-cluster` (instead of `redis`). */
  redisCluster?: ReturnType<typeof parseClusterSeeds>;
  concurrency: number;
  progress: boolean;
  options: ReporterOptions;
}

function int(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    throw new ConfigError('INVALID_OPTION', flag, `${flag} must be a whole number of at least ${min} (got ${JSON.stringify(value)})`);
  return n;
}

/**
 * Reads the report command's flags. Reporter options are then checked by createReporter, which
 * names the option and the rule.
 *
 * @example
 * parseReportArgs(['hires.ndjson', '--project', 'acme', '--token', 'dev']);
 * // { help: false, file: 'hires.ndjson', concurrency: 8, progress: true, options: { project: 'acme', token: 'dev' } }
 */
export function parseReportArgs(args: string[]): ReportCommand {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      tenant: { type: 'string' },
      'api-version': { type: 'string' },
      upstream: { type: 'string' },
      token: { type: 'string' },
      redis: { type: 'string' },
      'redis-cluster': { type: 'string' },
      state: { type: 'string' },
      concurrency: { type: 'string' },
      pii: { type: 'string' },
      'max-event-age': { type: 'string' },
      timeout: { type: 'string' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command: ReportCommand = {
    help: values.help === true,
    file: positionals[0] ?? '',
    concurrency: 8,
    progress: !values['no-progress'],
    options: { project: values.project ?? '' },
  };
  if (command.help) return command;
  if (positionals.length !== 1)
    throw new ConfigError('MISSING_OPTION', 'FILE', `give exactly one FILE (an NDJSON file, or - for standard input); got ${positionals.length}`);
  if (values.project === undefined) throw new ConfigError('MISSING_OPTION', 'project', '--project is required (your Google Cloud project id)');
  if (values.redis !== undefined && values['redis-cluster'] !== undefined)
    throw new ConfigError(
      'INVALID_OPTION',
      'redis-cluster',
      '--redis and --redis-cluster exclude each other: give one Redis server or the seed nodes of one cluster',
    );
  if ((values.redis !== undefined || values['redis-cluster'] !== undefined) && values.state !== undefined)
    throw new ConfigError(
      'INVALID_OPTION',
      'state',
      `--state and ${values.redis !== undefined ? '--redis' : '--redis-cluster'} exclude each other: confirmed events are remembered in one place`,
    );
  const o = command.options;
  if (values.tenant !== undefined) o.tenant = values.tenant;
  if (values['api-version'] !== undefined) o.apiVersion = values['api-version'] as ApiVersion;
  if (values.upstream !== undefined) o.upstream = values.upstream;
  if (values.token !== undefined) o.token = values.token;
  if (values.pii !== undefined) o.pii = values.pii as PiiMode;
  const maxEventAgeMs = int('--max-event-age', values['max-event-age'], 1000);
  const timeoutMs = int('--timeout', values.timeout, 1);
  if (maxEventAgeMs !== undefined || timeoutMs !== undefined) o.limits = { maxEventAgeMs, timeoutMs };
  command.concurrency = int('--concurrency', values.concurrency, 1) ?? 8;
  if (command.concurrency > 256) throw new ConfigError('INVALID_OPTION', '--concurrency', `--concurrency must be at most 256 (got ${command.concurrency})`);
  if (values.redis !== undefined) command.redis = values.redis;
  else if (values['redis-cluster'] !== undefined) command.redisCluster = parseClusterSeeds(values['redis-cluster']);
  else command.state = values.state ?? (command.file === '-' ? 'stdin.reported' : `${command.file}.reported`);
  return command;
}

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

async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** Progress output: a cli-progress bar on a terminal, a plain line every 2 s otherwise. */
async function createProgress(enabled: boolean, total: number | undefined, counts: () => Record<string, number>, started: number) {
  if (!enabled) return { update: (_done: number) => undefined, stop: () => undefined };
  const payload = () => {
    const c = counts();
    return { reported: c.reported, duplicate: c.duplicate, rejected: c.rejected, retry: c.retry };
  };
  const rate = (done: number) => done / Math.max(0.001, (Date.now() - started) / 1000);
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = await import('cli-progress');
    const format =
      total !== undefined
        ? '{bar} {percentage}% | {value}/{total} lines | {speed}/s | ETA {eta_formatted} | reported {reported} · duplicate {duplicate} · rejected {rejected} · retry {retry}'
        : '{value} lines | {speed}/s | reported {reported} · duplicate {duplicate} · rejected {rejected} · retry {retry}';
    const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, etaBuffer: 200, fps: 5, clearOnComplete: false }, Presets.shades_classic);
    bar.start(total ?? 0, 0, { speed: '0', ...payload() });
    return {
      update: (done: number) => bar.update(done, { speed: rate(done).toFixed(0), ...payload() }),
      stop: () => bar.stop(),
    };
  }
  let lastAt = 0;
  return {
    update: (done: number) => {
      const now = Date.now();
      if (now - lastAt < 2000 && done !== total) return;
      lastAt = now;
      const r = rate(done);
      const c = payload();
      const of =
        total !== undefined
          ? `/${total} lines (${Math.floor((done / Math.max(1, total)) * 100)}%), ETA ${seconds(((total - done) / Math.max(r, 0.001)) * 1000)}`
          : ' lines';
      process.stderr.write(
        `talent-beacon report: ${done}${of}, ${r.toFixed(0)} lines/s; reported ${c.reported}, duplicate ${c.duplicate}, rejected ${c.rejected}, retry ${c.retry}\n`,
      );
    },
    stop: () => undefined,
  };
}

async function redisStore(target: RedisTarget): Promise<{ dedupe: DedupeStore; close(): Promise<unknown> }> {
  const redis = await openRedis(target, 'talent-beacon-server report');
  // Commands are not queued while disconnected (REDIS_OPTIONS): wait for the connection first.
  try {
    await redis.ready(10_000);
  } catch (error) {
    await redis.close().catch(() => undefined);
    throw error;
  }
  // A nightly export may be rerun days later: confirmed events are remembered for 30 days.
  return { dedupe: createRedisDedupe({ client: redis.client, doneTtlMs: 30 * 86_400_000 }), close: redis.close };
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
export async function reportLines(
  input: NodeJS.ReadableStream,
  o: {
    reporter: ReturnType<typeof createReporter>;
    concurrency: number;
    interrupted?: ReadonlySet<string>;
    signal?: AbortSignal;
    onLine?: (done: number, summary: ReportSummary) => void;
  },
): Promise<ReportSummary> {
  const started = Date.now();
  const summary: ReportSummary = { lines: 0, reported: 0, duplicate: 0, rejected: [], retryLater: [], resent: 0, blank: 0, ms: 0 };
  const firstLine = new Map<string, { line: number; done: Promise<unknown> }>();
  let done = 0;
  const finish = () => o.onLine?.(++done, summary);

  async function handle(text: string, line: number): Promise<void> {
    const trimmed = text.trim();
    if (trimmed === '') {
      summary.blank++;
      return;
    }
    let input: unknown;
    try {
      input = JSON.parse(trimmed);
    } catch (error) {
      summary.rejected.push({ line, field: '', rule: 'json', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      summary.rejected.push({ line, field: '', rule: 'type', message: 'a line must be a JSON object: one report() input' });
      return;
    }
    const record = input as Record<string, unknown>;
    const key = record.key === undefined ? `line-sha256:${createHash('sha256').update(trimmed).digest('hex')}` : record.key;
    const eventId = typeof key === 'string' && key !== '' ? await o.reporter.eventIdFor(key) : undefined;
    if (eventId !== undefined) {
      const first = firstLine.get(eventId);
      if (first) {
        await first.done;
        summary.duplicate++;
        return;
      }
    }
    const reported = o.reporter.report({ ...record, key } as ReportInput);
    if (eventId !== undefined) firstLine.set(eventId, { line, done: reported.catch(() => undefined) });
    try {
      const result = await reported;
      if (result.status === 'reported') summary.reported++;
      else summary.duplicate++;
      if (o.interrupted?.has(result.eventId) && result.status === 'reported') summary.resent++;
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      const problem = {
        line,
        field: error.field,
        rule: error.issues[0]?.rule ?? error.code.toLowerCase(),
        message: error.issues.length > 0 ? error.issues.map((i) => i.message).join('; ') : error.message.replace(/^RETRY_LATER: /, ''),
      };
      if (error.retryable) summary.retryLater.push(problem);
      else summary.rejected.push(problem);
    }
  }

  const running = new Set<Promise<void>>();
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    if (o.signal?.aborted) break;
    line++;
    const task: Promise<void> = handle(text, line).finally(() => {
      running.delete(task);
      finish();
    });
    running.add(task);
    if (running.size >= o.concurrency) await Promise.race(running);
  }
  if (o.signal?.aborted) {
    lines.close();
    summary.stoppedBy = String(o.signal.reason ?? 'signal');
  }
  await Promise.all(running);
  summary.lines = line;
  summary.ms = Date.now() - started;
  return summary;
}

/**
 * The summary table and the problem lines, as printed at the end of a run.
 *
 * @example
 * console.log(formatSummary(summary, { file: 'hires.ndjson', state: 'hires.ndjson.reported' }));
 */
export function formatSummary(s: ReportSummary, where: { file: string; state?: string; redis?: boolean }, maxListed = 50): string {
  const rate = s.lines / Math.max(0.001, s.ms / 1000);
  const rows: Array<[string, number, string]> = [
    ['reported', s.reported, 'sent to CTS and confirmed'],
    ['duplicate', s.duplicate, 'confirmed before (an earlier run, another instance) or repeated in this input'],
    ['rejected', s.rejected.length, s.rejected.length ? 'fix these lines (below); they were not sent' : ''],
    ['retry-later', s.retryLater.length, s.retryLater.length ? 'not confirmed (below); run again later: nothing is reported twice' : ''],
  ];
  const out = [
    `talent-beacon report: ${where.file === '-' ? 'standard input' : where.file}: ${s.lines} lines in ${(s.ms / 1000).toFixed(1)} s (${rate.toFixed(0)} lines/s)${s.stoppedBy ? `; stopped by ${s.stoppedBy}: run again to report the rest` : ''}`,
    '',
  ];
  for (const [name, n, note] of rows) out.push(`  ${name.padEnd(12)} ${String(n).padStart(8)}   ${note}`);
  if (s.resent > 0)
    out.push(
      `  ${'resent'.padEnd(12)} ${String(s.resent).padStart(8)}   sent by an interrupted run without a recorded answer; CTS may hold two copies of these`,
    );
  if (s.blank > 0) out.push(`  ${'blank'.padEnd(12)} ${String(s.blank).padStart(8)}   empty lines, skipped`);
  const list = (title: string, problems: LineProblem[]) => {
    if (problems.length === 0) return;
    out.push('', `${title}:`);
    for (const p of [...problems].sort((a, b) => a.line - b.line).slice(0, maxListed))
      out.push(`  line ${p.line}: ${p.field ? `${p.field} ` : ''}[${p.rule}] ${p.message}`);
    if (problems.length > maxListed) out.push(`  … and ${problems.length - maxListed} more`);
  };
  list('Rejected', s.rejected);
  list('Retry later', s.retryLater);
  out.push('', `Confirmed events are remembered in ${where.redis ? 'Redis' : where.state}.`);
  return out.join('\n');
}

/**
 * Runs `talent-beacon-server report`: prints progress on stderr and the summary on stdout; sets the
 * exit code (0 all reported or duplicate, 1 something needs attention, 2 bad flags, 130 interrupted).
 *
 * @example
 * await run(['hires.ndjson', '--project', 'acme', '--tenant', 'main', '--api-version', 'v4']);
 */
export async function run(args: string[]): Promise<void> {
  let command: ReportCommand;
  let reporter: ReturnType<typeof createReporter>;
  try {
    command = parseReportArgs(args);
    if (command.help) {
      console.log(help);
      return;
    }
    // Checked before any store is opened: a bad flag changes nothing on disk or in Redis.
    reporter = createReporter(command.options);
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`talent-beacon report: ${error.message}\n\nRun \`talent-beacon-server report --help\` for the options.\n`);
    process.exitCode = 2;
    return;
  }
  const redisTarget = redisTargetOf(command);
  const store: { dedupe: DedupeStore; close(): Promise<unknown>; file?: FileDedupe } = redisTarget
    ? await redisStore(redisTarget)
    : await createFileDedupe({ path: command.state! }).then((file) => ({ dedupe: file, close: () => file.close(), file }));
  reporter = createReporter({ ...command.options, dedupe: store.dedupe });
  const controller = new AbortController();
  const stop = (signal: string) => controller.abort(signal);
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    const input = command.file === '-' ? process.stdin : createReadStream(command.file);
    const total = command.file === '-' ? undefined : await countLines(command.file);
    let current: ReportSummary | undefined;
    const counts = () => ({
      reported: current?.reported ?? 0,
      duplicate: current?.duplicate ?? 0,
      rejected: current?.rejected.length ?? 0,
      retry: current?.retryLater.length ?? 0,
    });
    const progress = await createProgress(command.progress, total, counts, Date.now());
    const summary = await reportLines(input, {
      reporter,
      concurrency: command.concurrency,
      ...(store.file ? { interrupted: store.file.interrupted } : {}),
      signal: controller.signal,
      onLine: (done, s) => {
        current = s;
        progress.update(done);
      },
    });
    progress.stop();
    console.log(formatSummary(summary, { file: command.file, ...(command.state ? { state: command.state } : {}), redis: redisTarget !== undefined }));
    process.exitCode = summary.stoppedBy ? 130 : summary.rejected.length + summary.retryLater.length > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await store.close();
  }
}
