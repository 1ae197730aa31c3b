#!/usr/bin/env node
// npm run test:examples [-- name ...] [--keep] [--no-build]
//
// Tests every example the way a user installs talent-beacon: build, `npm pack` each published
// package once (talent-beacon, talent-beacon-server, talent-beacon-emulator), then for each folder
// examples/<name>/ (with a package.json and an example.test.mjs; names starting with _ are shared
// support, not examples) copy it with examples/_support into a temp dir, `npm install` its own
// dependencies plus the tarballs of the packages it names (in place of the registry's), run its
// `build` script if it has one, and run its test with `node --test`. The repository stays clean;
// each phase is timed and a summary printed. Exits 1 if any example fails. --keep leaves the temp
// dir for a look; --no-build packs the current builds.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackages, PUBLISHED, RESOLVED_AS_OF } from './pack-packages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const build = !args.includes('--no-build');
const wanted = args.filter((a) => !a.startsWith('--'));
// Whatever a copy must not carry from a local run in the repo folder.
const SKIP = new Set(['node_modules', '.next', '.wrangler', 'dist', 'out', 'package-lock.json']);
// Bounds of each phase: a hung install, build or test fails its example instead of the run.
const LIMITS_MS = { install: 10 * 60_000, build: 10 * 60_000, test: 10 * 60_000 };

const available = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
  .map((d) => d.name)
  .filter(
    (name) =>
      existsSync(join(examplesDir, name, 'package.json')) && existsSync(join(examplesDir, name, 'example.test.mjs')),
  )
  .sort();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`test-examples: no example named ${unknown.join(', ')}; there are: ${available.join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? available.filter((n) => wanted.includes(n)) : available;

/** Runs a command with inherited output, bounded in time; resolves its exit code (or 'timeout'). */
function run(command, commandArgs, { cwd, env = process.env, limitMs }) {
  return new Promise((done) => {
    // Its own process group, so a timeout ends the command's children too (next build, workerd).
    const child = spawn(command, commandArgs, { cwd, env, stdio: 'inherit', detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      done('timeout');
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done(code ?? signal);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      done(error.message);
    });
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const work = mkdtempSync(join(tmpdir(), 'talent-beacon-examples-'));
const started = Date.now();

if (build) {
  console.log('test-examples: npm run build');
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', timeout: 600_000 });
  if (built.status !== 0) process.exit(1);
}
/** Package name -> its tarball. */
let tarballs;
try {
  tarballs = Object.fromEntries(
    Object.entries(packPackages(root, work)).map(([name, packed]) => [name, packed.tarball]),
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`test-examples: packed ${Object.values(tarballs).join(', ')}`);
cpSync(join(examplesDir, '_support'), join(work, 'examples', '_support'), { recursive: true });

const results = [];
for (const name of selected) {
  const dir = join(work, 'examples', name);
  cpSync(join(examplesDir, name), dir, { recursive: true, filter: (src) => !SKIP.has(src.split(/[\\/]/).pop()) });
  // No telemetry from the tools the examples install (Next.js, wrangler, Bun, Deno).
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false', DO_NOT_TRACK: '1' };
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const row = { name, install: 0, build: 0, test: 0, ok: false, failed: '' };
  console.log(`\n=== ${name}`);
  let t = Date.now();
  // The example's package.json names our packages like a user's would; in the copy they point at
  // the tarballs instead (a dependency stays a dependency, a devDependency such as the emulator
  // stays one).
  for (const field of ['dependencies', 'devDependencies']) {
    for (const published of PUBLISHED)
      if (pkg[field]?.[published]) pkg[field][published] = `file:${tarballs[published]}`;
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // --before: the examples pin their direct dependencies but commit no lockfile; resolving every
  // transitive range as the registry stood when they were last checked keeps a later release of
  // some dependency from breaking CI on a future date. Move it forward when updating the pins.
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', `--before=${RESOLVED_AS_OF}`],
    {
      cwd: dir,
      env,
      limitMs: LIMITS_MS.install,
    },
  );
  row.install = Date.now() - t;
  if (installed !== 0) row.failed = `install (${installed})`;
  if (!row.failed && pkg.scripts?.build) {
    t = Date.now();
    const builtExample = await run('npm', ['run', 'build'], { cwd: dir, env, limitMs: LIMITS_MS.build });
    row.build = Date.now() - t;
    if (builtExample !== 0) row.failed = `build (${builtExample})`;
  }
  if (!row.failed) {
    t = Date.now();
    const tested = await run(process.execPath, ['--test', '--test-reporter=spec', 'example.test.mjs'], {
      cwd: dir,
      env,
      limitMs: LIMITS_MS.test,
    });
    row.test = Date.now() - t;
    if (tested !== 0) row.failed = `test (${tested})`;
  }
  row.ok = !row.failed;
  results.push(row);
  console.log(
    `=== ${name}: ${row.ok ? 'ok' : `FAILED in ${row.failed}`} (install ${seconds(row.install)}, build ${seconds(row.build)}, test ${seconds(row.test)})`,
  );
}

console.log('\nexample            install     build      test     total  result');
for (const r of results) {
  const total = r.install + r.build + r.test;
  console.log(
    `${r.name.padEnd(18)} ${seconds(r.install).padStart(7)} ${seconds(r.build).padStart(9)} ${seconds(r.test).padStart(9)} ${seconds(total).padStart(9)}  ${r.ok ? 'ok' : `FAILED (${r.failed})`}`,
  );
}
console.log(`all, with build and pack: ${seconds(Date.now() - started)}`);
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(results.every((r) => r.ok) ? 0 : 1);
