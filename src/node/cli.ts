// The `talent-beacon` command. Each subcommand lives in its own module under cli/ and is loaded
// only when used, so `talent-beacon emulator` does not load google-auth-library.
import { argv, exit, stderr } from 'node:process';

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  emulator: () => import('./cli/emulator-command.js'),
  proxy: () => import('./cli/proxy-command.js'),
  demo: () => import('./cli/demo-command.js'),
  report: () => import('./cli/report-command.js'),
};

const usage = `Usage: talent-beacon <command> [options]

Commands:
  emulator   a local Cloud Talent Solution emulator with an event inspector
  proxy      forward tracker batches to clientEvents.create
  demo       the demo job board: emulator + proxy + three versions of a job board
  report     report back-office events (HIRED, …) from an NDJSON file, each once

Run \`talent-beacon <command> --help\` for a command's options.`;

const [name, ...args] = argv.slice(2);
// Own keys only: "constructor" or "toString" are no commands.
const load = name && Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(usage);
} else if (!load) {
  stderr.write(`talent-beacon: unknown command "${name}"\n\n${usage}\n`);
  exit(2);
} else {
  const command = await load();
  try {
    await command.run(args);
  } catch (error) {
    stderr.write(`talent-beacon ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
  }
}
