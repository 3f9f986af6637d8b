/**
 * How resources answer: one JSON text content with the resource's URI, or an MCP error.
 * A domain refusal (`not_found` and the like) becomes a JSON-RPC error — `-32002`
 * (resource not found, as the MCP specification names it) for `not_found`, invalid params
 * otherwise — whose `data` carries the URI, the stable code and the field.
 */
import type { McpError, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { ActorRef, Outcome } from '../../kernel/index.js';
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

/** Ask a domain actor for what a resource shows; a refusal throws the matching MCP error. */
export function askerOf<M>(actor: ActorRef<M>) {
  return async <T>(msg: M, uri: URL | string): Promise<T> => {
    const answer = await actor.ask<Outcome<T>>(msg);
    if (answer.ok) return answer.value;
    const { code, message, field } = answer.error;
    if (code === 'not_found') throw resourceNotFound(uri, message, field);
    throw protocolError(INVALID_PARAMS, message, { uri: uri.toString(), code, field });
  };
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
