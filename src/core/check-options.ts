import { ConfigError } from './config-error.js';
import { describeValue } from './describe-value.js';

/** The kinds of value an option can take. */
export type OptionKind = 'string' | 'number' | 'boolean' | 'function' | 'object' | 'string[]' | 'array';

/** What one option accepts. */
export interface OptionSpec {
  kind: OptionKind | readonly OptionKind[];
  required?: boolean;
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** The allowed values, for enumerations. */
  oneOf?: readonly unknown[];
  /** Words for the message, e.g. 'a URL string such as "/cts/events"'. */
  hint?: string;
}

function kindOf(value: unknown): OptionKind[] {
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === 'string') ? ['array', 'string[]'] : ['array'];
  }
  if (value === null) return [];
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'function' || t === 'object' ? [t] : [];
}

/**
 * Checks an options object against a spec and throws a {@link ConfigError} naming the option,
 * the rule and the value for the first problem: a missing required option, an unknown one (with
 * the closest known name), a wrong type, a number out of range, a value not in `oneOf`.
 * Options set to `undefined` count as absent. Used by createTracker, createProxy and createEmulator.
 *
 * @example
 * checkOptions('createTracker', { batchSize: 0 }, { batchSize: { kind: 'number', min: 1 } });
 * // ConfigError: createTracker: option "batchSize" must be at least 1 (got 0)
 */
export function checkOptions(where: string, options: unknown, specs: Record<string, OptionSpec>): void {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError('INVALID_OPTION', '', `${where}: options must be an object (got ${describeValue(options)})`);
  }
  const record = options as Record<string, unknown>;
  const names = Object.keys(specs);
  for (const key of Object.keys(record)) {
    if (Object.prototype.hasOwnProperty.call(specs, key)) continue;
    const close = names.find((n) => n.toLowerCase() === key.toLowerCase());
    throw new ConfigError(
      'UNKNOWN_OPTION',
      key,
      `${where}: unknown option "${key}"${close ? ` (did you mean "${close}"?)` : ''}; known options: ${names.join(', ')}`,
    );
  }
  for (const name of names) {
    const spec = specs[name]!;
    const value = record[name];
    const hint = spec.hint ? ` (${spec.hint})` : '';
    if (value === undefined) {
      if (spec.required) throw new ConfigError('MISSING_OPTION', name, `${where}: option "${name}" is required${hint}`);
      continue;
    }
    const kinds = typeof spec.kind === 'string' ? [spec.kind] : spec.kind;
    const seen = kindOf(value);
    if (!kinds.some((k) => seen.includes(k))) {
      throw new ConfigError('INVALID_OPTION', name, `${where}: option "${name}" must be ${kinds.map((k) => (k === 'string[]' ? 'an array of strings' : `a ${k}`)).join(' or ')}${hint} (got ${describeValue(value)})`);
    }
    if (typeof value === 'number') {
      if (Number.isNaN(value) || (spec.integer && !Number.isInteger(value))) {
        throw new ConfigError('INVALID_OPTION', name, `${where}: option "${name}" must be ${spec.integer ? 'a whole number' : 'a number'}${hint} (got ${describeValue(value)})`);
      }
      if (spec.min !== undefined && value < spec.min) {
        throw new ConfigError('INVALID_OPTION', name, `${where}: option "${name}" must be at least ${spec.min}${hint} (got ${describeValue(value)})`);
      }
      if (spec.max !== undefined && value > spec.max) {
        throw new ConfigError('INVALID_OPTION', name, `${where}: option "${name}" must be at most ${spec.max}${hint} (got ${describeValue(value)})`);
      }
    }
    if (spec.oneOf && !spec.oneOf.includes(value)) {
      throw new ConfigError('INVALID_OPTION', name, `${where}: option "${name}" must be one of ${spec.oneOf.map((v) => describeValue(v)).join(', ')} (got ${describeValue(value)})`);
    }
  }
}
