// The parts of `talent-beacon report`, each on its own: the summary and exit code, the progress
// output, the input's line count, one line's parsing, and the local state store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError, RetryReason } from '../../packages/talent-beacon-server/src/index.js';
import { countLines, openReportInput } from '../../packages/talent-beacon-server/src/cli/report-input.js';
import { parseLine, problemOf } from '../../packages/talent-beacon-server/src/cli/report-lines.js';
import {
  createProgress,
  formatDuration,
  progressLine,
} from '../../packages/talent-beacon-server/src/cli/report-progress.js';
import { openReportStore } from '../../packages/talent-beacon-server/src/cli/report-store.js';
import { emptySummary, exitCodeOf, formatSummary } from '../../packages/talent-beacon-server/src/cli/report-summary.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-report-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report-summary', () => {
  it('exit code: 0 when all is reported, 1 with a rejected or retry-later line, 130 when stopped', () => {
    const summary = emptySummary();
    expect(exitCodeOf(summary)).toBe(0);
    expect(exitCodeOf({ ...summary, retryLater: [{ line: 1, field: '', rule: 'timeout', message: 'm' }] })).toBe(1);
    expect(exitCodeOf({ ...summary, rejected: [{ line: 1, field: 'type', rule: 'enum', message: 'm' }] })).toBe(1);
    expect(exitCodeOf({ ...summary, stoppedBy: 'SIGINT' })).toBe(130);
  });

  it('lists problems by line number, at most maxListed, and shows resent and blank rows only when there are some', () => {
    const problems = [5, 2, 9].map((line) => ({ line, field: 'jobs[0]', rule: 'project', message: `bad ${line}` }));
    const table = formatSummary(
      { ...emptySummary(), lines: 12, rejected: problems, ms: 2000 },
      { file: 'x.ndjson', state: 'x.ndjson.reported' },
      2,
    );
    expect(table).toContain('x.ndjson: 12 lines in 2.0 s (6 lines/s)');
    expect(table).toMatch(
      /line 2: jobs\[0\] \[project\] bad 2\n {2}line 5: jobs\[0\] \[project\] bad 5\n {2}… and 1 more/,
    );
    expect(table).not.toMatch(/resent|blank/);
    expect(table).toMatch(/Confirmed events are remembered in x\.ndjson\.reported\.$/);
    const more = formatSummary(
      { ...emptySummary(), resent: 3, blank: 1, stoppedBy: 'SIGTERM' },
      { file: '-', redis: true },
    );
    expect(more).toMatch(/standard input: .*stopped by SIGTERM: run again/);
    expect(more).toMatch(/^\s+resent\s+3\s/m);
    expect(more).toMatch(/^\s+blank\s+1\s/m);
    expect(more).toMatch(/remembered in Redis\.$/);
  });
});

describe('report-progress', () => {
  it('formats durations and the plain progress line', () => {
    expect([
      formatDuration(42_000),
      formatDuration(187_000),
      formatDuration(7_500_000),
      formatDuration(Infinity),
    ]).toEqual(['42s', '3m07s', '2h05m', '?']);
    const counts = { reported: 490, duplicate: 10, rejected: 0, retry: 0 };
    expect(progressLine({ done: 500, total: 1000, elapsedMs: 10_000, counts })).toBe(
      'talent-beacon report: 500/1000 lines (50%), ETA 10s, 50 lines/s; reported 490, duplicate 10, rejected 0, retry 0',
    );
    expect(progressLine({ done: 5, total: undefined, elapsedMs: 1000, counts })).toMatch(
      /^talent-beacon report: 5 lines, 5 lines\/s;/,
    );
  });

  it('off a terminal: a line at most every 2 s of its clock, and one at the last line; nothing when disabled', async () => {
    const written: string[] = [];
    const stream = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    stream.write = (text: string) => written.push(text) > 0;
    const clock = { at: 0 };
    const progress = await createProgress(true, 3, { stream, now: () => clock.at });
    const summary = emptySummary();
    clock.at = 2500;
    progress.update(1, { ...summary, reported: 1 }); // 2.5 s after the last line (none yet): shown
    clock.at = 3000;
    progress.update(2, { ...summary, reported: 2 }); // 0.5 s later: not shown
    progress.update(3, { ...summary, reported: 3 }); // the last line: shown
    expect(written.map((line) => line.split(';')[0])).toEqual([
      'talent-beacon report: 1/3 lines (33%), ETA 5s, 0 lines/s',
      'talent-beacon report: 3/3 lines (100%), ETA 0s, 1 lines/s',
    ]);
    const off = await createProgress(false, 3, { stream });
    off.update(3, summary);
    expect(written).toHaveLength(2);
  });
});

describe('report-input', () => {
  it('counts lines as they are read: a last line without a newline counts', async () => {
    const withNewline = join(dir, 'a.ndjson');
    const without = join(dir, 'b.ndjson');
    writeFileSync(withNewline, '{}\n{}\n\n');
    writeFileSync(without, '{}\n{}');
    expect([await countLines(withNewline), await countLines(without)]).toEqual([3, 2]);
    const file = await openReportInput(withNewline);
    expect(file.total).toBe(3);
    file.stream.resume();
    const stdin = new PassThrough();
    expect(await openReportInput('-', stdin)).toEqual({ stream: stdin, total: undefined });
  });
});

describe('report-lines: one line', () => {
  it('blank, not JSON, not an object, or an input keyed by its key or by the hash of its text', () => {
    expect(parseLine('   ')).toEqual({ blank: true });
    expect(parseLine('{x')).toMatchObject({ problem: { field: '', rule: 'json' } });
    expect(parseLine('[1]')).toMatchObject({ problem: { rule: 'type' } });
    expect(parseLine('{"type":"HIRED","key":"k1"}')).toEqual({ record: { type: 'HIRED', key: 'k1' }, key: 'k1' });
    const hashed = parseLine(' {"type":"HIRED"} ');
    expect(hashed).toMatchObject({ key: expect.stringMatching(/^line-sha256:[0-9a-f]{64}$/) });
    expect(parseLine('{"type":"HIRED"}')).toEqual(hashed);
  });

  it('a retry-later line names the retry reason code as its rule; a rejected one its first issue', () => {
    const later = new ReportError('RETRY_LATER', [], 'k1', 'upstream timeout after 10000 ms', RetryReason.timeout);
    expect(problemOf(later, 4)).toEqual({
      line: 4,
      field: '',
      rule: 'timeout',
      message: 'upstream timeout after 10000 ms',
    });
    const rejected = new ReportError(
      'INVALID_INPUT',
      [{ field: 'jobs[0]', rule: 'project', message: 'jobs[0] must name a job of this project' }],
      null,
    );
    expect(problemOf(rejected, 2)).toEqual({
      line: 2,
      field: 'jobs[0]',
      rule: 'project',
      message: 'jobs[0] must name a job of this project',
    });
  });
});

describe('report-store', () => {
  it('the state file: knows the ids an interrupted run left unanswered, and is not Redis', async () => {
    const state = join(dir, 'run.reported');
    writeFileSync(state, '> kDone\n= kDone\n> kLost\n');
    const store = await openReportStore({ file: 'run.ndjson', state });
    try {
      expect(store.redis).toBe(false);
      expect([...(store.interrupted ?? [])]).toEqual(['kLost']);
      expect(await store.dedupe.claim('kDone')).toBe('done');
    } finally {
      await store.close();
    }
  });
});
