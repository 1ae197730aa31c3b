/**
 * The eventId of a fact the site reports with its own idempotency key: `k` followed by the
 * base64url SHA-256 (43 characters) of `talent-beacon/key/v1`, the project, the tenant (empty
 * without one) and the key, each on its own line. The same key of the same project and tenant
 * always gives the same eventId, from any instance or run, so the dedupe store (and CTS, if it
 * drops repeated eventIds) sees one fact once; two tenants using the same key do not collide.
 * Web Crypto only (no node: import), so it also runs in fetch runtimes.
 *
 * @example
 * await deriveEventId({ project: 'acme', tenant: 'main', key: 'hire-4711' });
 * // 'k' + 43 base64url characters, the same on every call
 */
export async function deriveEventId(input: { project: string; tenant?: string; key: string }): Promise<string> {
  const text = `talent-beacon/key/v1\n${input.project}\n${input.tenant ?? ''}\n${input.key}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `k${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
