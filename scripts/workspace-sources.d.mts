/** Specifier -> absolute path of its source, e.g. '@talent-beacon/core' -> '/…/packages/core/src/index.ts'. */
export const workspaceSources: Record<string, string>;
/** The same as Vite/Vitest aliases (exact specifiers only). */
export const workspaceAliases: { find: RegExp; replacement: string }[];
