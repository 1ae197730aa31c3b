/** The canonical `google.rpc.Code` names the emulator answers with, and their HTTP status (code.proto). */
export const RPC_HTTP_STATUS = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
} as const;

/** A `google.rpc.Code` name the emulator uses. */
export type RpcStatusName = Exclude<keyof typeof RPC_HTTP_STATUS, 'PAYLOAD_TOO_LARGE'>;

/**
 * An API error as Google returns it: the HTTP status, the canonical code name and `details`
 * (`Any` objects with an `@type`). Rendered by {@link rpcStatusBody} as `{"error": {...}}` (AIP-193).
 *
 * @example
 * throw new RpcError('INVALID_ARGUMENT', 'job.title is required');
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  readonly status: RpcStatusName;
  readonly httpStatus: number;
  readonly details: Array<Record<string, unknown>>;

  constructor(
    status: RpcStatusName,
    message: string,
    details: Array<Record<string, unknown>> = [],
    httpStatus?: number,
  ) {
    super(message);
    this.status = status;
    this.httpStatus = httpStatus ?? RPC_HTTP_STATUS[status];
    this.details = details;
  }
}

/**
 * The `google.rpc.Status` JSON body of an error; `code` is the HTTP status, as Google's REST
 * surface has it (docs/cts-api.md §5.1).
 *
 * @example
 * rpcStatusBody(new RpcError('NOT_FOUND', 'Job projects/p/jobs/1 not found'));
 * // { error: { code: 404, message: 'Job projects/p/jobs/1 not found', status: 'NOT_FOUND' } }
 */
export function rpcStatusBody(error: RpcError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.httpStatus, message: error.message, status: error.status };
  if (error.details.length > 0) body.details = error.details;
  return { error: body };
}
