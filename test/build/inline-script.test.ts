// scripts/rollup/inline-script.mjs on scratch files: which file a `?inline-script` specifier names
// (the emitted .js, else the .ts source beside it), and what the compiler makes of a TypeScript
// script with an import (one classic IIFE, types gone) and of text that would end a <script>.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { compileInlineScript, inlineScript, inlineScriptFile } from '../../scripts/rollup/inline-script.mjs';

const dir = mkdtempSync(join(tmpdir(), 'inline-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const importer = join(dir, 'page.ts');

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('inlineScriptFile', () => {
  it('reads a .js specifier from the .ts source beside the importer, or from the .js when it exists', () => {
    const source = write('only-source.ts', '');
    expect(inlineScriptFile('./only-source.js?inline-script', importer)).toBe(source);
    write('emitted.ts', '');
    const emitted = write('emitted.js', '');
    expect(inlineScriptFile('./emitted.js?inline-script', importer)).toBe(emitted);
  });

  it('leaves other specifiers alone and names the file and importer of one that is wrong', () => {
    expect(inlineScriptFile('./only-source.js', importer)).toBeNull();
    expect(inlineScriptFile('./only-source.js?raw', importer)).toBeNull();
    expect(() => inlineScriptFile('./missing.js?inline-script', importer)).toThrow(
      `inline-script: ${join(dir, 'missing.js')} does not exist (imported by ${importer})`,
    );
    expect(() => inlineScriptFile('some-package/x.js?inline-script', importer)).toThrow('must be a relative path');
  });
});

describe('compileInlineScript', () => {
  it('bundles a TypeScript script and what it imports into one strict IIFE without types', async () => {
    write('greet.ts', 'export function greet(name: string): string {\n  return `hello ${name}`;\n}\n');
    const file = write(
      'main.ts',
      "import { greet } from './greet.js';\nconst who: string = 'page';\n(globalThis as { out?: string }).out = greet(who);\n",
    );
    const { code, inputs } = await compileInlineScript(file);
    expect(code.startsWith('"use strict";\n(() => {\n')).toBe(true);
    expect(code).not.toMatch(/\bimport\b|\bexport\b|: string/);
    const sandbox: { out?: string } = {};
    runInNewContext(code, sandbox);
    expect(sandbox.out).toBe('hello page');
    expect(inputs.sort()).toEqual([join(dir, 'greet.ts'), file].sort());
  });

  it('keeps "</script>" in a string from ending the inline element, and refuses "<!--", naming the file', async () => {
    const file = write('markup.ts', "(globalThis as { out?: string }).out = '</script></SCRIPT>';\n");
    const { code } = await compileInlineScript(file);
    expect(code).not.toMatch(/<\/script/i);
    const sandbox: { out?: string } = {};
    runInNewContext(code, sandbox);
    expect(sandbox.out).toBe('</script></SCRIPT>');

    const comment = write('comment.ts', "(globalThis as { out?: string }).out = '<' + '!-- <script>';\n");
    await expect(compileInlineScript(comment)).rejects.toThrow(
      `inline-script: ${comment} compiles to text containing "<!--"`,
    );
  });
});

describe('inlineScript (the rollup / Vite plugin)', () => {
  it('resolves the specifier to a virtual module whose default export is the compiled text', async () => {
    const file = write('plugin-main.ts', 'const n: number = 1;\n(globalThis as { out?: number }).out = n + 1;\n');
    const plugin = inlineScript();
    const resolveId = plugin.resolveId as (source: string, importer: string | undefined) => string | null;
    const id = resolveId('./plugin-main.js?inline-script', importer);
    expect(id).toBe(`\0inline-script:${file}`);
    expect(resolveId('./plugin-main.js', importer)).toBeNull();
    const watched: string[] = [];
    const load = plugin.load as (
      this: { addWatchFile(file: string): void },
      id: string,
    ) => Promise<{ code: string } | null>;
    const loaded = await load.call({ addWatchFile: (input) => watched.push(input) }, id!);
    const { code } = await compileInlineScript(file);
    expect(loaded?.code).toBe(`export default ${JSON.stringify(code)};\n`);
    expect(watched).toEqual([file]);
  });
});
