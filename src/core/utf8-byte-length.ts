/**
 * The number of bytes `text` takes in UTF-8, without allocating (TextEncoder is not in every
 * runtime the core runs in, and CTS counts the extraInfo limit in bytes, not UTF-16 units).
 * A lone surrogate counts 3 bytes, as U+FFFD, which is what an encoder would send.
 *
 * @example
 * utf8ByteLength('é');  // 2
 * utf8ByteLength('😀'); // 4
 */
export function utf8ByteLength(text: string): number {
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
