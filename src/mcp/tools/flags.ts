/**
 * The feature-flag tools (seed 004's configuration manager): `get_feature_flag(name,
 * context?)` — the flag decided for the context's user_id or agent_id (deterministic per id),
 * `set_feature_flag(name, enabled, rollout_percentage?, description?)` — acknowledged once
 * stored, and `list_feature_flags` (paged). The rules are the facade's
 * (`actors/coordination/flags/`); who may set a flag is the permission check's (an operator's
 * when a policy is configured), and without one an agent proven by this session.
 */
import { z } from 'zod';
import { type FeatureFlag, type FeatureFlags, FLAG_NAME } from '../../../actors/coordination/flags/index.js';
import { changes, READS } from '../annotations.js';
import { isoTime } from '../records/time.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answer, Id, needsIdentity } from './mail.js';

const FlagName = z.string().regex(FLAG_NAME, 'must be 1 to 128 letters, digits, "_", "-", "." or ":"');

const FeatureFlagRecordSchema = z.object({
  name: z.string(),
  enabled: z.boolean(),
  rollout_percentage: z.number(),
  description: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

const flagRecord = (flag: FeatureFlag) => ({
  name: flag.name,
  enabled: flag.enabled,
  rollout_percentage: flag.rolloutPercentage,
  description: flag.description,
  updated_at: isoTime(flag.updatedAt),
  updated_by: flag.updatedBy,
});

export function registerFlagTools(tools: ToolRegistry, flags: FeatureFlags): void {
  tools.register(
    'get_feature_flag',
    {
      title: 'Feature flag',
      description:
        "A feature flag decided for a context (seed 004's getFeatureFlag(name, context)): `enabled` is the answer for context.user_id (else context.agent_id) — the same id always gets the same answer, and the share of ids that get true follows rollout_percentage; without an id only 0% and 100% decide. An unknown flag is off (`reason: unknown_flag`).",
      inputSchema: {
        name: FlagName,
        context: z
          .object({
            user_id: z.string().min(1).max(256).optional(),
            agent_id: z.string().min(1).max(256).optional(),
          })
          .passthrough()
          .optional()
          .describe('whose answer: user_id, else agent_id; other keys are ignored'),
      },
      outputSchema: {
        name: z.string(),
        enabled: z.boolean(),
        reason: z.enum([
          'unknown_flag',
          'disabled',
          'full_rollout',
          'no_rollout',
          'in_rollout',
          'outside_rollout',
          'no_subject',
        ]),
        subject: z.string().nullable(),
        flag: FeatureFlagRecordSchema.nullable(),
      },
      annotations: READS,
      handledBy: 'feature-flags',
    },
    async ({ name, context }) =>
      answer(flags.get({ name, ...(context === undefined ? {} : { context }) }), (value) => ({
        ...value,
        flag: value.flag ? flagRecord(value.flag) : null,
      })),
  );

  tools.register(
    'set_feature_flag',
    {
      title: 'Set a feature flag',
      description:
        "Create or change a feature flag (seed 004's setFeatureFlag(name, enabled, { rolloutPercentage })): rollout_percentage 0–100 (default 100 for a new flag, else unchanged), description kept unless given. Answers once the flag is stored. Flags are read by get_feature_flag and by workflow conditions (`flags.<name>`, decided when a run starts).",
      inputSchema: {
        name: FlagName,
        enabled: z.boolean(),
        rollout_percentage: z.number().min(0).max(100).optional(),
        description: z.string().max(1_000).optional(),
        agent_id: Id.optional().describe('the agent setting it (proven by this session or agent_token)'),
        agent_token: z.string().optional(),
      },
      outputSchema: { flag: FeatureFlagRecordSchema, created: z.boolean() },
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: 'feature-flags',
      caller: 'agent_id',
      implicitCaller: true,
    },
    async (args, call) => {
      if (call.proven === null) return needsIdentity('agent_id');
      const { name, enabled, rollout_percentage, description } = args;
      const outcome = await flags.set(
        {
          name,
          enabled,
          ...(rollout_percentage === undefined ? {} : { rollout_percentage }),
          ...(description === undefined ? {} : { description }),
        },
        call.proven.agentId,
      );
      return answer(outcome, (value) => ({
        flag: flagRecord(value.flag as FeatureFlag),
        created: value.created,
      }));
    },
  );

  tools.register(
    'list_feature_flags',
    {
      title: 'Feature flags',
      description: 'Every feature flag, by name, paged (next_cursor).',
      inputSchema: {
        limit: z.number().int().min(1).max(1_000).optional().describe('flags per page (default 100)'),
        cursor: z.string().max(1_000).optional().describe('the next_cursor of the page before'),
      },
      outputSchema: { flags: z.array(FeatureFlagRecordSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy: 'feature-flags',
    },
    async ({ limit, cursor }) =>
      answer(
        flags.list({
          ...(limit === undefined ? {} : { limit }),
          ...(cursor === undefined ? {} : { cursor }),
        }),
        (value) => ({
          flags: value.flags.map(flagRecord),
          next_cursor: value.next_cursor,
        }),
      ),
  );
}
