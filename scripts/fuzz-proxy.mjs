#!/usr/bin/env node
// `npm run fuzz:proxy`: the long run of the proxy fuzzer (issue 12, item 2). Starts the emulator
// and the proxy CLIs from source as child processes on 127.0.0.1 (proxy -> emulator), sends
// --bodies generated bodies (fast-check, --seed) through the proxy over HTTP, checks every event
// the emulator stored with the fuzzer's own checker (test/proxy/fuzz/proxy-fuzz.ts), and prints
// bodies sent, answers by status, 5xx, hangs, invalid forwarded, and the RSS of both processes
// before and after. Exit code 1 when anything failed. Flags: --bodies N (10000) --seed N (12)
// --concurrency N (8) --timeout MS (30000: past the proxy's 25 s batch limit, a hang). Run it with
//   node --import ./test/support/ts-register.mjs scripts/fuzz-proxy.mjs
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    bodies: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '30000' },
  },
});
const { runProxyFuzz, FUZZ_ORIGIN, FUZZ_PROJECT } = await import(join(root, 'test/proxy/fuzz/proxy-fuzz.ts'));

/** Resident set size of a process in MB (Linux /proc). */
function rssMb(pid) {
  try {
    return (Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024).toFixed(1);
  } catch {
    return '?';
  }
}

const children = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM')));

const CLIS = {
  emulator: 'packages/talent-beacon-emulator/src/cli.ts',
  proxy: 'packages/talent-beacon-server/src/cli.ts',
};

/** Starts `talent-beacon-emulator <args>` or `talent-beacon-server proxy <args>` from source; resolves its child and the URL it prints. */
function start([command, ...rest], pattern) {
  const args = command === 'emulator' ? rest : [command, ...rest];
  const child = spawn(process.execPath, ['--import', './test/support/ts-register.mjs', CLIS[command], ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 30 s: ${out}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve({ child, url: m[1].replace(/\/$/, '') });
      }
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${out}`)));
  });
}

try {
  const emulator = await start(
    ['emulator', '--port', '0', '--host', '127.0.0.1', '--token', 'fuzz'],
    /listening at (http:\/\/\S+)/,
  );
  // Rate limits off: every body comes from 127.0.0.1, and the run is about what gets through.
  const proxy = await start(
    [
      'proxy',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--project',
      FUZZ_PROJECT,
      '--allow-origin',
      FUZZ_ORIGIN,
      '--upstream',
      emulator.url,
      '--token',
      'fuzz',
      '--rate-limit',
      '0',
      '--event-rate-limit',
      '0',
    ],
    /listening at (http:\/\/\S+)/,
  );
  const before = { proxy: rssMb(proxy.child.pid), emulator: rssMb(emulator.child.pid) };
  const bodies = Number(values.bodies);
  const report = await runProxyFuzz({
    proxyUrl: proxy.url,
    emulatorUrl: emulator.url,
    bodies,
    seed: Number(values.seed),
    concurrency: Number(values.concurrency),
    timeoutMs: Number(values.timeout),
    onChunk: (sent) => sent % 2000 === 0 && process.stderr.write(`  … ${sent} bodies\n`),
  });
  const after = { proxy: rssMb(proxy.child.pid), emulator: rssMb(emulator.child.pid) };
  const failed = report.fiveXX + report.hangs + report.invalidForwarded + report.upstreamRejected + report.unchecked;
  console.log(`proxy fuzz, seed ${values.seed}: ${report.bodies} bodies sent in ${(report.ms / 1000).toFixed(1)} s`);
  console.log(
    `  answers: ${Object.entries(report.statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
  );
  console.log(
    `  events: ${Object.entries(report.results)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  console.log(`  5xx ${report.fiveXX}, hangs ${report.hangs}`);
  console.log(
    `  invalid forwarded ${report.invalidForwarded + report.upstreamRejected} (stored events checked: ${report.checked}, of them invalid: ${report.invalidForwarded}; refused by the emulator: ${report.upstreamRejected}; not checked: ${report.unchecked})`,
  );
  console.log(
    `  RSS proxy ${before.proxy} MB before, ${after.proxy} MB after; emulator ${before.emulator} MB before, ${after.emulator} MB after`,
  );
  for (const line of report.examples) console.log(`  FAIL ${line}`);
  process.exitCode = failed > 0 ? 1 : 0;
} catch (error) {
  console.error(`fuzz:proxy: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 2;
} finally {
  children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
}
