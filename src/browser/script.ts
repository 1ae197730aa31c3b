// Entry of dist/talent-beacon.js, the IIFE for a <script> tag. Rollup builds it with
// `extend: true`, so its exports are added to an existing `window.TalentBeacon` (the pre-load
// stub) instead of replacing it: the stub's methods are overwritten by the real ones and its
// queue `TalentBeacon.q` is replayed by autoInit.
export * from './index.js';
import { autoInit } from './script/auto-init.js';

export const { impression, view, track, chain, flush, setConsent, init } = autoInit();
