// Types of inline-script.mjs, for vitest.config.ts (the rollup helpers are plain Node ESM).
import type { Plugin } from 'rollup';

export const INLINE_SCRIPT_QUERY: '?inline-script';
export function inlineScriptFile(specifier: string, importer: string | undefined): string | null;
export function compileInlineScript(file: string): Promise<{ code: string; inputs: string[] }>;
export function inlineScript(): Plugin & { enforce: 'pre' };
export function registerInlineScript(): void;
