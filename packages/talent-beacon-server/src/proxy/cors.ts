// Header names a browser may ask for in a preflight: RFC 9110 tokens only, so nothing odd is echoed.
const TOKEN_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/**
 * Whether a request's Origin may use the proxy. A request without Origin is allowed: it does
 * not come from a cross-origin page (curl, a server, and some browsers' same-origin beacons),
 * and CORS protects browsers only; a foreign origin gets 403 and nothing is forwarded.
 *
 * @example
 * isOriginAllowed('https://jobs.example.com', ['https://jobs.example.com']); // true
 * isOriginAllowed(null, ['https://jobs.example.com']);                      // true (no Origin)
 */
export function isOriginAllowed(origin: string | null | undefined, allowed: readonly string[]): boolean {
  return origin == null || origin === '' || allowed.includes(origin);
}

/**
 * The CORS headers of an answer to an allowed origin; with `preflight`, those of an OPTIONS
 * answer too (POST only; the requested headers echoed when they are plain header names, since a
 * tracker may add its own `headers`; cached by the browser for 10 minutes).
 *
 * @example
 * corsHeaders('https://jobs.example.com', { preflight: false });
 * // { 'access-control-allow-origin': 'https://jobs.example.com', vary: 'Origin' }
 */
export function corsHeaders(
  origin: string | null | undefined,
  options: { preflight: boolean; requestHeaders?: string | null },
): Record<string, string> {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin) headers['access-control-allow-origin'] = origin;
  if (options.preflight) {
    headers['access-control-allow-methods'] = 'POST, OPTIONS';
    const requested = options.requestHeaders?.trim();
    headers['access-control-allow-headers'] = requested && TOKEN_LIST.test(requested) ? requested : 'content-type';
    headers['access-control-max-age'] = '600';
  }
  return headers;
}
