import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// packages/talent-beacon/src holds three entries' code side by side: the tracker (talent-beacon), the script-tag
// glue (dist/talent-beacon.js) and the React entry (talent-beacon/react). The tracker is what the
// other two build on, so it imports neither of them, and they do not import each other: the
// script build would otherwise carry React code, and the ESM tracker the markup scanner.
const root = 'packages/talent-beacon/src';
const imports = (folder: string) =>
  readdirSync(join(root, folder)).flatMap((file) =>
    [...readFileSync(join(root, folder, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => ({
      file: `${folder}/${file}`,
      from: m[1]!,
    })),
  );

describe('packages/talent-beacon/src layout', () => {
  it.each([
    ['tracker', ['../script/', '../react/', 'react']],
    ['script', ['../react/', 'react']],
    ['react', ['../script/']],
  ])('%s/ imports none of %j', (folder, forbidden) => {
    const bad = imports(folder).filter((i) =>
      forbidden.some((f) => i.from === f || i.from.startsWith(f.endsWith('/') ? f : `${f}/`)),
    );
    expect(bad).toEqual([]);
  });
  it('holds only the three entry files, the global type of the script build and the three folders at its top', () => {
    expect(readdirSync(root).sort()).toEqual([
      'index.ts',
      'react',
      'react.tsx',
      'script',
      'script-global.ts',
      'script.ts',
      'tracker',
    ]);
  });
});
