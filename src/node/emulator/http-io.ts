import type { IncomingMessage, ServerResponse } from 'node:http';
import { readStreamText } from '../read-stream-text.js';
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
  if (text === undefined) throw new RpcError('INVALID_ARGUMENT', `the request body is larger than ${limit} bytes`, [], 413);
  return text;
}

/**
 * Parses a JSON request body; an empty body is `{}` (GET-like calls and bodiless POSTs).
 * Invalid JSON is an INVALID_ARGUMENT error worded like Google's ("Invalid JSON payload received").
 *
 * @example
 * parseJsonBody('{"a":1}'); // { a: 1 }
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RpcError('INVALID_ARGUMENT', `Invalid JSON payload received. ${error instanceof Error ? error.message : 'Unparsable body'}`);
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
