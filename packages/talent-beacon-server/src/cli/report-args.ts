// `talent-beacon report`'s flags: the help text and what the flags mean.
import { parseArgs } from 'node:util';
import { ConfigError } from '@talent-beacon/core';
import type { ApiVersion } from '@talent-beacon/core';
import { DEFAULT_UPSTREAM } from '../proxy.js';
import type { PiiMode } from '../proxy.js';
import type { ReporterOptions } from '../reporter/create-reporter.js';
import { parseClusterSeeds } from './open-redis.js';

/**
 * The text of `talent-beacon report --help`.
 *
 * @example
 * console.log(REPORT_HELP);
 */
export const REPORT_HELP = `Usage: talent-beacon report FILE [options]      (FILE "-" reads standard input)

Reports back-office events (HIRED, INTERVIEW_GRANTED, SENT_CV, …) from an NDJSON file: each line
is one report() input, e.g.
  {"type":"HIRED","jobs":["projects/p/tenants/t/jobs/42"],"requestId":"…","parentEventId":"…","key":"hire-4711"}
Every line is reported once: the eventId is derived from "key" (a line without one is identified
by its exact text), and CTS's confirmation is recorded before a line counts as done, so a rerun,
also of a run that was killed, reports only what was not confirmed.

Where to report (as \`talent-beacon proxy\`):
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

const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 256;

// A flag's whole number, at least `min`; undefined when the flag is not given.
function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min)
    throw new ConfigError(
      'INVALID_OPTION',
      flag,
      `${flag} must be a whole number of at least ${min} (got ${JSON.stringify(value)})`,
    );
  return number;
}

/**
 * Reads the report command's flags. Reporter options are then checked by createReporter, which
 * names the option and the rule.
 *
 * @example
 * parseReportArgs(['hires.ndjson', '--project', 'acme', '--token', 'dev']);
 * // { help: false, file: 'hires.ndjson', concurrency: 8, progress: true, state: 'hires.ndjson.reported', options: { project: 'acme', token: 'dev' } }
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
    concurrency: DEFAULT_CONCURRENCY,
    progress: !values['no-progress'],
    options: { project: values.project ?? '' },
  };
  if (command.help) return command;
  if (positionals.length !== 1)
    throw new ConfigError(
      'MISSING_OPTION',
      'FILE',
      `give exactly one FILE (an NDJSON file, or - for standard input); got ${positionals.length}`,
    );
  if (values.project === undefined)
    throw new ConfigError('MISSING_OPTION', 'project', '--project is required (your Google Cloud project id)');
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
  const reporter = command.options;
  if (values.tenant !== undefined) reporter.tenant = values.tenant;
  if (values['api-version'] !== undefined) reporter.apiVersion = values['api-version'] as ApiVersion;
  if (values.upstream !== undefined) reporter.upstream = values.upstream;
  if (values.token !== undefined) reporter.token = values.token;
  if (values.pii !== undefined) reporter.pii = values.pii as PiiMode;
  const maxEventAgeMs = wholeNumber('--max-event-age', values['max-event-age'], 1000);
  const timeoutMs = wholeNumber('--timeout', values.timeout, 1);
  if (maxEventAgeMs !== undefined || timeoutMs !== undefined) reporter.limits = { maxEventAgeMs, timeoutMs };
  command.concurrency = wholeNumber('--concurrency', values.concurrency, 1) ?? DEFAULT_CONCURRENCY;
  if (command.concurrency > MAX_CONCURRENCY)
    throw new ConfigError(
      'INVALID_OPTION',
      '--concurrency',
      `--concurrency must be at most ${MAX_CONCURRENCY} (got ${command.concurrency})`,
    );
  if (values.redis !== undefined) command.redis = values.redis;
  else if (values['redis-cluster'] !== undefined) command.redisCluster = parseClusterSeeds(values['redis-cluster']);
  else command.state = values.state ?? (command.file === '-' ? 'stdin.reported' : `${command.file}.reported`);
  return command;
}
