// The `talent-beacon-emulator` command: the emulator until Ctrl-C (flags: emulator-command.ts).
import { argv, exit, stderr } from 'node:process';
import { run } from './emulator-command.js';

try {
  await run(argv.slice(2));
} catch (error) {
  stderr.write(`talent-beacon-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  exit(1);
}
