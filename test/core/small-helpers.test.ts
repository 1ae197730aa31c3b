import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ClientEventError,
  createEventId,
  describeValue,
  utf8ByteLength,
  validateClientEvent,
} from '../../packages/core/src/index.js';

describe('utf8ByteLength', () => {
  it('agrees with TextEncoder on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constant('binary'), fc.constant('grapheme')) as never }), (s) => {
        expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
      }),
      { numRuns: 1000 },
    );
    for (const s of ['', 'a', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83d']) {
      expect(utf8ByteLength(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('createEventId', () => {
  it('makes 21-character URL-safe ids that do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createEventId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });
});

describe('describeValue', () => {
  it('renders values briefly and never throws', () => {
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(57)}"… (100 chars)`);
    expect(describeValue([1, 2])).toBe('an array of 2');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(10n)).toBe('10');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('an object');
  });
});

describe('ClientEventError', () => {
  it('carries the issues and lists every one in its message', () => {
    const issues = validateClientEvent({ eventId: 'e', createTime: 'x', jobEvent: { type: 'VIEW', jobs: [] } });
    const error = new ClientEventError(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ClientEventError');
    expect(error.code).toBe('INVALID_CLIENT_EVENT');
    expect(error.issues).toBe(issues);
    expect(error.message).toBe(`Invalid client event: ${issues.map((i) => i.message).join('; ')}`);
    expect(issues).toHaveLength(3);
  });
});
