import { ConfigError, type ConfigErrorCode } from './config-error.js';
import { describeValue } from './describe-value.js';
import { SCRIPT_BUILD } from './script-build.js';

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
  /** The value {@link checkOptions} returns for the option when it is absent. */
  default?: unknown;
}

// The kinds `value` is of: arrays are not objects, null is of no kind.
function kindOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? ['array', 'string[]'] : ['array'];
  return value === null ? [] : [typeof value];
}

/**
 * Checks an options object against a spec and throws a {@link ConfigError} naming the option,
 * the rule and the value for the first problem: a missing required option, an unknown one (with
 * the closest known name), a wrong type, a number out of range, a value not in `oneOf`.
 * Options set to `undefined` count as absent. Used by createTracker, createProxy and createEmulator.
 * Returns the options of the spec, each absent one as its `default` (the caller names the type).
 *
 * @example
 * checkOptions('createTracker', { batchSize: 0 }, { batchSize: { kind: 'number', min: 1 } });
 * // ConfigError: createTracker: option "batchSize" must be at least 1 (got 0)
 * checkOptions<{ batchSize: number }>('createTracker', {}, { batchSize: { kind: 'number', default: 20 } });
 * // { batchSize: 20 }
 */
export function checkOptions<T = Record<string, unknown>>(
  where: string,
  options: unknown,
  specs: Record<string, OptionSpec>,
): T {
  // Throws the ConfigError: `rule` (e.g. "min 1") is all the script build says, the Node and ESM
  // builds say `prose`; both name the option and the value seen, when one was (a missing or an
  // unknown option's error has none).
  const fail = (code: ConfigErrorCode, name: string, rule: string, prose: string, value?: unknown): never => {
    const seen = value !== undefined ? ` (got ${describeValue(value)})` : '';
    throw new ConfigError(code, name, `${where}: ${SCRIPT_BUILD ? `${name || 'options'}: ${rule}` : prose}${seen}`);
  };
  // The script build checks the options object as an option of its own, named '' ("options").
  if (SCRIPT_BUILD) options = checkOption(fail, '', { kind: 'object', default: {} }, options);
  else if (options === undefined) options = {};
  else if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('INVALID_OPTION', '', 'object', 'options must be an object', options);
  const record = options as Record<string, unknown>;
  const names = Object.keys(specs);
  for (const key of Object.keys(record)) {
    if (names.includes(key)) continue;
    // The script build's terse message lists the known options and guesses none of them.
    const close = !SCRIPT_BUILD && names.find((n) => n.toLowerCase() === key.toLowerCase());
    const mean = close ? ` (did you mean "${close}"?)` : '';
    const known = names.join(', ');
    fail('UNKNOWN_OPTION', key, `unknown ${known}${mean}`, `unknown option "${key}"${mean}; known options: ${known}`);
  }
  const checked: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    // An absent option that may be absent takes its default here: calling checkOption for each
    // of them (13 in createTracker) had V8 compile it to baseline code on the page's startup.
    checked[name] =
      record[name] === undefined && !spec.required ? spec.default : checkOption(fail, name, spec, record[name]);
  }
  return checked as T;
}

type Fail = (code: ConfigErrorCode, name: string, rule: string, prose: string, value?: unknown) => never;

// One option's checks, in a function of their own rather than the loop's body: V8 compiled the
// big loop body of checkOptions to baseline code on the page's startup (~8 KB of heap, measured
// with heap snapshots in the peer bench); small functions run in the interpreter. Returns the
// value, or the default when it is absent.
function checkOption(fail: Fail, name: string, spec: OptionSpec, value: unknown): unknown {
  // The script build checks only createTracker's options: one kind each, no `max` or `oneOf`,
  // every number an integer (test/core/script-build-messages.test.ts holds them to that), so
  // every number is checked as one without reading `spec.integer`. Its messages say the rule
  // only, so they need none of the prose below.
  if (SCRIPT_BUILD) {
    if (value === undefined) {
      if (spec.required) fail('MISSING_OPTION', name, 'required', '');
      return spec.default;
    }
    const bad = (rule: string) => fail('INVALID_OPTION', name, rule, '', value);
    // Arrays and null are of no kind an option here has (object is for plain objects).
    if (Array.isArray(value) || value === null || typeof value != spec.kind) bad(spec.kind as string);
    if (typeof value == 'number') {
      if (!Number.isInteger(value)) bad('integer');
      if (value < (spec.min ?? value)) bad('min ' + spec.min); // (no min: no bound)
    }
    return value;
  }
  const hint = spec.hint ? ` (${spec.hint})` : '';
  const must = (rule: string, prose: () => string) =>
    fail('INVALID_OPTION', name, rule, `option "${name}" must be ${prose()}${hint}`, value);
  if (value === undefined) {
    if (spec.required) fail('MISSING_OPTION', name, 'required', `option "${name}" is required${hint}`);
    return spec.default;
  }
  const kinds = [spec.kind].flat();
  const seen = kindOf(value);
  if (!kinds.some((k) => seen.includes(k))) {
    must(kinds.join('|'), () => kinds.map((k) => (k === 'string[]' ? 'an array of strings' : `a ${k}`)).join(' or '));
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value) || (spec.integer && !Number.isInteger(value)))
      must(spec.integer ? 'integer' : 'number', () => (spec.integer ? 'a whole number' : 'a number'));
    if (spec.min !== undefined && value < spec.min) must(`min ${spec.min}`, () => `at least ${spec.min}`);
  }
  if (typeof value === 'number' && spec.max !== undefined && value > spec.max)
    must(`max ${spec.max}`, () => `at most ${spec.max}`);
  const oneOf = spec.oneOf;
  if (oneOf && !oneOf.includes(value))
    must(`one of ${oneOf.join('|')}`, () => `one of ${oneOf.map((v) => describeValue(v)).join(', ')}`);
  return value;
}
