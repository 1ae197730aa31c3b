import { checkOptions, ConfigError, describeValue } from '@talent-beacon/core';
import type { FaultAction, FaultOptions } from './emulator-types.js';

const ACTIONS: readonly FaultAction[] = ['429', '503', 'drop', 'drop-after-store', 'ok'];

const share = (what: string) => ({
  kind: 'number' as const,
  min: 0,
  max: 1,
  hint: `the share of clientEvents.create calls ${what}, 0..1`,
});

/** The option specs of {@link FaultOptions}, shared by createEmulator, the admin route and the CLI. */
export const FAULT_OPTION_SPECS = {
  latencyMs: { kind: 'number' as const, min: 0, max: 600_000, hint: 'milliseconds added before every API answer' },
  rate429: share('answered 429'),
  rate503: share('answered 503'),
  dropRate: share('whose connection is dropped'),
  dropAfterStoreRate: share('stored, then dropped without an answer'),
  retryDelaySeconds: { kind: 'number' as const, min: 0, max: 86_400, hint: 'RetryInfo.retryDelay of a 429' },
  script: { kind: 'array' as const, hint: `an array of ${ACTIONS.map((a) => `"${a}"`).join(', ')}` },
  random: { kind: 'function' as const, hint: 'a function returning a number in [0, 1)' },
};

/**
 * Checks fault options and throws a ConfigError naming the option, the rule and the value.
 *
 * @example
 * checkFaultOptions('PUT /_emulator/faults', { rate429: 2 });
 * // ConfigError: PUT /_emulator/faults: option "rate429" must be at most 1 (…)
 */
export function checkFaultOptions(where: string, faults: unknown): asserts faults is FaultOptions {
  checkOptions(where, faults, FAULT_OPTION_SPECS);
  const script = (faults as FaultOptions | undefined)?.script;
  script?.forEach((action, index) => {
    if (!ACTIONS.includes(action)) {
      throw new ConfigError(
        'INVALID_OPTION',
        'script',
        `${where}: option "script[${index}]" must be one of ${ACTIONS.map((a) => `"${a}"`).join(', ')} (got ${describeValue(action)})`,
      );
    }
  });
  const f = (faults ?? {}) as FaultOptions;
  const total = (f.rate429 ?? 0) + (f.rate503 ?? 0) + (f.dropRate ?? 0) + (f.dropAfterStoreRate ?? 0);
  if (total > 1) {
    throw new ConfigError(
      'INVALID_OPTION',
      'rate429',
      `${where}: options "rate429" + "rate503" + "dropRate" + "dropAfterStoreRate" must add up to at most 1 (got ${total})`,
    );
  }
}

/** The fault state of one emulator. */
export interface Faults {
  /** The fault for the next clientEvents.create call: the script first, then the rates. */
  next(): FaultAction;
  readonly latencyMs: number;
  readonly retryDelaySeconds: number;
  /** Replaces the settings and restarts the script. */
  set(faults: FaultOptions): void;
  /** The settings as JSON (without `random`), with the script entries still to come. */
  describe(): Omit<FaultOptions, 'random'>;
}

/**
 * The fault state machine: a deterministic script, then shares drawn with `random`.
 *
 * @example
 * const faults = createFaults({ script: ['429', 'ok'] });
 * faults.next(); // '429'
 * faults.next(); // 'ok'
 */
export function createFaults(initial: FaultOptions = {}): Faults {
  let options: FaultOptions = {};
  let script: FaultAction[] = [];
  const set = (faults: FaultOptions) => {
    checkFaultOptions('setFaults', faults);
    options = { ...faults };
    script = [...(faults.script ?? [])];
  };
  set(initial);
  return {
    next() {
      const scripted = script.shift();
      if (scripted) return scripted;
      const r = (options.random ?? Math.random)();
      let edge = options.rate429 ?? 0;
      if (r < edge) return '429';
      edge += options.rate503 ?? 0;
      if (r < edge) return '503';
      edge += options.dropRate ?? 0;
      if (r < edge) return 'drop';
      edge += options.dropAfterStoreRate ?? 0;
      if (r < edge) return 'drop-after-store';
      return 'ok';
    },
    get latencyMs() {
      return options.latencyMs ?? 0;
    },
    get retryDelaySeconds() {
      return options.retryDelaySeconds ?? 1;
    },
    set,
    describe() {
      const { random: _random, ...rest } = options;
      return { ...rest, script: [...script] };
    },
  };
}
