// Inline scripts for HTML pages served by Node code: `import source from './page-script.js?inline-script'`
// gives the text of that browser script, bundled by esbuild into one IIFE (types stripped, imports
// inlined), as a string to put between <script> and </script>. The script stays a real TypeScript
// file that tsc and ESLint check with its own browser settings, instead of JavaScript in a template
// string that nothing checks.
//
// One compiler for every way the importing module is loaded:
//  - rollup (the Node bundles, built from what `tsc -b` emitted into dist/lib): `inlineScript()`;
//  - vitest (Vite plugins; the tests run the TypeScript sources): the same `inlineScript()`;
//  - plain Node with module hooks, where the sources run without a bundler (Playwright's test
//    workers, the CLI children of test/support/ts-register.mjs, fuzz and bench scripts):
//    `registerInlineScript()`, which registers inline-script-hooks.mjs.
// The specifier names the script as the project's other imports do (`.js`): beside an emitted
// module it is the emitted JavaScript, beside a source module it is the `.ts` source.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, resolve } from 'node:path';
import { build } from 'esbuild';

/** The import query that marks an inline script. */
export const INLINE_SCRIPT_QUERY = '?inline-script';

// Rollup's and Vite's convention for a module that no other plugin should touch.
const VIRTUAL = '\0inline-script:';

/**
 * The file an inline-script specifier names, or null if it is not one: the specifier without the
 * query, resolved against the importing file; a `.js` that does not exist there is read from the
 * `.ts` beside it (the sources import `./x.js` for `./x.ts`).
 *
 * @param {string} specifier e.g. './inspector/inspector-script.js?inline-script'
 * @param {string | undefined} importer the importing file's path
 * @returns {string | null}
 * @example
 * inlineScriptFile('./inspector/inspector-script.js?inline-script', '/repo/packages/talent-beacon-emulator/src/inspector-page.ts');
 * // '/repo/packages/talent-beacon-emulator/src/inspector/inspector-script.ts'
 */
export function inlineScriptFile(specifier, importer) {
  if (!specifier.endsWith(INLINE_SCRIPT_QUERY)) return null;
  const path = specifier.slice(0, -INLINE_SCRIPT_QUERY.length);
  if (importer === undefined || !(path.startsWith('./') || path.startsWith('../'))) {
    throw new Error(
      `inline-script: ${specifier} must be a relative path from the module that imports it (imported by ${importer ?? 'no module'})`,
    );
  }
  const file = resolve(dirname(importer), path);
  if (existsSync(file)) return file;
  const source = file.replace(/\.js$/, '.ts');
  if (source !== file && existsSync(source)) return source;
  throw new Error(`inline-script: ${file} does not exist (imported by ${importer})`);
}

/**
 * Bundles one browser script into an IIFE (ES2020, not minified, so the page's code stays readable
 * in the browser's developer tools) and returns its text and the files it was built from. Throws if
 * the text contains `</script` or `<!--`, which would end or garble the inline <script> element
 * (esbuild itself writes `</script` in strings as `<\/script`).
 *
 * @param {string} file the script's path (.ts or .js)
 * @returns {Promise<{ code: string; inputs: string[] }>}
 * @example
 * const { code } = await compileInlineScript('/repo/packages/talent-beacon-emulator/src/inspector/inspector-script.ts');
 * html = `<script>${code}</script>`;
 */
export async function compileInlineScript(file) {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    // Strict mode, as tsc checked it, whether the input is the TypeScript source (which esbuild
    // would mark itself) or the JavaScript tsc emitted (an ES module, strict without the mark,
    // which the IIFE would lose).
    banner: { js: '"use strict";' },
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    // The "// path" comment esbuild writes above the script then names the file alone, whatever the
    // working directory of the build.
    absWorkingDir: dirname(file),
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  // esbuild writes "</script" inside strings as "<\/script"; "<!--" it keeps as written, and an
  // inline <script> that holds "<!--" and then "<script" no longer ends at its "</script>".
  const breaker = /<\/script|<!--/i.exec(code);
  if (breaker) {
    throw new Error(
      `inline-script: ${file} compiles to text containing "${breaker[0]}", which would end or garble the inline <script> element: ` +
        'build that text at run time (String.fromCharCode(60) + "!--") or create the markup with DOM calls',
    );
  }
  return { code, inputs: Object.keys(result.metafile.inputs).map((input) => resolve(dirname(file), input)) };
}

/**
 * The rollup / Vite (vitest) plugin: a module imported as `./x.js?inline-script` becomes
 * `export default "<the compiled script>"`.
 *
 * @returns {import('rollup').Plugin & { enforce: 'pre' }}
 * @example
 * // rollup.config.mjs or vitest.config.ts
 * import { inlineScript } from './scripts/rollup/inline-script.mjs';
 * export default { plugins: [inlineScript()] };
 * // a module
 * import inspectorScript from './inspector/inspector-script.js?inline-script';
 */
export function inlineScript() {
  return {
    name: 'inline-script',
    // Before Vite's own resolver, which would look for a file named with the query.
    enforce: 'pre',
    resolveId(source, importer) {
      const file = inlineScriptFile(source, importer);
      return file === null ? null : VIRTUAL + file;
    },
    async load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const { code, inputs } = await compileInlineScript(id.slice(VIRTUAL.length));
      for (const input of inputs) this.addWatchFile(input);
      return { code: `export default ${JSON.stringify(code)};\n`, moduleSideEffects: false };
    },
  };
}

/**
 * Registers Node module hooks (inline-script-hooks.mjs) that load `./x.js?inline-script` imports
 * the same way, for code that Node loads itself: call it before the importing module is imported
 * (in playwright.config.ts, which Playwright loads in every worker before the test files).
 *
 * @returns {void}
 * @example
 * import { registerInlineScript } from './scripts/rollup/inline-script.mjs';
 * registerInlineScript();
 */
export function registerInlineScript() {
  register('./inline-script-hooks.mjs', import.meta.url);
}
