// @ts-check
// ESLint flat config. Style (quotes, commas, wrapping) is Prettier's job: eslint-config-prettier,
// last, turns off every rule that would fight it. What is left: the recommended sets of ESLint and
// typescript-eslint (type-checked for TypeScript, with three stricter rules), and the
// import boundaries that keep the three browser entries and the pure core apart, and React's two
// hook rules for the React entry.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Node's built-in modules, with and without the node: prefix ('fs', 'node:fs', 'fs/promises').
const nodeBuiltins = {
  regex: `^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?)$`,
  message: 'Node built-ins are not available here: this code runs in the browser or in any JS runtime.',
};
// Each file gets one no-restricted-imports entry (a later config object replaces, not merges, the
// options of an earlier one), so every folder lists all of its rules.
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const noReact = {
  regex: '^react(-dom)?(/.*)?$',
  message: 'Only talent-beacon/react (packages/talent-beacon/src/react/) may import React.',
};
// Our own packages by name; @talent-beacon/core is what each of them may import.
const ourPackages = (why) => ({ regex: '^talent-beacon(-[a-z]+)?(/.*)?$', message: why });
const folder = (name, why) => ({ regex: `^\\.\\.?/(\\.\\./)*${name}(/|$)`, message: why });

export default defineConfig([
  globalIgnores([
    '**/dist/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'bench/results/',
    '.demo-data/',
    '.*/', // hidden folders at the top: tooling and scratch copies, not the project's code
    '**/*.d.{ts,mts}', // hand-written declarations for plain JS files; tsc checks them
    'examples/*/.next/', // a local run of an example (npm run test:examples works on a temp copy)
    'examples/*/.wrangler/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        // Each TypeScript file is checked with the tsconfig.json nearest to it (each package's,
        // packages/demo/site/, test/, e2e/, e2e/pages/react/). The root *.config.ts files have none
        // of their own: they get tsconfig.test.json's options.
        projectService: { allowDefaultProject: ['*.config.ts'], defaultProject: 'tsconfig.test.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Type information only where there are types: the plain JS files (bench, scripts, the demo's
    // assets, the examples, configs) are linted by syntax.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      // The environment is resolved once (resolveEnv) and typed as resolved: a `!` hides a value that
      // can be missing. A promise nobody awaits or catches loses its rejection (and, in a delivery
      // path, the event's error report). An assertion to the type the value already has is noise.
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },

  // Where each kind of code runs decides its globals. They matter for the plain JS files (bench,
  // scripts, the demo's assets): in TypeScript files typescript-eslint turns no-undef off and tsc
  // checks names, each project with its own libs (packages/core: ES2022 only, neither DOM nor Node).
  {
    // packages/talent-beacon-emulator/src/inspector/: the inspector page's script, inlined into the page.
    files: [
      'packages/talent-beacon/src/**',
      'packages/talent-beacon-emulator/src/inspector/**',
      'packages/demo/site/**',
      'e2e/pages/**',
    ],
    languageOptions: { globals: globals.browser },
  },
  {
    files: [
      'packages/{core,talent-beacon-server,talent-beacon-emulator,demo}/{src,node,bin}/**',
      'test/**',
      'e2e/**',
      'bench/**',
      'scripts/**',
      '*.config.{js,mjs,ts}',
      'packages/demo/rollup.config.mjs',
    ],
    ignores: ['packages/talent-beacon-emulator/src/inspector/**'],
    languageOptions: { globals: globals.node },
  },
  // The examples: each is a user's small project (Node servers and tests; a Worker).
  {
    files: ['examples/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['examples/cloudflare-worker/src/**'],
    languageOptions: { globals: globals.serviceworker },
  },
  { files: ['examples/deno/server.js'], languageOptions: { globals: { Deno: 'readonly' } } },
  { files: ['examples/bun/server.js'], languageOptions: { globals: { Bun: 'readonly' } } },
  {
    // Node-side scripts hand functions to page.evaluate() and jsdom, whose bodies run in the page.
    files: ['test/**', 'e2e/**', 'bench/**', 'scripts/**'],
    languageOptions: { globals: globals.browser },
  },

  // The architecture, enforced at import time (test/build/browser-layout.test.ts checks the same for
  // packages/talent-beacon/src by reading the files; this catches it in the editor).
  {
    files: ['packages/core/src/**'],
    rules: restrict(
      nodeBuiltins,
      ourPackages('packages/core is pure and shared: it imports none of the packages built on it.'),
    ),
  },
  {
    files: ['packages/talent-beacon-server/src/**', 'packages/talent-beacon-emulator/src/**'],
    rules: restrict(
      ourPackages(
        'A published package bundles the core (@talent-beacon/core) and imports no other of our packages: each installs alone.',
      ),
    ),
  },
  {
    files: ['packages/talent-beacon/src/tracker/**', 'packages/talent-beacon/src/index.ts'],
    rules: restrict(
      nodeBuiltins,
      noReact,
      ourPackages('The browser package carries no server: it imports only the core.'),
      folder(
        '(script|react)',
        'The tracker (talent-beacon) is what the script and React entries build on: it imports neither.',
      ),
    ),
  },
  {
    files: ['packages/talent-beacon/src/script/**', 'packages/talent-beacon/src/script.ts'],
    rules: restrict(
      nodeBuiltins,
      noReact,
      ourPackages('The browser package carries no server: it imports only the core.'),
      folder('react', 'The script build must not carry the React entry.'),
    ),
  },
  {
    files: ['packages/talent-beacon/src/react/**', 'packages/talent-beacon/src/react.tsx'],
    rules: restrict(
      nodeBuiltins,
      ourPackages('The browser package carries no server: it imports only the core.'),
      folder('script', 'The React entry must not carry the script-tag glue (markup scanner, auto-init).'),
    ),
  },
  {
    files: ['packages/talent-beacon-emulator/src/inspector/**'],
    rules: restrict(nodeBuiltins),
  },

  // The React entry's hooks run twice under StrictMode and re-run on every dependency change:
  // the two classic hook rules guard that (the React Compiler rules of the plugin's recommended set
  // are left out: no compiler runs here). The demo's React board follows the same rules.
  {
    files: [
      'packages/talent-beacon/src/react/**',
      'packages/talent-beacon/src/react.tsx',
      'packages/demo/site/react/**',
      'e2e/pages/react/**',
    ],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  {
    rules: {
      // Unused names are errors, but a leading _ marks one kept on purpose (a positional parameter,
      // a rest sibling that drops a key: const { a: _a, ...rest } = o).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  {
    // Tests, e2e and bench poke at internals and build hostile inputs on purpose: `as any` to hand
    // a tracker a malformed event, non-null assertions on values the test just arranged (calls[0]!
    // under noUncheckedIndexedAccess: a missing value fails the test on the next line anyway), a
    // response body read as JSON (any) and checked field by field. Forcing types there would be
    // churn that catches nothing; the `no-unsafe-*` rules only follow `any` to where it is used.
    // Everything else of the type-checked set (floating promises, unbound methods, ...) holds here too.
    files: ['test/**', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter's destructuring, so a
    // fixture that needs none must write `async ({}, use) => ...`.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // bench/run.js reads the page's BENCH object (set up by bench/entries/*) inside tab.evaluate().
    files: ['bench/**'],
    languageOptions: { globals: { BENCH: 'readonly' } },
  },

  prettier,
]);
