// The Worker example, installed from the packed tarball, with no nodejs_compat: wrangler bundles
// it (the size is printed for the README), and under `wrangler dev` (workerd from the registry
// package, offline: no login, no telemetry, 127.0.0.1 only) it proxies to the real emulator.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createEmulator } from 'talent-beacon-emulator';
import { checkProxy, ORIGIN, PROJECT, RATE_LIMIT } from '../_support/check-proxy.mjs';
import { freePort } from '../_support/run-server.mjs';

const wrangler = join(import.meta.dirname, 'node_modules', '.bin', 'wrangler');
const scratch = mkdtempSync(join(tmpdir(), 'talent-beacon-worker-'));
// Offline and quiet: no metrics, no update or login prompts, config and logs in a temp dir.
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CI: 'true',
  XDG_CONFIG_HOME: scratch,
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
const emulator = createEmulator();
let dev;

before(() => emulator.listen(0, '127.0.0.1'));

after(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    process.kill(-dev.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-dev.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('wrangler.jsonc has no nodejs_compat', () => {
  assert.doesNotMatch(
    readFileSync(join(import.meta.dirname, 'wrangler.jsonc'), 'utf8'),
    /"compatibility_flags"|nodejs_compat/,
  );
});

test('wrangler bundles it without Node built-ins or google-auth-library', () => {
  const outdir = join(scratch, 'bundle');
  const result = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: import.meta.dirname,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  const bundle = readFileSync(join(outdir, 'index.js'));
  const text = bundle.toString('utf8');
  assert.doesNotMatch(text, /from\s*["']node:|require\(["']node:/);
  assert.doesNotMatch(text, /class GoogleAuth\b/);
  const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
  console.log(
    `worker bundle: ${kib(bundle.length)} raw, ${kib(gzipSync(bundle, { level: 9 }).length)} gzip (wrangler: ${/Total Upload: .*/.exec(result.stdout)?.[0]})`,
  );
});

test('under wrangler dev: accepted, duplicate, preflight, 403, stored once, rate limit per cf-connecting-ip', async () => {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const vars = {
    CTS_PROJECT: PROJECT,
    ALLOWED_ORIGINS: ORIGIN,
    CTS_TOKEN: 'dev',
    CTS_UPSTREAM: emulator.url,
    RATE_LIMIT: String(RATE_LIMIT),
  };
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
  ];
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`);
  let output = '';
  dev = spawn(wrangler, args, { cwd: import.meta.dirname, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  dev.stdout.on('data', (c) => (output += c));
  dev.stderr.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}/cts/events`;
  // Ready when the Worker answers (bounded: 90 s for workerd's first start on a busy machine).
  const deadline = Date.now() + 90_000;
  for (;;) {
    assert.equal(dev.exitCode, null, `wrangler dev exited:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 404,
      () => false,
    );
    if (ready) break;
    assert.ok(Date.now() < deadline, `wrangler dev did not answer within 90 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await checkProxy({ url, emulator, clientHeaders: (ip) => ({ 'cf-connecting-ip': ip }) });
  assert.doesNotMatch(output, /nodejs_compat|Could not resolve/);
});
