// Entry of dist/talent-beacon.js, the IIFE for a <script> tag. Rollup builds it with
// `extend: true`, so its exports are added to an existing `window.TalentBeacon` (the pre-load
// stub) instead of replacing it.
export * from './index.js';
