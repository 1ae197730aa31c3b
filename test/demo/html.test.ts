import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../packages/demo/src/html.js';

describe('html', () => {
  it('escapes interpolations, joins arrays and keeps raw markup', () => {
    const query = '"><script>alert(1)</script>';
    const out = html`<input value="${query}"><ul>${['a&b', 'c'].map((i) => html`<li>${i}</li>`)}</ul>${raw('<b>ok</b>')}${undefined}${false}`;
    expect(String(out)).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><ul><li>a&amp;b</li><li>c</li></ul><b>ok</b>',
    );
  });

  it('escapes quotes for attribute values', () => {
    expect(escapeHtml(`it's "x"`)).toBe('it&#39;s &quot;x&quot;');
  });
});
