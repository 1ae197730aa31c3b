// The PII guard on the way out (issue 13 item 4): events go to Google, so an extraInfo value that
// looks like an e-mail address, a phone number or a payment card number must not leave the site by
// accident. Pure (no node: imports): the proxy also runs in fetch runtimes.

/**
 * What the guard does with an extraInfo value that looks like personal data: `'reject'` (the
 * default) refuses the event with an issue naming the rule and the key, never the value;
 * `'redact'` replaces the value with `[redacted:<rule>]` and sends the event; `'off'` sends it as is.
 */
export type PiiMode = 'reject' | 'redact' | 'off';

/** Every {@link PiiMode}, for option checks. */
export const PII_MODES: readonly PiiMode[] = ['reject', 'redact', 'off'];

/** The kinds of personal data the guard looks for; also the issue rule (`pii-email`, …). */
export type PiiKind = 'email' | 'phone' | 'card';

// An address inside any text: local part, @, a dotted domain with a letter TLD. RFC 5322 allows
// more (quoted local parts), which no one writes into analytics fields by accident.
const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/;
// 13 to 19 digits, optionally grouped by single spaces or hyphens (ISO/IEC 7812 lengths).
const CARD = /(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d.,])/g;
// A run of digits with phone punctuation: optional + or 00, groups split by space . - / ( ).
const PHONE = /(?<![\w.,/:-])(?:\+|00)?\(?\d[\d ()./-]{5,22}\d(?![\w.,/:-]|[-/.]\d)/g;
// Shapes of numbers that are not phone numbers: ISO dates and times, dotted dates, IPv4, versions.
const NOT_PHONE = [
  /^\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?$/,
  /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/,
  /^\d{1,3}(?:\.\d{1,3}){3}$/,
  /^\d+(?:\.\d+){1,3}$/,
];

/**
 * The Luhn (mod 10) check of ISO/IEC 7812, which every payment card number passes.
 *
 * @example
 * luhnValid('4111111111111111'); // true
 * luhnValid('4111111111111112'); // false
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function looksLikeCard(value: string): boolean {
  for (const match of value.matchAll(CARD)) {
    const digits = match[0].replace(/[ -]/g, '');
    // All one digit (0000 0000 0000 0000) passes Luhn but is a placeholder, not a card.
    if (!/^(\d)\1+$/.test(digits) && luhnValid(digits)) return true;
  }
  return false;
}

function looksLikePhone(value: string): boolean {
  for (const match of value.matchAll(PHONE)) {
    const text = match[0].trim();
    const digits = text.replace(/\D/g, '');
    const international = text.startsWith('+') || text.startsWith('00');
    // E.164 numbers have at most 15 digits; a bare run of digits (an id, a timestamp) is only a
    // phone number when it is written as one (+ or 00 in front); with separators, at least 9
    // digits in at least three groups or behind + (so "12-34", "2026-11-22" and "1.2.3" pass).
    if (digits.length > 15 || digits.length < (international ? 8 : 9)) continue;
    if (NOT_PHONE.some((shape) => shape.test(text))) continue;
    const groups = text.split(/[ ()./-]+/).filter(Boolean).length;
    if (international || groups >= 3 || /^\(\d+\)/.test(text)) return true;
  }
  return false;
}

/**
 * Which kind of personal data a value looks like, if any: an e-mail address, a payment card number
 * (13–19 digits, optionally grouped, passing the Luhn check) or a phone number (8–15 digits
 * written as one: `+` or `00` in front, or three or more groups, or an area code in parentheses;
 * dates, times, IPv4 addresses, version numbers and bare ids are not phone numbers).
 *
 * @example
 * findPii('alex@example.com');      // 'email'
 * findPii('4111 1111 1111 1111');   // 'card'
 * findPii('+49 30 1234567');        // 'phone'
 * findPii('2026-11-22');            // undefined
 */
export function findPii(value: string): PiiKind | undefined {
  if (EMAIL.test(value)) return 'email';
  // Cards first: a grouped card number also has the shape of a phone number.
  if (looksLikeCard(value)) return 'card';
  if (looksLikePhone(value)) return 'phone';
  return undefined;
}

/** One extraInfo value the guard found, by key and kind (the value is never kept). */
export interface PiiFinding {
  key: string;
  kind: PiiKind;
}

/**
 * Applies the guard to an extraInfo map (values already strings): in `'reject'` mode returns
 * the findings (the caller refuses the event); in `'redact'` mode returns a copy with each such
 * value replaced by `[redacted:<kind>]`; in `'off'` mode returns the map unchanged.
 *
 * @example
 * guardExtraInfo({ contact: 'alex@example.com', source: 'mail' }, 'reject');
 * // { findings: [{ key: 'contact', kind: 'email' }] }
 * guardExtraInfo({ contact: 'alex@example.com' }, 'redact');
 * // { extraInfo: { contact: '[redacted:email]' }, findings: [{ key: 'contact', kind: 'email' }] }
 */
export function guardExtraInfo(
  extraInfo: Record<string, string>,
  mode: PiiMode,
): { extraInfo: Record<string, string>; findings: PiiFinding[] } {
  if (mode === 'off') return { extraInfo, findings: [] };
  const findings: PiiFinding[] = [];
  // A null-prototype map, like the one checkEvent builds: "__proto__" stays a plain key.
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(extraInfo)) {
    const kind = findPii(value);
    if (kind) findings.push({ key, kind });
    out[key] = kind && mode === 'redact' ? `[redacted:${kind}]` : value;
  }
  return { extraInfo: mode === 'redact' ? out : extraInfo, findings };
}
