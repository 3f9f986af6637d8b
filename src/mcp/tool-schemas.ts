/**
 * A tool's schemas as troupe lists and enforces them. Input: the tool's own fields, plus
 * the optional `agent_id` and `session_id` every tool takes (seed 000), with `agent_token`
 * optional for a tool that acts for an agent (the session may have proven it already) —
 * one strict object: an argument not listed is refused. Output: the tool's fields plus the
 * `orchestration` block (and `debug` in debug mode), checked on the way out with the very
 * validator a client's SDK uses (AJV over the listed JSON Schema), so that no success can
 * fail a client's check. Validators are compiled at their first use and shared by every session.
 */
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { z } from 'zod';
import { DebugSchema, OrchestrationSchema } from './orchestration.js';

export const ContextIdSchema = z.string().min(1).max(512);

/** The `agent_token` of a tool that acts for an agent: needed once per MCP session. */
export const SessionTokenSchema = z
  .string()
  .optional()
  .describe(
    "the agent's secret token; may be left out once this MCP session registered the agent or presented it",
  );

export interface ToolSchemas {
  readonly input: z.ZodObject;
  readonly inputJson: Tool['inputSchema'];
  readonly outputJson: NonNullable<Tool['outputSchema']>;
  readonly checkOutput: JsonSchemaValidator<unknown>;
}

const ajv = new AjvJsonSchemaValidator();
const validators = new Map<string, JsonSchemaValidator<unknown>>();

function validatorOf(schema: JsonSchemaType): JsonSchemaValidator<unknown> {
  const key = JSON.stringify(schema);
  let validator = validators.get(key);
  if (!validator) {
    validator = ajv.getValidator<unknown>(schema);
    validators.set(key, validator);
  }
  return validator;
}

/** A validator compiled at its first use: compiling every tool's at start cost ~0.6 s of CPU per process. */
function lazyValidatorOf(schema: JsonSchemaType): JsonSchemaValidator<unknown> {
  let validator: JsonSchemaValidator<unknown> | undefined;
  return (input) => {
    validator ??= validatorOf(schema);
    return validator(input);
  };
}

export function toolSchemas(
  name: string,
  input: z.ZodRawShape,
  output: z.ZodRawShape,
  options: { readonly actsForAgent: boolean; readonly debug: boolean },
): ToolSchemas {
  if (options.actsForAgent && !('agent_token' in input)) {
    throw new Error(`tool ${name} acts for an agent but takes no agent_token`);
  }
  const strict = z
    .object({
      ...input,
      agent_id: input.agent_id ?? ContextIdSchema.optional().describe('the agent making the call (optional)'),
      session_id:
        input.session_id ??
        ContextIdSchema.optional().describe('the collaboration session the call belongs to'),
      ...(options.actsForAgent ? { agent_token: SessionTokenSchema } : {}),
    })
    .strict();
  const full = z.object({
    ...output,
    orchestration: OrchestrationSchema,
    ...(options.debug ? { debug: DebugSchema } : {}),
  });
  const inputJson = toJsonSchemaCompat(strict, {
    strictUnions: true,
    pipeStrategy: 'input',
  }) as Tool['inputSchema'];
  const outputJson = toJsonSchemaCompat(full, { strictUnions: true, pipeStrategy: 'output' }) as NonNullable<
    Tool['outputSchema']
  >;
  return { input: strict, inputJson, outputJson, checkOutput: lazyValidatorOf(outputJson as JsonSchemaType) };
}
