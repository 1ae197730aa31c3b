/**
 * Reads an upstream answer as JSON, at most `maxBytes` of it (after any content decoding, so a
 * small gzip bomb inflates no further than the limit): past it the stream is cancelled. The
 * caller's abort signal bounds the time. `json` is undefined for anything but JSON.
 *
 * @example
 * const { json, tooLarge } = await readJson(response, 65_536);
 */
export async function readJson(response: Response, maxBytes: number): Promise<{ json: unknown; tooLarge: boolean }> {
  if (!response.body) return { json: undefined, tooLarge: false };
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { json: undefined, tooLarge: true };
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  try {
    return { json: JSON.parse(text), tooLarge: false };
  } catch {
    return { json: undefined, tooLarge: false };
  }
}
