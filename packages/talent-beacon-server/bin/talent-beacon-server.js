#!/usr/bin/env node
// The `talent-beacon-server` command (see dist/cli.js).
import('../dist/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('talent-beacon-server: dist/cli.js is missing; run `npm run build` at the repository root first');
    process.exit(1);
  }
  throw error;
});
