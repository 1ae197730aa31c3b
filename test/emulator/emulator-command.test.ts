import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMULATOR_PORT,
  parseEmulatorArgs,
} from '../../packages/talent-beacon-emulator/src/emulator-command.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';

describe('talent-beacon-emulator flags', () => {
  it('defaults to 127.0.0.1 and the default port', () => {
    expect(parseEmulatorArgs([])).toEqual({ help: false, port: DEFAULT_EMULATOR_PORT, host: '127.0.0.1', options: {} });
  });

  it('maps every flag to createEmulator options', () => {
    const parsed = parseEmulatorArgs([
      '--port',
      '0',
      '--token',
      't',
      '--duplicate-event-ids',
      'reject',
      '--latency',
      '5',
      '--rate-429',
      '0.1',
      '--rate-503',
      '0.2',
      '--drop-rate',
      '0.05',
      '--drop-after-store-rate',
      '0.03',
      '--retry-delay',
      '2',
      '--script',
      '429, drop,ok',
    ]);
    expect(parsed.port).toBe(0);
    expect(parsed.options).toEqual({
      token: 't',
      duplicateEventIds: 'reject',
      faults: {
        latencyMs: 5,
        rate429: 0.1,
        rate503: 0.2,
        dropRate: 0.05,
        dropAfterStoreRate: 0.03,
        retryDelaySeconds: 2,
        script: ['429', 'drop', 'ok'],
      },
    });
    expect(() => createEmulator(parsed.options)).not.toThrow();
  });

  it('names the flag on bad input; createEmulator names the rule', () => {
    expect(() => parseEmulatorArgs(['--port', 'abc'])).toThrow(/--port must be a number/);
    expect(() => parseEmulatorArgs(['--port', '70000'])).toThrow(/--port must be a whole number from 0 to 65535/);
    expect(() => parseEmulatorArgs(['--rate-429', 'lots'])).toThrow(/--rate-429/);
    expect(() => parseEmulatorArgs(['--bogus'])).toThrow(/bogus/);
    expect(() => createEmulator(parseEmulatorArgs(['--script', '429,boom']).options)).toThrow(/script\[1\]/);
    expect(() => createEmulator(parseEmulatorArgs(['--duplicate-event-ids', 'maybe']).options)).toThrow(
      /duplicateEventIds/,
    );
  });
});
