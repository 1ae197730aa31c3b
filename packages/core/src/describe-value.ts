/**
 * A short, safe rendering of any value for error messages: strings quoted and cut at 60
 * characters, objects by their kind. Never throws (not even on cycles, getters or BigInt).
 *
 * @example
 * describeValue('x'.repeat(100)); // '"xxxx…" (100 chars)'
 * describeValue([1, 2]);          // 'an array of 2'
 */
export function describeValue(value: unknown): string {
  try {
    if (typeof value == 'string')
      return value.length > 60
        ? `${JSON.stringify(value.slice(0, 57))}… (${value.length} chars)`
        : JSON.stringify(value);
    // A symbol's description is as long as its author made it; a function's source, longer.
    const kind = typeof value;
    if (kind == 'function' || kind == 'symbol') return 'a ' + kind;
    if (Array.isArray(value)) return `an array of ${value.length}`;
    // null, undefined, numbers, booleans and bigints as they print; objects by their kind.
    return value && kind == 'object' ? 'an object' : String(value);
  } catch {
    return 'an unreadable value';
  }
}

/**
 * What a validation issue keeps as its `value`: numbers, booleans, null and strings of at most 60
 * characters as they are; anything else (objects, arrays, long strings) as its
 * {@link describeValue} text, so an issue never holds the raw input (which may be huge, deeply
 * nested or unserializable) and always survives JSON.stringify.
 *
 * @example
 * boundedValue(3);          // 3
 * boundedValue([[[[]]]]);   // 'an array of 1'
 */
export function boundedValue(value: unknown): unknown {
  const kind = typeof value;
  return value == null || kind == 'number' || kind == 'boolean' || (kind == 'string' && (value as string).length <= 60)
    ? value
    : describeValue(value);
}
