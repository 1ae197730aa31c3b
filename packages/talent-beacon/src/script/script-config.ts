import { TRACKER_OPTIONS } from '../tracker/create-tracker.js';
import type { TrackerOptions } from '../tracker/tracker-types.js';

// A value as JSON ("true" -> true, "500" -> 500, '{"X-Key":"k"}' -> an object), an empty one
// (data-debug) as true, anything else ("/cts/events") as the text it is.
const value = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text == '' || text;
  }
};

/**
 * The tracker options of the <script> build: the data-* attributes of `script` (data-endpoint,
 * data-debug, data-consent, data-batch-size, ...) overlaid by `window.TalentBeaconConfig`.
 * `undefined` when neither gives an endpoint: then the page configures the tracker itself.
 *
 * @example
 * // <script src="talent-beacon.js" data-endpoint="/cts/events" data-consent="false"></script>
 * scriptConfig(document.currentScript, window.TalentBeaconConfig);
 * // { endpoint: '/cts/events', consent: false }
 */
export function scriptConfig(
  script: Element | null | undefined,
  config?: Partial<TrackerOptions>,
): TrackerOptions | undefined {
  const options: Record<string, unknown> = {};
  // The tracker's options only, not "every data-*": other tools put their own data-* on script
  // tags (e.g. data-cookieconsent), and createTracker refuses unknown options. A value of the
  // wrong kind (data-on-error) reaches createTracker, which says so.
  for (const name in TRACKER_OPTIONS) {
    const attribute = (script as HTMLElement | null | undefined)?.dataset?.[name];
    if (attribute != null) options[name] = value(attribute);
  }
  Object.assign(options, config);
  return options.endpoint ? (options as unknown as TrackerOptions) : undefined;
}
