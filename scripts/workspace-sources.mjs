// The workspace packages by the names they are imported by, mapped to their TypeScript sources:
// tsconfig.base.json's `paths`, the one list. Vitest (vitest.config.ts) and the child processes
// that run the CLIs from source (test/support/ts-hooks.mjs) resolve through it, so tests need no
// build; rollup and Node resolve the built packages instead (rollup.config.mjs, node_modules links).
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const { paths } = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8')).compilerOptions;

/** Specifier -> absolute path of its source, e.g. '@talent-beacon/core' -> '/…/packages/core/src/index.ts'. */
export const workspaceSources = Object.fromEntries(
  Object.entries(paths).map(([specifier, [target]]) => [specifier, new URL(target, root).pathname]),
);

/** The same as Vite/Vitest aliases (exact specifiers only: 'talent-beacon' must not catch 'talent-beacon/react'). */
export const workspaceAliases = Object.entries(workspaceSources).map(([find, replacement]) => ({
  find: new RegExp(`^${find}$`),
  replacement,
}));
