// `import source from './x.js?inline-script'`: the browser script x.ts bundled into one IIFE, as
// text for an inline <script> element (scripts/rollup/inline-script.mjs builds it).
declare module '*?inline-script' {
  const source: string;
  export default source;
}
