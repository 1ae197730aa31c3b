import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the talent-beacon package (the one holding `demo/` and `dist/`). The demo code
 * runs from src/node/demo (tests), from dist/lib/node/demo and from a dist/node chunk (the CLI),
 * so a fixed `../..` would be wrong in two of three places: walk up to our package.json instead.
 *
 * @example
 * const root = packageRoot(import.meta.url); // '/home/me/project/node_modules/talent-beacon'
 */
export function packageRoot(from: string): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'talent-beacon') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`talent-beacon: cannot find the package folder above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
