#!/usr/bin/env node
// npm run test:packages [-- --keep]
//
// The published packages as their users get them: `npm pack` each (talent-beacon,
// talent-beacon-server, talent-beacon-emulator), then for each one
//  1. the tarball's files: what `files` ships and nothing else (no tsc per-file output, no build
//     info, no demo), every chunk reached from an entry (no stale second copy);
//  2. an empty app installs the tarball alone (`npm install <tarball> --omit=optional --omit=peer`,
//     as the issue's table was measured): packages installed and `du` of node_modules, with limits
//     for the browser package (at most 3 packages, under 400 KB);
//  3. every entry imported in a fresh `node` (no window, no IndexedDB) from that app, not from the
//     workspace links: its export names equal the pinned list below, and it prints nothing;
//  4. every entry's types compiled by tsc from the app (moduleResolution bundler and node16);
//  5. the bins answer --help; publint --strict and arethetypeswrong (ESM-only profile) pass.
// Run after `npm run build`. Prints a table; exits 1 on the first failed check of each package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPackages, RESOLVED_AS_OF } from './pack-packages.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/**
 * What each package must be. `exports`: entry -> its public export names, sorted (adding or
 * removing a public name is a decision: change it here, in the CHANGELOG and the package README).
 * `types`: a line of TypeScript per entry that must compile against the installed .d.ts.
 */
/** The proxy's public names, in its Node build and its fetch-runtime build alike. */
const PROXY_EXPORTS = [
  'DEFAULT_SHUTDOWN_MS',
  'DEFAULT_UPSTREAM',
  'JOBS_SCOPE',
  'PII_MODES',
  'RetryReason',
  'backoffDelay',
  'createMemoryDedupe',
  'createProxy',
  'createRedisDedupe',
  'findPii',
  'parseRetryAfter',
  'parseRetryInfo',
  'retryDelay',
];

const PACKAGES = {
  'talent-beacon': {
    maxPackages: 3,
    maxKilobytes: 400,
    exports: {
      'talent-beacon': [
        'ClientEventError',
        'ConfigError',
        'EXTRA_INFO_MAX_BYTES',
        'EXTRA_INFO_MAX_KEYS',
        'JobEventType',
        'MAX_EVENT_BYTES',
        'createEventId',
        'createTracker',
        'formatJobName',
        'isJobName',
        'jobEventTypesFor',
        'parseJobName',
        'validateClientEvent',
      ],
      'talent-beacon/react': [
        'TalentBeaconProvider',
        'TrackerContext',
        'useImpression',
        'useJobView',
        'useTrackEvent',
        'useTracker',
      ],
    },
    // The <script> build: a file to serve, not a module to import in Node; it must resolve.
    files: ['talent-beacon/talent-beacon.js'],
    // React is an optional peer: the entry that needs it is imported after installing it.
    peers: ['react@19.3.1', '@types/react@19.3.0'],
    types: [
      `import { createTracker, type Tracker } from 'talent-beacon'; export const t: Tracker = createTracker({ endpoint: '/cts/events' });`,
      `import { useJobView, TalentBeaconProvider } from 'talent-beacon/react'; export const v = [useJobView, TalentBeaconProvider];`,
      `import type {} from 'talent-beacon/talent-beacon.js'; export const s = () => globalThis.TalentBeacon.flush();`,
    ],
    bins: [],
  },
  'talent-beacon-server': {
    exports: {
      'talent-beacon-server': [
        'PII_MODES',
        'ReportError',
        'RetryReason',
        'createFileDedupe',
        'createMemoryDedupe',
        'createRedisDedupe',
        'createReporter',
        'deriveEventId',
        'findPii',
      ],
      'talent-beacon-server/proxy': PROXY_EXPORTS,
      // The fetch-runtime build exports the same names as the Node build.
      'talent-beacon-server/proxy/edge': PROXY_EXPORTS,
    },
    files: [],
    peers: ['@types/node@20.19.43'],
    types: [
      `import { createReporter, type Reporter } from 'talent-beacon-server'; export const r: Reporter = createReporter({ project: 'p', token: 't' });`,
      `import { createProxy, type Proxy } from 'talent-beacon-server/proxy'; export const p: Proxy = createProxy({ project: 'p', allowedOrigins: ['https://a.example'], token: 't' });`,
      `import { createProxy } from 'talent-beacon-server/proxy/edge'; export const e = createProxy({ project: 'p', allowedOrigins: ['https://a.example'], token: 't' }).fetch;`,
    ],
    bins: ['talent-beacon-server'],
  },
  'talent-beacon-emulator': {
    exports: {
      'talent-beacon-emulator': [
        'BACK_OFFICE_TYPES',
        'FUNNEL_STEPS',
        'buildEventReport',
        'buildFunnel',
        'createEmulator',
      ],
    },
    files: [],
    peers: ['@types/node@20.19.43'],
    types: [
      `import { createEmulator, type Emulator } from 'talent-beacon-emulator'; export const e: Emulator = createEmulator();`,
    ],
    bins: ['talent-beacon-emulator'],
  },
};

const work = mkdtempSync(join(tmpdir(), 'talent-beacon-packages-'));
const failures = [];
const rows = [];

/** Runs a command to completion (bounded); returns its status and output. */
function run(command, args, cwd, limitMs = 300_000) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: limitMs,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status ?? 'timeout', stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function check(name, ok, what) {
  if (!ok) failures.push(`${name}: ${what}`);
  return ok;
}

// 1. Pack all three at once (one npm run); --json lists each tarball's files.
let tarballs;
try {
  tarballs = packPackages(root, work);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

/** The relative imports of a JS file, resolved to tarball paths. */
function importsOf(dir, file) {
  const text = readFileSync(join(dir, file), 'utf8');
  // import statements, import() and the bins' `new URL('../dist/cli.js', import.meta.url)`.
  const specifiers = [
    ...text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g),
  ].map((m) => m[1]);
  return specifiers.map((s) => join(dirname(file), s));
}

for (const [name, spec] of Object.entries(PACKAGES)) {
  const tarball = tarballs[name];
  const files = tarball.files.map((f) => f.path);
  const row = { name, files: files.length, unpacked: tarball.unpackedSize, packages: 0, bytes: 0, kilobytes: 0 };
  rows.push(row);

  // 1. Contents.
  const stray = files.filter(
    (f) =>
      !/^(package\.json|README\.md|LICENSE|dist\/[^/]+\.(js|d\.ts)|dist\/chunks\/[^/]+\.(js|d\.ts)|bin\/[^/]+\.js)$/.test(
        f,
      ),
  );
  check(name, stray.length === 0, `ships files its users do not run: ${stray.join(', ')}`);
  check(
    name,
    ['package.json', 'README.md', 'LICENSE'].every((f) => files.includes(f)),
    'package.json, README.md and LICENSE must all ship',
  );
  const unpacked = join(work, 'unpacked', name);
  mkdirSync(unpacked, { recursive: true });
  run('tar', ['-xzf', tarball.tarball, '-C', unpacked, '--strip-components=1'], root);
  const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
  // Every shipped chunk is reached from an entry (exports or bin): no orphan copies of old code.
  const entryFiles = Object.values(manifest.exports)
    .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    .concat(Object.values(manifest.bin ?? {}))
    .map((f) => f.replace(/^\.\//, ''))
    .filter((f) => f.endsWith('.js') && f !== 'package.json');
  const reached = new Set();
  const queue = [...entryFiles];
  while (queue.length > 0) {
    const file = queue.pop();
    if (reached.has(file) || !files.includes(file)) continue;
    reached.add(file);
    queue.push(...importsOf(unpacked, file));
  }
  const orphans = files.filter((f) => f.endsWith('.js') && !reached.has(f));
  check(name, orphans.length === 0, `JS files no entry reaches (a second copy?): ${orphans.join(', ')}`);

  // 2. Install the tarball alone into an empty app.
  const app = join(work, 'apps', name);
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: `app-${name}`, private: true, type: 'module' }, null, 2),
  );
  const npmInstall = ['install', '--no-audit', '--no-fund', '--loglevel=error', `--before=${RESOLVED_AS_OF}`];
  const installed = run('npm', [...npmInstall, '--omit=optional', '--omit=peer', tarball.tarball], app);
  if (!check(name, installed.status === 0, `npm install of the tarball failed: ${installed.stderr.trim()}`)) continue;
  const listed = run('npm', ['ls', '--all', '--parseable', '--omit=optional', '--omit=peer'], app);
  row.packages = listed.stdout.split('\n').filter((l) => l.includes('node_modules')).length;
  row.kilobytes = Number(run('du', ['-sk', 'node_modules'], app).stdout.split('\t')[0]);
  row.bytes = Number(run('du', ['-sb', 'node_modules'], app).stdout.split('\t')[0]);
  if (spec.maxPackages !== undefined)
    check(name, row.packages <= spec.maxPackages, `installs ${row.packages} packages (at most ${spec.maxPackages})`);
  if (spec.maxKilobytes !== undefined)
    check(
      name,
      row.kilobytes < spec.maxKilobytes,
      `node_modules is ${row.kilobytes} KB by du (under ${spec.maxKilobytes})`,
    );

  // The peers the remaining checks need (React for the React entry, Node's types for tsc).
  const peers = run('npm', [...npmInstall, '--no-save', ...spec.peers], app);
  if (!check(name, peers.status === 0, `npm install ${spec.peers.join(' ')} failed: ${peers.stderr.trim()}`)) continue;

  // 3. Every entry in a fresh node: its export names, and silence.
  for (const [entry, expected] of Object.entries(spec.exports)) {
    const script = `const m = await import(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(m).sort()));`;
    const imported = run(process.execPath, ['--input-type=module', '-e', script], app);
    if (!check(name, imported.status === 0, `import('${entry}') failed: ${imported.stderr.trim()}`)) continue;
    check(name, imported.stderr === '', `import('${entry}') printed to stderr: ${imported.stderr.trim()}`);
    check(
      name,
      imported.stdout === JSON.stringify(expected),
      `${entry} exports ${imported.stdout}, pinned ${JSON.stringify(expected)}`,
    );
  }
  for (const entry of spec.files) {
    const script = `const { statSync } = await import('node:fs'); process.stdout.write(String(statSync(new URL(import.meta.resolve(${JSON.stringify(entry)}))).size));`;
    const resolved = run(process.execPath, ['--input-type=module', '-e', script], app);
    check(
      name,
      resolved.status === 0 && Number(resolved.stdout) > 0,
      `${entry} does not resolve to a file: ${resolved.stderr.trim()}`,
    );
  }

  // 4. Types, from the installed package, both resolutions a TypeScript user may have.
  spec.types.forEach((line, i) => writeFileSync(join(app, `entry-${i}.ts`), `${line}\n`));
  for (const resolution of ['bundler', 'node16']) {
    const module = resolution === 'bundler' ? 'esnext' : 'node16';
    const typesChecked = run(
      bin('tsc'),
      [
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        'false',
        '--module',
        module,
        '--moduleResolution',
        resolution,
        '--target',
        'es2022',
        '--lib',
        'es2022,dom',
        ...spec.types.map((_, i) => `entry-${i}.ts`),
      ],
      app,
    );
    check(name, typesChecked.status === 0, `tsc (${resolution}) on the installed types: ${typesChecked.stdout.trim()}`);
  }

  // 5. Bins, publint, arethetypeswrong.
  for (const command of spec.bins) {
    const help = run(join(app, 'node_modules', '.bin', command), ['--help'], app);
    check(
      name,
      help.status === 0 && /Usage: /.test(help.stdout),
      `${command} --help: exit ${help.status}, ${help.stderr.trim()}`,
    );
  }
  const publint = run(bin('publint'), ['run', unpacked, '--strict'], root);
  check(
    name,
    publint.status === 0 && /All good/.test(publint.stdout),
    `publint --strict: ${publint.stdout.trim()} ${publint.stderr.trim()}`,
  );
  const attw = run(bin('attw'), [tarball.tarball, '--profile', 'esm-only', '--format', 'table-flipped'], root);
  check(name, attw.status === 0, `arethetypeswrong (esm-only): ${attw.stdout.trim()} ${attw.stderr.trim()}`);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log('\npackage                   files   unpacked   installed packages   node_modules (du -sk)   (du -sb)');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(24)} ${String(r.files).padStart(6)} ${kb(r.unpacked).padStart(10)} ${String(r.packages).padStart(20)} ${`${r.kilobytes} KB`.padStart(23)} ${kb(r.bytes).padStart(10)}`,
  );
}
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`\ntest-packages: ${failures.length} failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('test-packages: every package packs, installs alone, imports silently, types and lints clean');
