/**
 * JSON-RPC errors as troupe sends them: the codes of JSON-RPC 2.0 and MCP, and messages
 * without the SDK's `MCP error <code>: ` prefix — the client's SDK adds that prefix itself
 * when it turns the error into an `McpError`, so a server that sends it is read as
 * "MCP error -32602: MCP error -32602: …".
 */
import { ErrorCode, type JSONRPCMessage, McpError } from '@modelcontextprotocol/sdk/types.js';

export const PARSE_ERROR = ErrorCode.ParseError; // -32700
export const INVALID_REQUEST = ErrorCode.InvalidRequest; // -32600
export const METHOD_NOT_FOUND = ErrorCode.MethodNotFound; // -32601
export const INVALID_PARAMS = ErrorCode.InvalidParams; // -32602

/** An `McpError` whose message is only `message` (the SDK's own puts its prefix in it). */
export function protocolError(code: number, message: string, data?: unknown): McpError {
  const error = new McpError(code, message, data);
  error.message = message;
  return error;
}

const PREFIX = /^MCP error -?\d+: /;

/** A message going out to the client, with the prefix taken off an error response's message. */
export function withCleanError(message: JSONRPCMessage): JSONRPCMessage {
  if (!('error' in message) || typeof message.error?.message !== 'string') return message;
  const clean = message.error.message.replace(PREFIX, '');
  return clean === message.error.message
    ? message
    : { ...message, error: { ...message.error, message: clean } };
}

/** A JSON-RPC error response line (`id` null when the request's id could not be read). */
export function errorResponse(id: string | number | null, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}
