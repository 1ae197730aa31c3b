// The published packages packed as npm would publish them, and the registry state their installs
// resolve in: shared by `npm run test:packages` and `npm run test:examples`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The packages this repository publishes (packages/<name>); the core and the demo are private. */
export const PUBLISHED = ['talent-beacon', 'talent-beacon-server', 'talent-beacon-emulator'];

// Installs resolve every range as the registry stood then (`npm install --before=`): a later release
// of a transitive dependency can neither change a measured figure nor break CI on a future date.
// Move it forward when updating pinned versions.
export const RESOLVED_AS_OF = '2026-12-06T08:00:00Z';

/**
 * Packs every published package into `destination` in one `npm pack` run. Resolves package name ->
 * npm's JSON for its tarball (`filename`, `files`, `unpackedSize`, ...) plus `tarball`, its path.
 * Throws with npm's own message when packing fails.
 *
 * @example
 * const packed = packPackages(root, '/tmp/work');
 * packed['talent-beacon'].tarball; // '/tmp/work/talent-beacon-0.2.0.tgz'
 */
export function packPackages(root, destination) {
  const args = [
    'pack',
    '--json',
    '--pack-destination',
    destination,
    ...PUBLISHED.flatMap((name) => ['-w', `packages/${name}`]),
  ];
  const packed = spawnSync('npm', args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr || packed.error?.message}`);
  return Object.fromEntries(
    JSON.parse(packed.stdout).map((p) => [p.name, { ...p, tarball: join(destination, p.filename) }]),
  );
}
