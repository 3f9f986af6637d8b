/**
 * What every answer to a fuzzed tool call must be, whatever the arguments:
 *
 * - an answer at all, within `CALL_TIMEOUT_MS` (else the server hung);
 * - a success whose structured content passes the tool's listed output schema — checked here
 *   with the validator the SDK client uses (`AjvJsonSchemaValidator`), so a bad result is told
 *   apart from the server's own answers — and says `orchestration.coordinated`;
 * - or an `isError` result with no structured content whose only content is the JSON text
 *   `{ error: { code, message, field? } }`, the code from the kernel's closed set and not one
 *   that says the server failed rather than the request (`internal`, a crashed or jammed
 *   thread, an actor that threw or never replied, …: a crash behind a polite answer);
 * - or — only for `arguments` that are no object — a JSON-RPC error with its numeric code.
 *
 * It owns the check of one answer; the arguments are `tool-arguments.ts`'s.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { TROUPE_ERROR_CODES } from '../../../src/kernel/index.js';
import type { FuzzCall } from './tool-arguments.js';

/** How long one call may take before it counts as a hang (a loaded 2-core machine included). */
export const CALL_TIMEOUT_MS = 20_000;

const KNOWN_CODES: ReadonlySet<string> = new Set(TROUPE_ERROR_CODES);

/** Codes that say the server broke, not that the request was wrong: never an answer to bad input. */
export const FAULT_CODES: ReadonlySet<string> = new Set([
  'internal',
  'actor_failed',
  'worker_crashed',
  'thread_jammed',
  'no_reply',
  'unencodable_message',
  'spawn_failed',
  'message_quarantined',
  'actor_suspended',
  'state_decode_failed',
  'store_write_failed',
  'system_shut_down',
  'unbound_ref',
  'unknown_actor_kind',
  'restart_intensity_reached',
  'ask_timeout',
  'invalid_option',
  'state_too_large',
]);

export type AnswerKind = 'success' | 'refused' | 'protocol';

export interface Answer {
  readonly kind: AnswerKind;
  /** The refusal's code, or the JSON-RPC error's. */
  readonly code?: string | number;
}

/** A failed property: what was sent, what came back. */
export class BadAnswer extends Error {}

export class ToolAnswers {
  readonly #validators = new Map<string, JsonSchemaValidator<unknown>>();

  constructor(tools: readonly Tool[]) {
    const ajv = new AjvJsonSchemaValidator();
    for (const tool of tools)
      if (tool.outputSchema) this.#validators.set(tool.name, ajv.getValidator(tool.outputSchema));
  }

  /** Call `tool` with `call`'s arguments and check the answer; throws `BadAnswer` when it is wrong. */
  async check(client: Client, tool: string, call: FuzzCall): Promise<Answer> {
    let result: Awaited<ReturnType<typeof request>>;
    try {
      result = await request(client, tool, call.arguments);
    } catch (error) {
      if (!(error instanceof McpError)) throw error;
      // -32001 is the client's own timeout, -32000 its closed connection: the server hung or died.
      if (error.code === -32001 || error.code === -32000)
        throw new BadAnswer(`${tool}: no answer (${error.message})`);
      if (call.kind !== 'shapeless')
        throw new BadAnswer(
          `${tool}: a JSON-RPC error ${error.code} (${error.message}) where a result belongs`,
        );
      if (!Number.isInteger(error.code)) throw new BadAnswer(`${tool}: a JSON-RPC error without a code`);
      return { kind: 'protocol', code: error.code };
    }
    if (result.isError) return { kind: 'refused', code: this.#checkRefusal(tool, result) };
    this.#checkSuccess(tool, result);
    return { kind: 'success' };
  }

  #checkRefusal(tool: string, result: Awaited<ReturnType<typeof request>>): string {
    if (result.structuredContent !== undefined)
      throw new BadAnswer(
        `${tool}: an error result with structured content ${JSON.stringify(result.structuredContent)}`,
      );
    const [first, ...rest] = result.content;
    if (first?.type !== 'text' || rest.length > 0)
      throw new BadAnswer(`${tool}: an error result is not one JSON text: ${JSON.stringify(result.content)}`);
    let body: { error?: { code?: unknown; message?: unknown; field?: unknown } };
    try {
      body = JSON.parse(first.text);
    } catch {
      throw new BadAnswer(`${tool}: an error result's text is not JSON: ${first.text.slice(0, 500)}`);
    }
    const { error } = body;
    if (typeof error?.code !== 'string' || !KNOWN_CODES.has(error.code))
      throw new BadAnswer(`${tool}: an error without a known code: ${first.text.slice(0, 500)}`);
    if (typeof error.message !== 'string')
      throw new BadAnswer(`${tool}: an error without a message: ${first.text}`);
    if (error.field !== undefined && typeof error.field !== 'string')
      throw new BadAnswer(`${tool}: an error whose field is no string: ${first.text}`);
    if (FAULT_CODES.has(error.code))
      throw new BadAnswer(`${tool}: the server failed: ${first.text.slice(0, 1_000)}`);
    return error.code;
  }

  #checkSuccess(tool: string, result: Awaited<ReturnType<typeof request>>): void {
    const content = result.structuredContent;
    if (content === undefined) throw new BadAnswer(`${tool}: a success without structured content`);
    const validate = this.#validators.get(tool);
    if (validate === undefined) throw new BadAnswer(`${tool}: listed without an output schema`);
    const checked = validate(content);
    if (!checked.valid)
      throw new BadAnswer(
        `${tool}: a result its output schema refuses (${checked.errorMessage}): ${JSON.stringify(content).slice(0, 1_000)}`,
      );
    const orchestration = content.orchestration as { coordinated?: unknown } | undefined;
    if (orchestration?.coordinated !== true) throw new BadAnswer(`${tool}: a success without orchestration`);
  }
}

/** A raw `tools/call` (the client's `callTool` would check the output itself, and refuse non-object arguments). */
function request(client: Client, name: string, args: unknown) {
  return client.request(
    { method: 'tools/call', params: { name, arguments: args as Record<string, unknown> } },
    CallToolResultSchema,
    { timeout: CALL_TIMEOUT_MS },
  );
}
