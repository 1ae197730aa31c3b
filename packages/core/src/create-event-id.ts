import { nanoid } from 'nanoid';

/**
 * A new eventId: 21 URL-safe characters from nanoid (126 bits of randomness from
 * `crypto.getRandomValues`), unique enough that the proxy can drop repeats by id.
 *
 * @example
 * createEventId(); // 'V1StGXR8_Z5jdHi6B-myT'
 */
export function createEventId(): string {
  return nanoid();
}
