/**
 * The `prompts` capability of one MCP session: `prompts/list` gives troupe's orchestration
 * patterns (`patterns.ts`) and, with a gateway, the downstream servers' prompts as
 * `<server>__<prompt>` (`gateway/downstream-prompts.ts`); `prompts/get` renders a pattern's
 * plan or passes the request on downstream. A name that is neither is -32602.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  GetPromptRequestSchema,
  type GetPromptResult,
  ListPromptsRequestSchema,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { getDownstreamPrompt, listDownstreamPrompts } from '../gateway/downstream-prompts.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';
import { ORCHESTRATION_PATTERNS, type OrchestrationPattern, type Plan } from './patterns.js';
import { parsePromptArguments } from './prompt-arguments.js';

/** Call before the server connects. */
export function registerPrompts(server: Server, gateway?: Gateway): void {
  server.registerCapabilities({ prompts: { listChanged: gateway !== undefined } });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: [...patternPrompts(), ...(gateway ? await listDownstreamPrompts(gateway) : [])],
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    const found = ORCHESTRATION_PATTERNS.get(name);
    if (found) return renderPattern(found, args);
    if (gateway) return getDownstreamPrompt(gateway, name, args ?? {});
    throw protocolError(INVALID_PARAMS, `Prompt ${name} not found`, { prompt: name });
  });
}

function patternPrompts(): Prompt[] {
  return [...ORCHESTRATION_PATTERNS.values()].map((entry) => ({
    name: entry.name,
    title: entry.title,
    description: entry.description,
    arguments: entry.arguments.map(({ name, description, required }) => ({
      name,
      ...(description === undefined ? {} : { description }),
      required: required === true,
    })),
  }));
}

export function renderPattern(
  entry: OrchestrationPattern,
  args: Readonly<Record<string, string>> | undefined,
): GetPromptResult {
  const plan = entry.plan(parsePromptArguments(entry.name, entry.schema, args));
  return {
    description: entry.title,
    messages: [{ role: 'user', content: { type: 'text', text: planText(entry, plan) } }],
  };
}

function planText(entry: OrchestrationPattern, plan: Plan): string {
  return [
    plan.summary,
    entry.description,
    'Set it up with these troupe tool calls, in order (each as written):',
    `\`\`\`json\n${JSON.stringify(plan.calls, null, 2)}\n\`\`\``,
    'Then:',
    ...plan.later.map((line) => `- ${line}`),
  ].join('\n\n');
}
