// Entry of dist/talent-beacon.js, the IIFE for a <script> tag. Rollup builds it with
// `extend: true`, so its exports are added to an existing `window.TalentBeacon` (the pre-load
// stub) instead of replacing it. autoInit puts the script API (impression, view, track, chain,
// flush, setConsent, init) on that same object, over the stub's methods, and replays the stub's
// queue `TalentBeacon.q`.
export * from './index.js';
import { autoInit } from './script/auto-init.js';

autoInit();
