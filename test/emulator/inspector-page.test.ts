// The inspector page as the emulator serves it at `/`: its one inline script is inspector-script.ts
// compiled (plain JavaScript: no type, import or export left), and that script, run in jsdom
// against the emulator over real HTTP, shows the empty state and then the event the emulator got.
import { Script } from 'node:vm';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../../packages/talent-beacon-emulator/src/index.js';

// One clock for the emulator and the events it receives.
const NOW = Date.parse('2026-11-20T09:00:00.000Z');
let emulator: Emulator;
let url: string;

beforeAll(async () => {
  emulator = createEmulator({ token: 'dev', clock: () => new Date(NOW) });
  url = await emulator.listen(0, '127.0.0.1');
});
afterAll(() => emulator.close());

async function page(): Promise<string> {
  const response = await fetch(`${url}/`);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return response.text();
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
}

describe('inspector page', () => {
  it('carries inspector-script.ts compiled: one inline script that parses as a classic script', async () => {
    const html = await page();
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(1);
    const script = scripts[0]!;
    // A type annotation, an `import type` or an `export` left in the text is a SyntaxError here.
    expect(() => new Script(script, { filename: 'inspector-script.js' })).not.toThrow();
    expect(script).toMatch(/^"use strict";\n\(\(\) => \{\n/);
    expect(script).toContain('/_emulator/events');
    expect(script).toContain('emulator not answering');
  });

  it('runs in a DOM: the empty state with a curl example, then the event the emulator received', async () => {
    const errors: unknown[] = [];
    const virtualConsole = new VirtualConsole();
    virtualConsole.on('jsdomError', (error) => errors.push(error));
    const dom = new JSDOM(await page(), {
      url,
      runScripts: 'dangerously',
      virtualConsole,
      // jsdom has no fetch: the page's requests go to the emulator through Node's.
      beforeParse(window) {
        window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
          fetch(new URL(input instanceof Request ? input.url : input, url), init);
      },
    });
    const doc = dom.window.document;
    const text = (selector: string) => doc.querySelector(selector)?.textContent;
    try {
      await vi.waitFor(() => expect(text('#requests pre')).toBeTruthy(), { timeout: 10_000 });
      expect(text('#live-text')).toBe('live');
      expect(text('#n-events')).toBe('0');
      // The example's createTime is the browser's now: checked for its form only.
      const example = text('#requests pre')!;
      expect(/"createTime":"([^"]*)"/.exec(example)?.[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(example.replace(/"createTime":"[^"]*"/, '"createTime":"…"')).toBe(
        [
          `curl -X POST ${url}/v4/projects/demo/tenants/board/clientEvents \\`,
          '  -H "Authorization: Bearer dev" -H "Content-Type: application/json" \\',
          `  -d '{"eventId":"e1","requestId":"r1","createTime":"…",`,
          `       "jobEvent":{"type":"IMPRESSION","jobs":["projects/demo/tenants/board/jobs/1"]}}'`,
        ].join('\n'),
      );

      const response = await fetch(`${url}/v4/projects/demo/tenants/board/clientEvents`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev', 'content-type': 'application/json' },
        body: JSON.stringify({
          eventId: 'e1',
          requestId: 'r1',
          createTime: new Date(NOW).toISOString(),
          jobEvent: { type: 'IMPRESSION', jobs: ['projects/demo/tenants/board/jobs/1'] },
        }),
      });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(text('#n-events')).toBe('1'), { timeout: 10_000 });
      expect(text('#requests .rid')).toBe('r1');
      expect(text('#requests .tag')).toBe('unknown requestId');
      expect(text('#requests .type')).toBe('IMPRESSION');
      expect(text('#requests .jobs')).toBe('…/jobs/1');
      expect(text('#requests .eid')).toBe('e1');
      expect(doc.getElementById('warnings-panel')?.hidden).toBe(false);
      expect([...doc.querySelectorAll('#warnings .code')].map((code) => code.textContent)).toContain(
        'UNKNOWN_REQUEST_ID',
      );
      expect(doc.getElementById('funnel-panel')?.hidden).toBe(false);
      expect(text('#funnel-chart')).toContain('Impressions');
    } finally {
      dom.window.close();
    }
    expect(errors).toEqual([]);
  });
});
