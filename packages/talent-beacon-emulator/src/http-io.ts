import type { IncomingMessage, ServerResponse } from 'node:http';
import { readStreamText } from '@talent-beacon/core/node';
import { RpcError, rpcStatusBody } from './rpc-error.js';

/** The largest request body read (a Job description alone may be 100,000 characters). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a request body as text, refusing more than {@link MAX_BODY_BYTES}.
 *
 * @example
 * const text = await readBody(req);
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const text = await readStreamText(req, limit);
  if (text === undefined)
    throw new RpcError('INVALID_ARGUMENT', `the request body is larger than ${limit} bytes`, [], 413);
  return text;
}

/**
 * The deepest nesting of objects and arrays a request body may have: protobuf's JSON parser
 * refuses messages nested deeper than 100 (its default recursion limit), and a value nested a few
 * thousand levels deep could be stored but not serialized again (JSON.stringify overflows the
 * stack), so every later answer that includes it would fail.
 */
export const MAX_JSON_DEPTH = 100;

/** The deepest nesting of `[` / `{` in JSON text, outside strings; one linear pass, no recursion. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parses a JSON request body; an empty body is `{}` (GET-like calls and bodiless POSTs).
 * Invalid JSON is an INVALID_ARGUMENT error worded like Google's ("Invalid JSON payload received"),
 * and so is JSON nested deeper than {@link MAX_JSON_DEPTH}.
 *
 * @example
 * parseJsonBody('{"a":1}'); // { a: 1 }
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new RpcError(
      'INVALID_ARGUMENT',
      `Invalid JSON payload received. The body is nested deeper than ${MAX_JSON_DEPTH} levels (the limit of protobuf's JSON parser).`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RpcError(
      'INVALID_ARGUMENT',
      `Invalid JSON payload received. ${error instanceof Error ? error.message : 'Unparsable body'}`,
    );
  }
}

/**
 * Answers with JSON.
 *
 * @example
 * sendJson(res, 200, { ok: true });
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Answers with a google.rpc.Status error body.
 *
 * @example
 * sendError(res, new RpcError('NOT_FOUND', 'no such route'));
 */
export function sendError(res: ServerResponse, error: RpcError): void {
  sendJson(res, error.httpStatus, rpcStatusBody(error));
}
