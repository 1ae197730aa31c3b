// Removes dist/ before a build, so that no output of a deleted module survives.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
