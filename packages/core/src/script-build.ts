/**
 * `true` only inside `dist/talent-beacon.js`, the `<script>` build, whose rollup config swaps this
 * value (see rollup.config.mjs); `false` in the ESM, Node and test builds. Code that only the
 * script build may leave out branches on it, and the minifier drops the other branch:
 * - messages are terse there: the field (or option), the rule, the limit and the value, without
 *   the prose around them (`extraInfo: max-keys 20 (got 21)`);
 * - validation keeps to the rules every API version shares, which is all the tracker applies
 *   (it does not know which version the proxy speaks); `apiVersion` is ignored there.
 *
 * @example
 * const message = SCRIPT_BUILD ? `${path}: ${rule}` : `${path} ${prose}`;
 */
export const SCRIPT_BUILD: boolean = false;
