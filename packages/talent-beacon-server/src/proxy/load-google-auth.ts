import type { AuthLike } from './proxy-types.js';

/**
 * Makes the auth client used when neither `token` nor `auth` is given (Application Default
 * Credentials). Injected by the entry point: the Node entries pass {@link loadGoogleAuth}; the
 * fetch-runtime entry (export conditions `workerd`, `worker`, `edge-light`) passes none.
 */
export type DefaultAuth = (scopes: string[]) => Promise<AuthLike>;

/**
 * Loads google-auth-library and makes a `GoogleAuth` with Application Default Credentials (a
 * service-account key in GOOGLE_APPLICATION_CREDENTIALS, gcloud user credentials, or the metadata
 * server on Cloud Run / GKE / GCE). It lives in its own module, imported only by the Node entries
 * (talent-beacon-server/proxy's default export, talent-beacon-server, the CLI): bundlers follow this
 * literal import(), and google-auth-library needs Node built-ins (fs, https, child_process), so
 * the fetch-runtime entry must never reach this file.
 *
 * @example
 * const auth = await loadGoogleAuth([JOBS_SCOPE]);
 * await auth.getRequestHeaders(); // Headers with authorization: Bearer ya29…
 */
export const loadGoogleAuth: DefaultAuth = async (scopes) => {
  let mod: typeof import('google-auth-library');
  try {
    mod = await import('google-auth-library');
  } catch (error) {
    // A runtime that cannot load it (no Node built-ins, or the package left out of a bundle):
    // name the way out, not only the module error.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `google-auth-library could not be loaded (${reason}); it provides the default credentials (ADC). Where it cannot run, pass option "token" (an access token) or "auth" (an object with getAccessToken() or getRequestHeaders())`,
      { cause: error },
    );
  }
  return new mod.GoogleAuth({ scopes });
};
