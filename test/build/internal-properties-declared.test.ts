// The property names terser shortens in the script build (scripts/rollup/internal-properties.mjs),
// checked against the sources with the TypeScript checker: terser renames a listed name on EVERY
// object (`builtins: true`), so one that the bundle also reads or writes on an object declared
// outside our sources (a DOM or JavaScript object: `response.ok`, `element.remove()`, a Web Locks
// option) breaks the script build there. internal-properties.test.ts checks what a page, the proxy
// and storage see of a running tracker; this one checks every use in the code, also those a test
// run does not reach. (Adapted from the delivery-lean branch's mangled-names test.)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { INTERNAL_PROPERTIES } from '../../scripts/rollup/internal-properties.mjs';

const listed = new Set(INTERNAL_PROPERTIES);
const root = resolve('packages/talent-beacon/src');
const inPackages = (file: string) => file.includes('/packages/') && !file.includes('/node_modules/');
const ours = (file: string) => inPackages(file) && !file.endsWith('.d.ts');

// The script build's entry and everything it imports, typed as the browser sees it.
const config = ts.parseJsonConfigFileContent(
  JSON.parse(readFileSync('tsconfig.base.json', 'utf8')) as object,
  ts.sys,
  resolve('.'),
);
const program = ts.createProgram([`${root}/script.ts`], {
  ...config.options,
  noEmit: true,
  composite: false,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
});
const checker = program.getTypeChecker();
const sources = program.getSourceFiles().filter((file) => ours(file.fileName));

/** The declarations of the property `name` at this node (undefined: the checker cannot tell; []: not a property). */
function declarationsOf(node: ts.Identifier): readonly ts.Declaration[] | undefined {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node)
    return checker.getSymbolAtLocation(node)?.declarations;
  if (
    (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) &&
    parent.name === node
  ) {
    if (!ts.isObjectLiteralExpression(parent.parent)) return [];
    // An object literal's own key, or one of the type it is given to (an options bag of a DOM call).
    const contextual = checker.getContextualType(parent.parent);
    return contextual?.getProperty(node.text)?.declarations ?? [];
  }
  if (
    ts.isBindingElement(parent) &&
    (parent.propertyName ?? parent.name) === node &&
    ts.isObjectBindingPattern(parent.parent)
  ) {
    return checker.getTypeAtLocation(parent.parent).getProperty(node.text)?.declarations;
  }
  return []; // a variable or a parameter: terser's ordinary mangling
}

describe('the property names the script build shortens', () => {
  it('are declared only in our sources, wherever the script build reads or writes them', () => {
    expect(sources.length).toBeGreaterThan(20); // the program reached the tracker's files
    const outside: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) && listed.has(node.text)) {
        const declarations = declarationsOf(node);
        const file = node.getSourceFile();
        const where = `${file.fileName.replace(resolve('.') + '/', '')}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1} .${node.text}`;
        if (!declarations) outside.push(`${where} (type unknown)`);
        else if (declarations.some((d) => !inPackages(d.getSourceFile().fileName))) {
          outside.push(
            `${where} (declared in ${declarations.map((d) => d.getSourceFile().fileName.split('/').slice(-2).join('/')).join(', ')})`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const file of sources) visit(file);
    expect(outside).toEqual([]);
  });

  it('are not read from the bundled dependencies (idb-keyval, nanoid), whose code the mangler renames too', () => {
    const files = [resolve('node_modules/idb-keyval/dist/index.js'), resolve('node_modules/nanoid/index.browser.js')];
    const used = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
    );
    expect(INTERNAL_PROPERTIES.filter((name) => used.includes(name))).toEqual([]);
  });
});
