#!/usr/bin/env node
// The `talent-beacon-demo` command (see dist/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
// Only a missing build is explained here; any other failure (a missing dependency) is thrown as is.
if (!existsSync(cli)) {
  console.error('talent-beacon-demo: dist/cli.js is missing; run `npm run build` at the repository root first');
  process.exit(1);
}
await import(cli.href);
