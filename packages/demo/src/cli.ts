// The `talent-beacon-demo` command (`npm start` at the repository root): emulator, proxy and the
// demo job board until Ctrl-C (flags: demo-command.ts).
import { argv, exit, stderr } from 'node:process';
import { run } from './demo-command.js';

try {
  await run(argv.slice(2));
} catch (error) {
  stderr.write(`talent-beacon-demo: ${error instanceof Error ? error.message : String(error)}\n`);
  exit(1);
}
