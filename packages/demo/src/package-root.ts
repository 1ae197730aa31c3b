import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the demo package (the one holding `site/` and `dist/`). The demo code runs from
 * src/ (tests) and from dist/ (the bundle the command runs), so a fixed `..` would be wrong in
 * one of them: walk up to our package.json instead.
 *
 * @example
 * const root = packageRoot(import.meta.url); // '/home/me/talent-beacon/packages/demo'
 */
export function packageRoot(from: string): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'talent-beacon-demo') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`talent-beacon-demo: cannot find the package folder above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
