#!/usr/bin/env node
// `npm run fuzz:emulator`: the long run of the emulator fuzzer (issue 12, item 2). Starts the
// emulator CLI from source as a child process on 127.0.0.1, sends it --requests generated
// requests (fast-check, --seed) over HTTP, and prints requests sent, answers by status, 5xx
// (injected by the fuzzer's own fault settings vs. unexplained), hangs, malformed error bodies,
// the emulator's RSS before and after, and how long GET /_emulator/events then takes.
// Exit code 1 when anything failed. Flags: --requests N (10000) --seed N (12) --concurrency N (8)
// --timeout MS (5000, a request unanswered after it is a hang). Run it with
//   node --import ./test/support/ts-register.mjs scripts/fuzz-emulator.mjs
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '5000' },
  },
});
const count = Number(values.requests);
const seed = Number(values.seed);
const { generateRequests, runFuzz } = await import(join(root, 'test/emulator/fuzz/emulator-fuzz.ts'));

/** Resident set size of a process in MB (Linux /proc; else `ps`). */
function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return (kb / 1024).toFixed(1);
  } catch {
    return '?';
  }
}

const child = spawn(
  process.execPath,
  [
    '--import',
    './test/support/ts-register.mjs',
    'packages/talent-beacon-emulator/src/cli.ts',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
  ],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const stop = () => child.exitCode === null && child.kill('SIGTERM');
process.on('exit', stop);
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start within 30 s: ${out}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${out}`)));
  });
  await fetch(`${url}/_emulator/events`); // warm up
  const before = rssMb(child.pid);
  const requests = generateRequests(seed, count);
  const started = Date.now();
  const stats = await runFuzz(url, requests, {
    concurrency: Number(values.concurrency),
    timeoutMs: Number(values.timeout),
  });
  const seconds = (Date.now() - started) / 1000;
  const after = rssMb(child.pid);
  const t0 = Date.now();
  const report = await (await fetch(`${url}/_emulator/events`)).text();
  const eventsMs = Date.now() - t0;
  const log = JSON.parse(report).log;
  const failed = stats.unexpected5xx + stats.hangs + stats.badBodies + stats.networkErrors;
  console.log(
    `emulator fuzz, seed ${seed}: ${stats.sent} requests in ${seconds.toFixed(1)} s (${(stats.sent / seconds).toFixed(0)}/s)`,
  );
  console.log(
    `  by status: ${Object.entries(stats.byStatus)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  5xx: ${stats.injected5xx + stats.unexpected5xx} (injected by the fuzzer's faults: ${stats.injected5xx}, unexplained: ${stats.unexpected5xx})`,
  );
  console.log(
    `  hangs: ${stats.hangs}, network errors: ${stats.networkErrors}, errors without a google.rpc.Status body: ${stats.badBodies}`,
  );
  console.log(`  emulator RSS: ${before} MB before, ${after} MB after`);
  console.log(
    `  event log: ${log.retained} kept, ${log.dropped} dropped, ${(log.bytes / 1048576).toFixed(1)} MiB; GET /_emulator/events ${eventsMs} ms (${(report.length / 1048576).toFixed(1)} MB)`,
  );
  for (const f of stats.failures) console.log(`  FAIL ${f}`);
  process.exitCode = failed > 0 ? 1 : 0;
} catch (error) {
  console.error(`fuzz:emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  stop();
}
