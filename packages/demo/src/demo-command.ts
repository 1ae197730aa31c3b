// `npm start` (the talent-beacon-demo command): the emulator, the proxy and the demo job board on 127.0.0.1, seeded, with
// the two URLs printed. Ctrl-C (SIGINT) or SIGTERM stops everything.
import { parseArgs } from 'node:util';
import process from 'node:process';
import { startDemo } from './start-demo.js';

const help = `Usage: talent-beacon-demo [options]   (npm start -- [options] at the repository root)

Starts the local CTS emulator (with its inspector), seeds it with companies and ~30 jobs, and
serves the demo job board (multi-page, SPA and React versions) with the real proxy at /cts/events.

Options:
  --port N            the job board's port (default 8080; 0 = any free port)
  --emulator-port N   the emulator and inspector's port (default 8081; 0 = any free port)
  --host HOST         the interface both listen on (default 127.0.0.1)
  --api-version V     the CTS version the proxy forwards with: v4 (default) or v4beta1
  -h, --help          this text`;

/**
 * Runs the demo until SIGINT/SIGTERM; resolves once it is serving (the servers keep the process
 * alive). Rejects with a one-line message for bad flags or a taken port.
 *
 * @example
 * await run(['--port', '3000', '--emulator-port', '3001']);
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'emulator-port': { type: 'string' },
      host: { type: 'string' },
      'api-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(help);
    return;
  }
  const apiVersion = values['api-version'] ?? 'v4';
  // The demo's jobs live in a tenant (v4 names), which v3 cannot name.
  if (apiVersion !== 'v4' && apiVersion !== 'v4beta1')
    throw new Error(`--api-version must be v4 or v4beta1 for the demo (got "${apiVersion}")`);

  const started = Date.now();
  const demo = await startDemo({
    port: portFlag('--port', values.port, 8080),
    emulatorPort: portFlag('--emulator-port', values['emulator-port'], 8081),
    host: values.host ?? '127.0.0.1',
    apiVersion,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  The talent-beacon demo is running (${demo.seed.jobs.length} jobs seeded in ${seconds} s)

  Job board:  ${demo.boardUrl}
  Inspector:  ${demo.inspectorUrl}

  Search on the board, open a job, apply; watch the events arrive in the inspector.
  Press Ctrl-C to stop.
`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the board and the emulator…`);
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`talent-beacon-demo: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function portFlag(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new Error(`${flag} must be a port number from 0 to 65535 (got "${value}")`);
  return port;
}
