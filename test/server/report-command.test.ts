// `talent-beacon report`: line handling in process, then the CLI as a real child process against
// the emulator over HTTP on 127.0.0.1: 10,000 lines once, a rerun reports 0, a run SIGKILLed
// half-way and rerun ends with each line in the emulator (once where CTS drops repeats).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { createFileDedupe, createReporter } from '../../packages/talent-beacon-server/src/index.js';
import { parseReportArgs } from '../../packages/talent-beacon-server/src/cli/report-args.js';
import { reportLines } from '../../packages/talent-beacon-server/src/cli/report-lines.js';
import { formatSummary } from '../../packages/talent-beacon-server/src/cli/report-summary.js';
import { stubFetch } from '../proxy/helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const register = pathToFileURL(fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'tb-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TYPES = ['HIRED', 'INTERVIEW_GRANTED', 'SENT_CV', 'APPLICATION_COMPANY_SUBMIT', 'NOTIFICATION'];
function ndjson(n: number, prefix: string): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += `${JSON.stringify({ type: TYPES[i % TYPES.length], jobs: [`projects/acme/jobs/${i % 97}`], requestId: `req-${i % 500}`, parentEventId: `finish-${i}`, key: `${prefix}-${i}` })}\n`;
  return out;
}

describe('reportLines', () => {
  it('counts reported, duplicate, rejected (line numbers, reasons, never the PII value) and retry-later; bad lines never stop the others', async () => {
    const stub = stubFetch([{ status: 503 }, { status: 503 }]);
    const reporter = createReporter({
      project: 'acme',
      token: 't',
      fetch: stub.fetch,
      sleep: () => Promise.resolve(),
      retry: { retries: 1 },
    });
    const text = [
      JSON.stringify({ type: 'HIRED', jobs: ['projects/acme/jobs/1'], requestId: 'r', key: 'retry-me' }), // 503, 503: retry later
      '{not json',
      '',
      JSON.stringify({ type: 'HIRED', jobs: ['projects/acme/jobs/1'], requestId: 'r', key: 'a' }),
      JSON.stringify({ type: 'HIRED', jobs: ['projects/acme/jobs/1'], requestId: 'r', key: 'a' }), // repeats line 4
      JSON.stringify({ type: 'HIRED', jobs: ['projects/other/jobs/1'], requestId: 'r', key: 'b' }),
      JSON.stringify({
        type: 'SENT_CV',
        jobs: ['projects/acme/jobs/2'],
        requestId: 'r',
        extraInfo: { who: 'alex@example.com' },
      }),
      JSON.stringify({ type: 'SENT_CV', jobs: ['projects/acme/jobs/2'], requestId: 'r' }), // no key: keyed by its text
      JSON.stringify({ type: 'SENT_CV', jobs: ['projects/acme/jobs/2'], requestId: 'r' }), // the same text: the same fact
      '[1]',
    ].join('\n');
    const s = await reportLines(Readable.from([text]), { reporter, concurrency: 1 });
    expect({ lines: s.lines, reported: s.reported, duplicate: s.duplicate, blank: s.blank }).toEqual({
      lines: 10,
      reported: 2,
      duplicate: 2,
      blank: 1,
    });
    expect(s.rejected.map((p) => [p.line, p.field, p.rule])).toEqual([
      [2, '', 'json'],
      [6, 'jobs[0]', 'project'],
      [7, 'extraInfo.who', 'pii-email'],
      [10, '', 'type'],
    ]);
    expect(s.retryLater.map((p) => p.line)).toEqual([1]);
    const table = formatSummary(s, { file: 'x.ndjson', state: 'x.ndjson.reported' });
    expect(table).toMatch(/reported\s+2/);
    expect(table).toMatch(/line 7: extraInfo.who \[pii-email\]/);
    expect(table).not.toContain('alex@');
  });

  it('the file store: confirmed ids are not sent again by a later run; ids sent without a recorded answer are', async () => {
    const path = join(dir, 'unit.reported');
    writeFileSync(path, '> kOld\n= kOld\n> kLost\n> kTorn'); // kTorn: no newline, as if cut mid-write
    const store = await createFileDedupe({ path });
    expect([...store.interrupted]).toEqual(['kLost']);
    expect(await store.claim('kOld')).toBe('done');
    expect(await store.claim('kLost')).toBe('claimed');
    await expect(createFileDedupe({ path })).rejects.toThrow(/in use by another run \(pid \d+/);
    await store.complete('kLost');
    await store.close();
    expect(readFileSync(path, 'utf8')).toBe('> kOld\n= kOld\n> kLost\n> kTorn\n> kLost\n= kLost\n');
    const again = await createFileDedupe({ path }); // the lock was freed
    expect([...again.interrupted]).toEqual(['kTorn']);
    await again.close();
  });

  it('flags: --project required, --state and --redis exclusive, default state beside the file', () => {
    expect(() => parseReportArgs(['f.ndjson'])).toThrow(/--project is required/);
    expect(() => parseReportArgs(['f.ndjson', '--project', 'p', '--redis', 'redis://x', '--state', 's'])).toThrow(
      /exclude each other/,
    );
    expect(parseReportArgs(['f.ndjson', '--project', 'p']).state).toBe('f.ndjson.reported');
    expect(parseReportArgs(['-', '--project', 'p']).state).toBe('stdin.reported');
  });
  it('flags: --redis-cluster takes seed nodes instead of a state file, and excludes --redis and --state', () => {
    const parsed = parseReportArgs(['f.ndjson', '--project', 'p', '--redis-cluster', '127.0.0.1:7000,127.0.0.1:7001']);
    expect(parsed.redisCluster).toEqual({
      nodes: [
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ],
      tls: false,
    });
    expect(parsed.state).toBeUndefined();
    expect(() => parseReportArgs(['f.ndjson', '--project', 'p', '--redis-cluster', 'a:1', '--state', 's'])).toThrow(
      /--state and --redis-cluster exclude each other/,
    );
    expect(() =>
      parseReportArgs(['f.ndjson', '--project', 'p', '--redis-cluster', 'a:1', '--redis', 'redis://x']),
    ).toThrow(/--redis and --redis-cluster exclude/);
    expect(() => parseReportArgs(['f.ndjson', '--project', 'p', '--redis-cluster', 'a:0'])).toThrow(
      /seed node 1 must be host:port/,
    );
  });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], killWhen?: () => boolean): Promise<Run> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', register, 'packages/talent-beacon-server/src/cli.ts', 'report', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let poll: ReturnType<typeof setInterval> | undefined;
  if (killWhen) poll = setInterval(() => killWhen() && child.kill('SIGKILL'), 25);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function count(line: string, out: string): number {
  return Number(new RegExp(`^\\s+${line}\\s+(\\d+)`, 'm').exec(out)?.[1] ?? NaN);
}

describe('talent-beacon report, 10,000 lines, against the emulator', () => {
  let emulator: Emulator;
  let url: string;
  beforeAll(async () => {
    emulator = createEmulator({ token: 'dev', maxEvents: 100_000, maxEventBytes: 256 * 1024 * 1024 });
    url = await emulator.listen(0, '127.0.0.1');
  });
  afterAll(() => emulator.close());
  const flags = () => ['--project', 'acme', '--upstream', url, '--token', 'dev', '--concurrency', '16'];
  const stored = (prefix: string, keys: Map<string, string>) =>
    emulator.clientEvents().filter((e) => keys.has(String(e.event.eventId))).length;

  async function keysOf(prefix: string): Promise<Map<string, string>> {
    const reporter = createReporter({ project: 'acme', token: 'x' });
    const ids = new Map<string, string>();
    for (let i = 0; i < 10_000; i++) ids.set((await reporter.eventIdFor(`${prefix}-${i}`))!, `${prefix}-${i}`);
    return ids;
  }
  function perId(keys: Map<string, string>): Map<string, number> {
    const n = new Map<string, number>();
    for (const e of emulator.clientEvents())
      if (keys.has(String(e.event.eventId))) n.set(String(e.event.eventId), (n.get(String(e.event.eventId)) ?? 0) + 1);
    return n;
  }

  it('reports each line once; a second run reports 0', async () => {
    const file = join(dir, 'full.ndjson');
    writeFileSync(file, ndjson(10_000, 'full'));
    const keys = await keysOf('full');
    const first = await cli([file, ...flags()]);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(count('reported', first.stdout)).toBe(10_000);
    const n = perId(keys);
    expect(n.size).toBe(10_000);
    expect([...n.values()].every((c) => c === 1)).toBe(true);
    // the parent and requestId arrive as written (v3)
    const one = emulator.clientEvents().find((e) => e.event.eventId === [...keys.keys()][7]);
    expect(one?.event).toMatchObject({ requestId: 'req-7', parentEventId: 'finish-7', jobEvent: { type: 'SENT_CV' } });

    const second = await cli([file, ...flags()]);
    expect(second.code, second.stderr).toBe(0);
    expect(count('reported', second.stdout)).toBe(0);
    expect(count('duplicate', second.stdout)).toBe(10_000);
    expect(stored('full', keys)).toBe(10_000);
    console.log(
      `10,000 lines: first run ${first.ms} ms wall (${first.stdout.split('\n')[0]}); second run ${second.ms} ms wall, reported 0`,
    );
  }, 600_000);

  for (const mode of ['accept', 'reject'] as const) {
    it(`a run SIGKILLed half-way, then rerun: every line reaches the emulator${mode === 'reject' ? ' exactly once (it answers repeats 409, as a CTS that drops repeated eventIds would)' : '; repeats only of the lines in flight at the kill'}`, async () => {
      emulator.reset();
      emulator.setFaults({});
      const emu =
        mode === 'reject'
          ? createEmulator({
              token: 'dev',
              maxEvents: 100_000,
              maxEventBytes: 256 * 1024 * 1024,
              duplicateEventIds: 'reject',
            })
          : emulator;
      const target = mode === 'reject' ? await emu.listen(0, '127.0.0.1') : url;
      try {
        const prefix = `kill-${mode}`;
        const file = join(dir, `${prefix}.ndjson`);
        writeFileSync(file, ndjson(10_000, prefix));
        const keys = await keysOf(prefix);
        const args = [file, '--project', 'acme', '--upstream', target, '--token', 'dev', '--concurrency', '16'];
        let seen = 0;
        const killed = await cli(args, () => (seen = emu.clientEvents().length) >= 5_000);
        expect(killed.signal).toBe('SIGKILL');
        const atKill = emu.clientEvents().length;
        const rerun = await cli(args);
        expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
        const n = new Map<string, number>();
        for (const e of emu.clientEvents()) n.set(String(e.event.eventId), (n.get(String(e.event.eventId)) ?? 0) + 1);
        expect([...keys.keys()].filter((id) => !n.has(id))).toEqual([]); // nothing lost
        const repeats = [...n.values()].reduce((a, c) => a + c - 1, 0);
        const resent = count('resent', rerun.stdout) || 0;
        if (mode === 'reject') expect(repeats).toBe(0);
        else expect(repeats).toBeLessThanOrEqual(Math.max(resent, 0));
        expect(resent).toBeLessThanOrEqual(16); // at most the lines in flight at the kill
        expect(count('reported', rerun.stdout) + count('duplicate', rerun.stdout)).toBe(10_000);
        console.log(
          `kill (${mode}): killed after ${killed.ms} ms with ${atKill} stored (${seen} seen); rerun ${rerun.ms} ms: reported ${count('reported', rerun.stdout)}, duplicate ${count('duplicate', rerun.stdout)}, resent ${resent}; in the emulator ${n.size} distinct eventIds, ${repeats} repeats`,
        );
      } finally {
        if (mode === 'reject') await emu.close();
      }
    }, 600_000);
  }
});
