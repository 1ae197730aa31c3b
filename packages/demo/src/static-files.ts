import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Sends the file `relative` inside `dir`, refusing anything that resolves outside it. Resolves
 * false (and sends nothing) when there is no such file, so the caller can try something else.
 * `transform` rewrites HTML before sending (e.g. to fill in the inspector's URL).
 *
 * @example
 * if (!(await sendFile(res, join(root, 'demo'), url.pathname))) res.writeHead(404).end();
 */
export async function sendFile(
  res: ServerResponse,
  dir: string,
  relative: string,
  transform?: (html: string) => string,
): Promise<boolean> {
  const base = resolve(dir);
  const file = resolve(base, `.${decodeURIComponent(relative).replace(/\\/g, '/')}`);
  if (file !== base && !file.startsWith(base + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  let body: Buffer | string = await readFile(file);
  if (transform && type.startsWith('text/html')) body = transform(body.toString('utf8'));
  // no-store: the demo is rebuilt while it runs during development; stale bundles confuse.
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}
