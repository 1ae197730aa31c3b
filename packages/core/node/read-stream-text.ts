import type { IncomingMessage } from 'node:http';

/**
 * Reads a Node request stream as UTF-8 text, stopping as soon as more than `maxBytes` arrived
 * (resolves `undefined` then, without buffering the rest). Shared by the proxy and the emulator,
 * which answer an oversized body in their own error formats.
 *
 * @example
 * const text = await readStreamText(req, 65536);
 * if (text === undefined) res.writeHead(413).end();
 */
export function readStreamText(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}
