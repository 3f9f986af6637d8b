/**
 * How resources answer: one JSON text content with the resource's URI, or an MCP error.
 * A domain refusal (`not_found` and the like) becomes a JSON-RPC error — `-32002`
 * (resource not found, as the MCP specification names it) for `not_found`, invalid params
 * (and the `unknown_*` codes) otherwise — whose `data` carries the URI, the stable code and the field.
 */
import type { McpError, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Outcome } from '../../kernel/index.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';

/** The MCP specification's error code for a resource that does not exist. */
export const RESOURCE_NOT_FOUND = -32002;

export const JSON_MIME = 'application/json';

export function jsonContents(uri: URL | string, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.toString(), mimeType: JSON_MIME, text: JSON.stringify(value) }] };
}

export function resourceNotFound(uri: URL | string, message: string, field?: string): McpError {
  return protocolError(RESOURCE_NOT_FOUND, message, { uri: uri.toString(), code: 'not_found', field });
}

/** Codes that mean the resource names nothing that exists. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  'not_found',
  'unknown_agent',
  'unknown_session',
  'unknown_task',
]);

/** What a domain facade answered for a resource; a refusal throws the matching MCP error. */
export function resourceValue<T>(answer: Outcome<T>, uri: URL | string): T {
  if (answer.ok) return answer.value;
  const { code, message, field } = answer.error;
  if (NOT_FOUND_CODES.has(code)) throw resourceNotFound(uri, message, field);
  throw protocolError(INVALID_PARAMS, message, { uri: uri.toString(), code, field });
}

/** A template variable as one string (the SDK gives a list for exploded variables). */
export function single(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return '';
  try {
    return decodeURIComponent(first);
  } catch {
    return first;
  }
}
