/**
 * The Cloud Talent Solution API versions whose `clientEvents.create` talent-beacon speaks.
 * v3p1beta1 has the v3 shape (docs/cts-api.md §1.1); v4beta1 has no discovery document and is
 * described by its proto only.
 */
export type ApiVersion = 'v3' | 'v3p1beta1' | 'v4beta1' | 'v4';

/**
 * Every supported API version, oldest first.
 *
 * @example
 * API_VERSIONS.includes('v4'); // true
 */
export const API_VERSIONS: readonly ApiVersion[] = ['v3', 'v3p1beta1', 'v4beta1', 'v4'];

/**
 * Type guard for {@link ApiVersion}.
 *
 * @example
 * isApiVersion('v4beta1'); // true
 * isApiVersion('v5');      // false
 */
export function isApiVersion(value: unknown): value is ApiVersion {
  return typeof value === 'string' && (API_VERSIONS as readonly string[]).includes(value);
}

/**
 * True for the versions with the v3 `ClientEvent` (parentEventId and extraInfo exist,
 * NOT_INTERESTED is a valid type, requestId is required, job names have no tenant).
 *
 * @example
 * isV3Family('v3p1beta1'); // true
 */
export function isV3Family(apiVersion: ApiVersion): boolean {
  return apiVersion === 'v3' || apiVersion === 'v3p1beta1';
}
