// The types of dist/talent-beacon.js, the <script> build (package export "./talent-beacon.js",
// bundled into dist/talent-beacon.d.ts): the file has no module exports, it fills the global
// `TalentBeacon` with the ESM entry's exports and the script API (script.ts, auto-init.ts). A site
// that loads the tag and writes TypeScript gets the global typed with:
//   import type {} from 'talent-beacon/talent-beacon.js';
// The build keeps `./index.js` as an import of the package's own index.d.ts (rollup.config.mjs).
import type * as TalentBeaconModule from './index.js';
import type { Tracker, TrackerOptions } from './index.js';

declare global {
  /**
   * What the <script> build defines: talent-beacon's exports, the tracker methods of the page's
   * tracker (`impression`, `view`, `track`, `chain`, `flush`, `setConsent`), `init` for pages that
   * configure in JS, and `q`, the pre-load stub's queue of early calls.
   */
  var TalentBeacon: typeof TalentBeaconModule &
    Pick<Tracker, 'impression' | 'view' | 'track' | 'chain' | 'flush' | 'setConsent'> & {
      init(options: TrackerOptions): Tracker;
      q?: unknown[];
    };
}
