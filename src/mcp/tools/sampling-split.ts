/**
 * `decompose_task`'s sampling method: where the connected client declares the `sampling`
 * capability, its model is asked (`sampling/createMessage`) to split the task into subtasks
 * for the models available, with the prompt below; the answer must be JSON (a fenced block is
 * accepted) of the shape `SampledSchema` — anything else, a refusal, or a timeout makes the
 * caller fall back to the structural split (`task-split.ts`), saying why.
 * It owns the prompt and the parsing of the answer; not what is done with the pieces.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import { MAX_PIECES, type ModelInfo } from './task-split.js';

/** How long the client's model may take (ms). */
export const SAMPLING_TIMEOUT_MS = 60_000;
const MAX_TOKENS = 2_000;

/** One piece as the client's model gives it. */
export interface SampledPiece {
  readonly description: string;
  readonly requiredCapabilities: readonly string[];
  readonly assignedModelId: string | null;
}

const SampledSchema = z.object({
  subtasks: z
    .array(
      z.object({
        description: z.string().min(1).max(4_000),
        required_capabilities: z.array(z.string().min(1).max(128)).max(64).default([]),
        assigned_model_id: z.string().max(128).nullable().optional(),
      }),
    )
    .min(1)
    .max(MAX_PIECES),
});

/** Does the client of `server` answer sampling requests? */
export function canSample(server: Server): boolean {
  return server.getClientCapabilities()?.sampling !== undefined;
}

/** The prompt the client's model is given. */
export function samplingPrompt(task: string, models: readonly ModelInfo[]): string {
  const listed =
    models.length === 0
      ? '(none named: leave assigned_model_id null)'
      : models.map((m) => `- ${m.id}: ${m.capabilities.join(', ') || 'no listed capabilities'}`).join('\n');
  return [
    'Break the task below into the smallest set of subtasks that together complete it, each',
    'doable by one agent on its own. For each subtask give its description, the capabilities it',
    'needs (from the agents’ capabilities where they fit) and the id of the agent best suited to',
    'it (or null if none fits).',
    '',
    'Answer with JSON only, exactly of this shape:',
    '{"subtasks": [{"description": "...", "required_capabilities": ["..."], "assigned_model_id": "..." }]}',
    '',
    'Available agents (id: capabilities):',
    listed,
    '',
    'Task:',
    task,
  ].join('\n');
}

/** The JSON in a model's answer: the whole text, or its first fenced block, or its outermost braces. */
function jsonIn(text: string): unknown {
  const candidates = [text, /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1]];
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open >= 0 && close > open) candidates.push(text.slice(open, close + 1));
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // The next candidate.
    }
  }
  return undefined;
}

/** The pieces the client's model answered with, or why they cannot be used. */
export async function sampleSplit(
  server: Server,
  task: string,
  models: readonly ModelInfo[],
  signal: AbortSignal,
): Promise<{ ok: true; pieces: SampledPiece[] } | { ok: false; why: string }> {
  let text: string;
  try {
    const answer = await server.createMessage(
      {
        messages: [{ role: 'user', content: { type: 'text', text: samplingPrompt(task, models) } }],
        systemPrompt: 'You decompose tasks for a team of AI agents. You answer with JSON only.',
        maxTokens: MAX_TOKENS,
        includeContext: 'none',
      },
      { signal, timeout: SAMPLING_TIMEOUT_MS },
    );
    if (answer.content.type !== 'text')
      return { ok: false, why: `the model answered ${answer.content.type}, not text` };
    text = answer.content.text;
  } catch (error) {
    return { ok: false, why: `sampling failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = SampledSchema.safeParse(jsonIn(text));
  if (!parsed.success) return { ok: false, why: 'the model’s answer was not the JSON asked for' };
  const known = new Set(models.map((m) => m.id));
  return {
    ok: true,
    pieces: parsed.data.subtasks.map((s) => ({
      description: s.description,
      requiredCapabilities: [...new Set(s.required_capabilities)],
      assignedModelId: s.assigned_model_id && known.has(s.assigned_model_id) ? s.assigned_model_id : null,
    })),
  };
}
