// The `talent-beacon-server` command. Each subcommand lives in its own module under cli/ and is
// loaded only when used, so `talent-beacon-server report --help` does not load the proxy.
import { argv, exit, stderr } from 'node:process';

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  proxy: () => import('./cli/proxy-command.js'),
  report: () => import('./cli/report-command.js'),
};

const usage = `Usage: talent-beacon-server <command> [options]

Commands:
  proxy      forward tracker batches to clientEvents.create
  report     report back-office events (HIRED, …) from an NDJSON file, each once

Run \`talent-beacon-server <command> --help\` for a command's options.
(The emulator is its own package: npx talent-beacon-emulator.)`;

const [name, ...args] = argv.slice(2);
// Own keys only: "constructor" or "toString" are no commands.
const load = name && Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(usage);
} else if (!load) {
  stderr.write(`talent-beacon-server: unknown command "${name}"\n\n${usage}\n`);
  exit(2);
} else {
  const command = await load();
  try {
    await command.run(args);
  } catch (error) {
    stderr.write(`talent-beacon-server ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
  }
}
