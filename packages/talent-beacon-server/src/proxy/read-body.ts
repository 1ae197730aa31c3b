import type { IncomingMessage } from 'node:http';
import { readStreamText } from '@talent-beacon/core/node';

/** A body read up to a limit in bytes and in time. */
export type BodyRead = { text: string } | { json: unknown } | { tooLarge: true } | { timedOut: true };

// Resolves `{ timedOut: true }` after `ms` unless `read` settles first (the timer is cleared).
function within<T>(read: Promise<T>, ms: number, onTimeout: () => void): Promise<T | { timedOut: true }> {
  if (!Number.isFinite(ms)) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve({ timedOut: true });
    }, ms);
  });
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

// A parser's own limit is not ours (express.json allows 100 kB): the parsed body, as compact
// JSON, must fit too (at most about the bytes that were sent: whitespace and escapes shrink).
function parsedTooLarge(parsed: unknown, maxBytes: number): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(parsed) ?? '') > maxBytes;
  } catch {
    return false; // not serializable (a cycle): the body checks that follow refuse it
  }
}

/**
 * Reads a Node request body as UTF-8, stopping at `maxBytes` (a declared Content-Length over
 * the limit stops it before reading) or after `timeoutMs` (a slow or stalled client: the caller
 * answers 408 and closes the connection). Copes with a body a framework already read: a string or
 * Buffer (express.text/raw) or a parsed object (express.json) in `req.body`.
 *
 * @example
 * const body = await readNodeBody(req, 65536); // { text } | { json } | { tooLarge: true }
 */
export function readNodeBody(
  req: IncomingMessage & { body?: unknown },
  maxBytes: number,
  timeoutMs = Infinity,
): Promise<BodyRead> {
  const pre = req.body;
  if (typeof pre === 'string')
    return Promise.resolve(Buffer.byteLength(pre) > maxBytes ? { tooLarge: true } : { text: pre });
  if (Buffer.isBuffer(pre))
    return Promise.resolve(pre.length > maxBytes ? { tooLarge: true } : { text: pre.toString('utf8') });
  // express.json() leaves {} when the content type was not JSON and the stream is consumed;
  // an object with keys, or any body already read, is taken as parsed.
  if (
    pre !== undefined &&
    (req.readableEnded || (typeof pre === 'object' && pre !== null && Object.keys(pre).length > 0))
  ) {
    return Promise.resolve(parsedTooLarge(pre, maxBytes) ? { tooLarge: true } : { json: pre });
  }
  if (declaredTooLarge(req.headers['content-length'], maxBytes)) return Promise.resolve({ tooLarge: true });
  return within(
    readStreamText(req, maxBytes).then((text): BodyRead => (text === undefined ? { tooLarge: true } : { text })),
    timeoutMs,
    () => req.pause(),
  );
}

/**
 * Reads a fetch-API Request body as UTF-8, stopping at `maxBytes` or after `timeoutMs` (the
 * stream is cancelled).
 *
 * @example
 * const body = await readRequestBody(request, 65536);
 */
export async function readRequestBody(request: Request, maxBytes: number, timeoutMs = Infinity): Promise<BodyRead> {
  if (declaredTooLarge(request.headers.get('content-length'), maxBytes)) return { tooLarge: true };
  if (!request.body) return { text: '' };
  const reader = request.body.getReader();
  return within(readAll(reader, maxBytes), timeoutMs, () => void reader.cancel().catch(() => undefined));
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<BodyRead> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return { text: new TextDecoder().decode(all) };
}
