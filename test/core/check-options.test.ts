import { describe, expect, it } from 'vitest';
import { ConfigError, checkOptions, type OptionSpec } from '../../packages/core/src/index.js';

const specs: Record<string, OptionSpec> = {
  endpoint: { kind: 'string', required: true, hint: 'a URL string such as "/cts/events"' },
  batchSize: { kind: 'number', integer: true, min: 1, max: 100 },
  mode: { kind: 'string', oneOf: ['a', 'b'] },
  onError: { kind: 'function' },
  origins: { kind: 'string[]' },
};

const fail = (options: unknown) => {
  try {
    checkOptions('createThing', options, specs);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('checkOptions', () => {
  it('accepts valid options and treats undefined as absent', () => {
    expect(() =>
      checkOptions('x', { endpoint: '/e', batchSize: 5, mode: 'a', onError: () => {}, origins: ['o'] }, specs),
    ).not.toThrow();
    expect(() => checkOptions('x', { endpoint: '/e', batchSize: undefined }, specs)).not.toThrow();
  });

  it('returns the options of the spec, the absent ones as their default', () => {
    const spec: Record<string, OptionSpec> = { size: { kind: 'number', default: 20 }, name: { kind: 'string' } };
    expect(checkOptions('x', { size: undefined, name: 'n' }, spec)).toEqual({ size: 20, name: 'n' });
    expect(checkOptions('x', undefined, spec)).toEqual({ size: 20, name: undefined });
    expect(checkOptions('x', { size: 3 }, spec)).toEqual({ size: 3, name: undefined });
  });

  it('names the missing option with its hint', () => {
    const e = fail({});
    expect(e.code).toBe('MISSING_OPTION');
    expect(e.option).toBe('endpoint');
    expect(e.message).toBe('createThing: option "endpoint" is required (a URL string such as "/cts/events")');
  });

  it('suggests the right spelling of an unknown option', () => {
    const e = fail({ endpoint: '/e', batchsize: 2 });
    expect(e.code).toBe('UNKNOWN_OPTION');
    expect(e.message).toContain('unknown option "batchsize" (did you mean "batchSize"?)');
  });

  it('names type, range and enumeration problems with the value', () => {
    expect(fail({ endpoint: 5 }).message).toBe(
      'createThing: option "endpoint" must be a string (a URL string such as "/cts/events") (got 5)',
    );
    expect(fail({ endpoint: '/e', batchSize: 0 }).message).toBe(
      'createThing: option "batchSize" must be at least 1 (got 0)',
    );
    expect(fail({ endpoint: '/e', batchSize: 101 }).message).toContain('must be at most 100 (got 101)');
    expect(fail({ endpoint: '/e', batchSize: 1.5 }).message).toContain('must be a whole number');
    expect(fail({ endpoint: '/e', batchSize: Number.NaN }).message).toContain('(got NaN)');
    expect(fail({ endpoint: '/e', mode: 'c' }).message).toContain('must be one of "a", "b" (got "c")');
    expect(fail({ endpoint: '/e', origins: [1] }).message).toContain('must be an array of strings');
    expect(fail(null).message).toContain('options must be an object (got null)');
  });
});
