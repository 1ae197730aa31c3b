// Node module hooks (module.register) for `./x.js?inline-script` imports, where the TypeScript
// sources run without a bundler: Playwright's test workers and the children started with
// test/support/ts-register.mjs. Registered by registerInlineScript() of inline-script.mjs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileInlineScript, INLINE_SCRIPT_QUERY, inlineScriptFile } from './inline-script.mjs';

export async function resolve(specifier, context, next) {
  if (!specifier.endsWith(INLINE_SCRIPT_QUERY) || !context.parentURL?.startsWith('file:'))
    return next(specifier, context);
  const file = inlineScriptFile(specifier, fileURLToPath(context.parentURL));
  return { url: pathToFileURL(file).href + INLINE_SCRIPT_QUERY, shortCircuit: true };
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith(INLINE_SCRIPT_QUERY)) return next(url, context);
  const { code } = await compileInlineScript(fileURLToPath(url.slice(0, -INLINE_SCRIPT_QUERY.length)));
  return { format: 'module', source: `export default ${JSON.stringify(code)};\n`, shortCircuit: true };
}
