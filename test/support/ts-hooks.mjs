// Module hooks that let a child `node` process run the TypeScript sources directly (Node 20 has
// no type stripping): the workspace packages' names resolve to their sources (tsconfig.base.json's
// paths), `.js` specifiers inside a source resolve to the `.ts` file beside them, and `.ts` files
// are transpiled with the project's own `typescript` (types removed, no checks).
// Registered by ts-register.mjs; used by tests that run the CLI as a real child process.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { workspaceSources } from '../../scripts/workspace-sources.mjs';

export async function resolve(specifier, context, next) {
  const source = workspaceSources[specifier];
  if (source) return { url: pathToFileURL(source).href, shortCircuit: true };
  if (
    specifier.endsWith('.js') &&
    context.parentURL?.endsWith('.ts') &&
    (specifier.startsWith('./') || specifier.startsWith('../'))
  ) {
    const url = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
