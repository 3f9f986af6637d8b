/**
 * `answerErrorOf`: the error an MCP answer carries, as a short bounded code — a JSON-RPC
 * error's number, or the troupe code of a tool's `isError` result (`tool_error` when the
 * result carries none). Metrics label errors with it, traces set it as `error.type`.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

/** The error an answer carries, or null for a success (or a message that is no answer). */
export function answerErrorOf(message: JSONRPCMessage): string | null {
  if ('error' in message) return String(message.error.code);
  if (!('result' in message)) return null;
  const result = message.result as { isError?: unknown; content?: unknown };
  if (result.isError !== true) return null;
  const first = Array.isArray(result.content)
    ? (result.content[0] as { text?: unknown } | undefined)
    : undefined;
  if (typeof first?.text !== 'string') return 'tool_error';
  try {
    const code = (JSON.parse(first.text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && CODE_PATTERN.test(code) ? code : 'tool_error';
  } catch {
    return 'tool_error';
  }
}
