/**
 * What troupe does with one frame (a line) a client sent, before the SDK sees it — the
 * SDK's own reader answers none of these, it only reports them to `onerror`:
 *
 * | the frame | answer |
 * |---|---|
 * | not JSON | `-32700` parse error, id null |
 * | a JSON array (a batch: MCP 2025-11-25 has none) | `-32600` for each request in it with an id (or one with id null) |
 * | JSON but not a JSON-RPC 2.0 message | `-32600` invalid request, with its id when one can be read |
 * | a request whose params do not fit its method | `-32602` invalid params, naming the field |
 * | over the size limit | `-32600`, with its id when the frame's head or tail shows it (`oversizedReply`) |
 *
 * Everything else is a message for the SDK. Unknown methods pass: the SDK answers `-32601`.
 */
import {
  ClientNotificationSchema,
  ClientRequestSchema,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { errorResponse, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR } from './errors.js';

export type Screened =
  | { readonly kind: 'message'; readonly message: JSONRPCMessage }
  /** Lines to send back to the client; nothing goes on to the SDK. */
  | { readonly kind: 'reply'; readonly lines: readonly string[] };

type RequestId = string | number;

/** Each client method's request schema, by method name (`tools/call` → `CallToolRequestSchema`). */
const REQUEST_SCHEMAS = new Map<string, z.ZodType>(
  [...ClientRequestSchema.options, ...ClientNotificationSchema.options].map((schema) => [
    schema.shape.method.value,
    schema,
  ]),
);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is RequestId =>
  typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));

export function screenFrame(line: string): Screened {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return reply(errorResponse(null, PARSE_ERROR, 'Parse error: the message is not valid JSON'));
  }
  if (Array.isArray(value)) return batch(value);
  if (!isObject(value)) return reply(invalid(null, 'a JSON-RPC message must be a JSON object'));
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return reply(invalid(id, 'jsonrpc must be "2.0"'));
  if ('method' in value) {
    if (typeof value.method !== 'string') return reply(invalid(id, 'method must be a string'));
    if ('id' in value && !isId(value.id)) return reply(invalid(null, 'id must be a string or an integer'));
    const problem = paramsProblem(value.method, value.params);
    // A notification gets no answer, not even an error: it is dropped.
    if (problem !== null) return id === null ? reply() : reply(errorResponse(id, INVALID_PARAMS, problem));
  }
  const message = JSONRPCMessageSchema.safeParse(value);
  if (!message.success) return reply(invalid(id, 'not a JSON-RPC request, notification or response'));
  return { kind: 'message', message: message.data };
}

/** Why `params` do not fit `method` (null when they do, or the method is not one troupe knows). */
function paramsProblem(method: string, params: unknown): string | null {
  if (params !== undefined && !isObject(params)) return 'Invalid params: params must be an object';
  const schema = REQUEST_SCHEMAS.get(method);
  if (schema === undefined) return null;
  const parsed = schema.safeParse({ method, ...(params === undefined ? {} : { params }) });
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const field = ['params', ...(issue?.path ?? []).slice(1).map(String)].join('.');
  return `Invalid params: ${field}: ${issue?.message ?? 'invalid'}`;
}

function batch(items: readonly unknown[]): Screened {
  const why = 'batches are not supported (MCP 2025-11-25): send one message per line';
  const ids = items.flatMap((item) => (isObject(item) && 'method' in item && isId(item.id) ? [item.id] : []));
  return ids.length === 0 ? reply(invalid(null, why)) : reply(...ids.map((id) => invalid(id, why)));
}

function invalid(id: RequestId | null, why: string): string {
  return errorResponse(id, INVALID_REQUEST, `Invalid Request: ${why}`);
}

function reply(...lines: string[]): Screened {
  return { kind: 'reply', lines };
}

/**
 * The answer to a frame over the size limit, of which only its first and last bytes were
 * kept: a request's id is read where it is unambiguous — the first member of the object
 * (`{"jsonrpc":"2.0","id":7,…`) or its last (`…,"id":7}`, as the SDK writes it).
 */
export function oversizedReply(head: string, tail: string, bytes: number, limit: number): string {
  const id = leadingId(head) ?? trailingId(tail);
  const why = `the message is ${bytes} bytes, over the limit of ${limit} bytes (--max-message-bytes)`;
  return invalid(id, why);
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.){0,256}"|-?\d{1,16})`;
const LEADING = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID_VALUE}\s*,`);
const TRAILING = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);

function leadingId(head: string): RequestId | null {
  return idFrom(LEADING.exec(head)?.[1]);
}

function trailingId(tail: string): RequestId | null {
  return idFrom(TRAILING.exec(tail)?.[1]);
}

function idFrom(text: string | undefined): RequestId | null {
  if (text === undefined) return null;
  try {
    const id: unknown = JSON.parse(text);
    return isId(id) ? id : null;
  } catch {
    return null;
  }
}
