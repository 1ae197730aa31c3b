// A tagged template that escapes interpolated values, so the server-rendered board cannot be
// broken (or scripted) by a job title or a search query. Nest with `raw()` for trusted markup.

const RAW = Symbol('raw html');

/** Markup that `html` inserts as is. */
export interface RawHtml {
  [RAW]: string;
  toString(): string;
}

/**
 * Marks already-safe markup (e.g. another `html` result or a sanitised description).
 *
 * @example
 * html`<div>${raw('<b>bold</b>')}</div>`;
 */
export function raw(markup: string): RawHtml {
  return { [RAW]: markup, toString: () => markup };
}

/**
 * Escapes text for HTML element content and double-quoted attribute values.
 *
 * @example
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * What `html` interpolates: text and numbers (escaped), markup, lists of them; nothing for
 * undefined, null and false (so `${cond && html`...`}` works). Other objects are a type error:
 * they would print as "[object Object]".
 */
export type HtmlValue = string | number | boolean | null | undefined | RawHtml | readonly HtmlValue[];

/**
 * Builds HTML; every interpolation is escaped unless it is {@link RawHtml}; arrays are joined.
 *
 * @example
 * html`<h1>${title}</h1><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): RawHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return raw(out);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (isList(value)) return value.map(render).join('');
  if (typeof value === 'object') return value[RAW];
  return escapeHtml(String(value));
}

// Array.isArray narrows a readonly array type to any[]: this keeps the element type.
function isList(value: HtmlValue): value is readonly HtmlValue[] {
  return Array.isArray(value);
}
