import { SCRIPT_BUILD } from './script-build.js';

// The core's tsconfig has neither DOM nor Node types; every runtime it runs in has TextEncoder.
declare const TextEncoder: new () => { encode(text: string): { length: number } };

/**
 * The number of bytes `text` takes in UTF-8 (CTS counts the extraInfo limit in bytes, not UTF-16
 * units). A lone surrogate counts 3 bytes, as U+FFFD, which is what an encoder sends. The script
 * build asks TextEncoder (every browser has it; fewer bytes to ship); elsewhere the count is
 * made without allocating, as the proxy measures every event of every batch.
 *
 * @example
 * utf8ByteLength('é');  // 2
 * utf8ByteLength('😀'); // 4
 */
export function utf8ByteLength(text: string): number {
  if (SCRIPT_BUILD) return new TextEncoder().encode(text).length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
