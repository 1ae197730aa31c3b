import { ConfigError } from '@talent-beacon/core';
import type { DefaultAuth } from './load-google-auth.js';
import type { AuthLike } from './proxy-types.js';

/**
 * The OAuth scope of the Cloud Talent Solution API ("Manage job postings"), narrower than
 * cloud-platform; the default GoogleAuth asks for it.
 *
 * @example
 * createProxy({ project, allowedOrigins, auth: new GoogleAuth({ keyFilename, scopes: [JOBS_SCOPE] }) });
 */
export const JOBS_SCOPE = 'https://www.googleapis.com/auth/jobs';

/** Returns the Authorization header value for the next upstream call. */
export type AuthHeader = () => Promise<string>;

async function fromAuth(auth: AuthLike): Promise<string> {
  if (typeof auth.getRequestHeaders === 'function') {
    const headers = await auth.getRequestHeaders();
    const value =
      headers instanceof Headers ? headers.get('authorization') : (headers.authorization ?? headers.Authorization);
    if (value) return value;
  }
  if (typeof auth.getAccessToken === 'function') {
    const result = await auth.getAccessToken();
    const token = typeof result === 'string' ? result : result?.token;
    if (token) return `Bearer ${token}`;
  }
  throw new Error('the auth client returned no access token');
}

/**
 * Builds the function that authorizes upstream calls, in this order: a fixed `token`; the given
 * `auth` client (`getRequestHeaders()` or `getAccessToken()`: every google-auth-library client);
 * else the client `defaultAuth` makes (the Node entries pass `loadGoogleAuth`: google-auth-library's
 * `GoogleAuth` with Application Default Credentials, loaded at the first call). Without
 * `defaultAuth` (the fetch-runtime entry, which must not reach google-auth-library) one of `token`
 * or `auth` is required: a {@link ConfigError} names both, at creation. The clients cache and
 * refresh tokens themselves.
 *
 * @example
 * const header = resolveAuth({ token: 'dev' });
 * await header(); // 'Bearer dev'
 */
export function resolveAuth(
  options: { token?: string; auth?: AuthLike; scopes?: string[] },
  defaultAuth?: DefaultAuth,
  where = 'createProxy',
): AuthHeader {
  if (options.token !== undefined) {
    const value = `Bearer ${options.token}`;
    return () => Promise.resolve(value);
  }
  if (options.auth) {
    const auth = options.auth;
    return () => fromAuth(auth);
  }
  if (!defaultAuth) {
    throw new ConfigError(
      'MISSING_OPTION',
      'auth',
      `${where}: option "token" or "auth" is required in fetch runtimes without Node built-ins (this is the workerd / worker / edge-light build of talent-beacon-server/proxy, which never loads google-auth-library): pass token: an OAuth 2.0 access token for the jobs scope (any string for the emulator), or auth: an object with getAccessToken() or getRequestHeaders() that returns one`,
    );
  }
  const makeDefault = defaultAuth;
  let client: Promise<AuthLike> | undefined;
  return async () => {
    client ??= makeDefault(options.scopes ?? [JOBS_SCOPE]);
    try {
      return await fromAuth(await client);
    } catch (error) {
      // Not cached: the next batch tries again (ADC may appear later, e.g. a mounted key).
      client = undefined;
      throw error;
    }
  };
}

/**
 * Removes anything credential-like from a message before it is logged: Bearer values,
 * Google access tokens (ya29.…), JWTs and private keys. Auth errors can quote a token endpoint.
 *
 * @example
 * redact('failed: Bearer ya29.abc'); // 'failed: Bearer [redacted]'
 */
export function redact(message: string, secrets: readonly string[] = []): string {
  let text = message;
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  return text
    .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '[redacted key]')
    .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(/ya29\.[\w.-]+/g, '[redacted]')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted]');
}
