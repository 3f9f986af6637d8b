/**
 * The written form of a workflow definition, as zod schemas: one schema that accepts both
 * seed shapes, field by field, so that every mistake is reported with its path.
 *
 *   seed 004 (YAML)                seed 003 (records)
 *   name                           step_id
 *   tool, provider: a|b            tool_to_call
 *   input                          tool_arguments
 *   —                              assigned_role / assigned_agent_id
 *   depends_on (both), description (both)
 *
 * Objects are strict: an unknown field is an error naming it (a typo such as `dependson`
 * would otherwise be silently ignored). Which fields may go together (one step kind, one of
 * `name`/`step_id`) is checked by normalise.ts, which turns this form into types.ts's.
 */
import { z } from 'zod';
import { DurationSchema } from '../duration.js';
import { DEFINITION_STATUSES } from './types.js';

/** Names the scope is keyed by: they must not be what a plain object already has. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export const StepNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/,
    'must be 1 to 64 letters, digits, "_" or "-", not starting with "-"',
  )
  .refine((name) => !RESERVED_NAMES.has(name), 'is a reserved name');

const LabelSchema = z.string().min(1).max(200);
const JsonSchemaSchema = z.record(z.string(), z.unknown());
const TypedFieldsSchema = z.record(z.string(), z.unknown());

export const RetrySchema = z.strictObject({
  maximumAttempts: z.number().int().min(1).max(1_000).optional(),
  initialInterval: DurationSchema.optional(),
  backoffCoefficient: z.number().min(1).max(1_000).optional(),
  maximumInterval: DurationSchema.optional(),
  jitter: z.enum(['full', 'none']).optional(),
  nonRetryableErrorTypes: z.array(z.string().min(1).max(200)).optional(),
});

const OnFailureSchema = z.union(
  [
    z.enum(['fail', 'continue', 'compensate']),
    z.strictObject({ goto: StepNameSchema }),
    z.strictObject({ compensate: z.array(StepNameSchema).min(1) }),
  ],
  { error: 'must be "fail", "continue", "compensate", { goto: <step> } or { compensate: [<step>, …] }' },
);

const GateSchema = z.strictObject({
  name: LabelSchema.optional(),
  schema: JsonSchemaSchema.optional(),
  expression: z.string().min(1).optional(),
  expressions: z.array(z.string().min(1)).min(1).optional(),
  action: z.enum(['fail_fast', 'fallback']).optional(),
});

const WaitSchema = z.strictObject({
  signal: StepNameSchema.optional(),
  /** The signal's payload as a JSON Schema: what troupe asks the connected host for (MCP elicitation). */
  schema: JsonSchemaSchema.optional(),
  delay: DurationSchema.optional(),
  until: z.union([z.string().min(1), z.number()]).optional(),
});

const ProvidersSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const RawStepSchema = z.strictObject({
  name: StepNameSchema.optional(),
  step_id: StepNameSchema.optional(),
  description: z.string().max(10_000).optional(),
  tool: LabelSchema.optional(),
  tool_to_call: LabelSchema.optional(),
  provider: ProvidersSchema.optional(),
  assigned_role: LabelSchema.optional(),
  assigned_agent_id: LabelSchema.optional(),
  wait: WaitSchema.optional(),
  workflow: z
    .union([
      LabelSchema,
      z.strictObject({ name: LabelSchema, version: z.union([LabelSchema, z.number()]).optional() }),
    ])
    .optional(),
  get parallel() {
    return z
      .union([
        z.array(RawStepSchema).min(1),
        z.strictObject({
          branches: z.array(RawStepSchema).min(1),
          concurrency: z.number().int().min(1).optional(),
        }),
      ])
      .optional();
  },
  get map() {
    return z
      .strictObject({
        over: z.string().min(1),
        concurrency: z.number().int().min(1).optional(),
        step: RawStepSchema,
      })
      .optional();
  },
  get compensate() {
    return RawStepSchema.optional();
  },
  config: z.record(z.string(), z.unknown()).optional(),
  input: z.unknown().optional(),
  tool_arguments: z.unknown().optional(),
  output: TypedFieldsSchema.optional(),
  depends_on: z.array(StepNameSchema).optional(),
  when: z.union([z.string().min(1), z.boolean()]).optional(),
  retry: RetrySchema.optional(),
  timeout: DurationSchema.optional(),
  on_failure: OnFailureSchema.optional(),
  gate: GateSchema.optional(),
  estimate: z
    .strictObject({
      tokens: z.number().min(0).optional(),
      cost: z.number().min(0).optional(),
      ms: DurationSchema.optional(),
    })
    .optional(),
  idempotent: z.boolean().optional(),
  usage: z
    .strictObject({ tokens: z.string().min(1).optional(), cost: z.string().min(1).optional() })
    .optional(),
  // Seed 003's run-time fields on a step record: accepted so its records load, not used.
  status: z.string().optional(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type RawStep = z.output<typeof RawStepSchema>;

const TriggerSchema = z.union(
  [
    z.literal('manual'),
    z.strictObject({
      event: LabelSchema.optional(),
      schedule: z.string().min(1).max(200).optional(),
      timezone: z.string().min(1).max(100).optional(),
      manual: z.literal(true).optional(),
      payload: TypedFieldsSchema.optional(),
      schema: JsonSchemaSchema.optional(),
    }),
  ],
  { error: 'must be "manual" or an object with one of event, schedule or manual' },
);
export type RawTrigger = z.output<typeof TriggerSchema>;

export const RawWorkflowSchema = z.strictObject({
  id: StepNameSchema.optional(),
  name: LabelSchema,
  description: z.string().max(10_000).optional(),
  version: z.union([z.string().min(1).max(64), z.number()]).optional(),
  status: z.enum(DEFINITION_STATUSES).optional(),
  creator_id: LabelSchema.optional(),
  // Seed 003's record timestamps: accepted, not used.
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  trigger: TriggerSchema.optional(),
  steps: z.array(RawStepSchema).min(1).max(1_000),
  guards: z
    .strictObject({
      budget: z
        .strictObject({
          maxMs: DurationSchema.optional(),
          maxTokens: z.number().min(0).optional(),
          maxCost: z.number().min(0).optional(),
        })
        .optional(),
      security: z.record(z.string(), z.unknown()).optional(),
      fallbacks: z.record(z.string(), ProvidersSchema).optional(),
    })
    .optional(),
});
export type RawWorkflow = z.output<typeof RawWorkflowSchema>;
