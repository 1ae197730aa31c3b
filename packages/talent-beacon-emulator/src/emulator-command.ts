// `talent-beacon-emulator`: runs the local CTS emulator until Ctrl-C.
import { parseArgs } from 'node:util';
import { createEmulator } from './index.js';
import type { EmulatorOptions, FaultAction, FaultOptions } from './index.js';

/** The port the emulator listens on when --port is not given. */
export const DEFAULT_EMULATOR_PORT = 8790;

const help = `Usage: talent-beacon-emulator [options]

A local Cloud Talent Solution emulator (clientEvents.create for v3, v3p1beta1, v4beta1, v4;
tenants, companies, jobs, jobs:search) with an event inspector at its root URL.

Options:
  --port <n>                 port (default ${DEFAULT_EMULATOR_PORT}; 0 = any free port)
  --host <addr>              address (default 127.0.0.1; the emulator has no real security)
  --token <t>                accept only "Authorization: Bearer <t>" (default: any non-empty token)
  --duplicate-event-ids <m>  accept (default: stored and flagged) | reject (409 ALREADY_EXISTS)
  --max-events <n>           client events kept (default 10000); the oldest are dropped first
  --max-event-bytes <n>      estimated bytes of client events kept (default 16777216)
  --latency <ms>             delay every API answer
  --rate-429 <share>         share 0..1 of clientEvents.create answered 429 RESOURCE_EXHAUSTED
  --rate-503 <share>         share 0..1 answered 503 UNAVAILABLE
  --drop-rate <share>        share 0..1 whose connection is dropped without an answer
  --drop-after-store-rate <share>
                             share 0..1 stored, then dropped without an answer
  --retry-delay <s>          RetryInfo.retryDelay of a 429, in seconds (default 1)
  --script <list>            faults for the next calls, e.g. 429,503,drop,ok,drop-after-store
  -h, --help                 this help

Faults can be changed at run time: PUT /_emulator/faults with a JSON body.`;

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new Error(`${flag} must be a number (got ${JSON.stringify(value)})`);
  return n;
}

/**
 * Reads the emulator command's flags into createEmulator options, a port and a host.
 * Option values are then checked by createEmulator itself (ranges, enumerations).
 *
 * @example
 * parseEmulatorArgs(['--port', '0', '--rate-429', '0.1']);
 * // { help: false, port: 0, host: '127.0.0.1', options: { faults: { rate429: 0.1 } } }
 */
export function parseEmulatorArgs(args: string[]): {
  help: boolean;
  port: number;
  host: string;
  options: EmulatorOptions;
} {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'duplicate-event-ids': { type: 'string' },
      'max-events': { type: 'string' },
      'max-event-bytes': { type: 'string' },
      latency: { type: 'string' },
      'rate-429': { type: 'string' },
      'rate-503': { type: 'string' },
      'drop-rate': { type: 'string' },
      'drop-after-store-rate': { type: 'string' },
      'retry-delay': { type: 'string' },
      script: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const port = number('--port', values.port) ?? DEFAULT_EMULATOR_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a whole number from 0 to 65535 (got ${values.port})`);
  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set('latencyMs', number('--latency', values.latency));
  set('rate429', number('--rate-429', values['rate-429']));
  set('rate503', number('--rate-503', values['rate-503']));
  set('dropRate', number('--drop-rate', values['drop-rate']));
  set('dropAfterStoreRate', number('--drop-after-store-rate', values['drop-after-store-rate']));
  set('retryDelaySeconds', number('--retry-delay', values['retry-delay']));
  if (values.script !== undefined)
    set(
      'script',
      values.script
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '') as FaultAction[],
    );
  const options: EmulatorOptions = {};
  if (values.token !== undefined) options.token = values.token;
  if (values['duplicate-event-ids'] !== undefined)
    options.duplicateEventIds = values['duplicate-event-ids'] as 'accept' | 'reject';
  const maxEvents = number('--max-events', values['max-events']);
  if (maxEvents !== undefined) options.maxEvents = maxEvents;
  const maxEventBytes = number('--max-event-bytes', values['max-event-bytes']);
  if (maxEventBytes !== undefined) options.maxEventBytes = maxEventBytes;
  if (Object.keys(faults).length > 0) options.faults = faults;
  return { help: values.help === true, port, host: values.host ?? '127.0.0.1', options };
}

/**
 * Runs the emulator until SIGINT or SIGTERM, printing its URL.
 *
 * @example
 * await run(['--port', '8790']); // prints "CTS emulator listening at http://127.0.0.1:8790"
 */
export async function run(args: string[]): Promise<void> {
  const { help: wantsHelp, port, host, options } = parseEmulatorArgs(args);
  if (wantsHelp) {
    console.log(help);
    return;
  }
  const emulator = createEmulator(options);
  let url: string;
  try {
    url = await emulator.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `port ${port} on ${host} is already in use; pick another one with --port <number> (or --port 0 for any free port)`,
        { cause: error },
      );
    throw error;
  }
  console.log(`CTS emulator listening at ${url}`);
  console.log(`  inspector:  ${url}/`);
  console.log(`  events:     GET ${url}/_emulator/events`);
  console.log(`  faults:     PUT ${url}/_emulator/faults`);
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void emulator.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
