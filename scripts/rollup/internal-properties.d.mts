// Types of internal-properties.mjs, for its test (the rollup helpers are plain Node ESM).
export const INTERNAL_PROPERTIES: readonly string[];
