// Removes every package's dist/ (tsc's dist/lib included) before a build, so that no output of a
// deleted module survives.
import { readdirSync, rmSync } from 'node:fs';

const packages = new URL('../packages/', import.meta.url);
for (const name of readdirSync(packages)) rmSync(new URL(`${name}/dist`, packages), { recursive: true, force: true });
