/**
 * The `check_message_frequency` tool (seed 003: agent_id, time_window_seconds,
 * frequency_threshold): how many messages an agent sent in the window, against the threshold
 * it is allowed — a call of `checkMessageFrequency` over the durable traffic log
 * (`actors/coordination/messaging/traffic-reads.ts`). It needs an identity: the agent itself
 * sees its top recipients and last sends; another agent (`checking_agent_id`) sees the counts.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { checkMessageFrequency } from '../../../actors/coordination/messaging/traffic-reads.js';
import { READS } from '../annotations.js';
import { FrequencyRecordShape, frequencyRecord } from '../records/reports.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { aliased } from './aliases.js';
import { answer, Id, needsIdentity } from './mail.js';

/** When the caller names neither window nor threshold (the former defaults of `troupe serve`). */
export const DEFAULT_WINDOW_S = 60;
export const DEFAULT_FREQUENCY_THRESHOLD = 60;

export function registerFrequencyTools(tools: ToolRegistry, domain: AgentsDomain): void {
  tools.register(
    'check_message_frequency',
    {
      description:
        'Detect potential message flooding (seed 003): the messages agent_id sent in the last time_window_seconds (one per recipient), ' +
        `the rate per minute, and flooding: more than frequency_threshold (defaults ${DEFAULT_WINDOW_S} s and ${DEFAULT_FREQUENCY_THRESHOLD}). ` +
        'Needs an identity: agent_id itself (also sees its top recipients and last sends), or another agent named by checking_agent_id (counts only). ' +
        "The window is at most the traffic log's retention. Older name still taken: window_s for time_window_seconds.",
      inputSchema: {
        agent_id: Id,
        time_window_seconds: z.number().positive().optional(),
        frequency_threshold: z.number().int().nonnegative().optional().describe('maximum allowed messages'),
        window_s: z.number().positive().optional().describe('older name of time_window_seconds'),
        checking_agent_id: Id.optional().describe('the agent asking, when it is not agent_id'),
        agent_token: z.string(),
        session_id: Id.optional(),
      },
      outputSchema: FrequencyRecordShape,
      annotations: READS,
      handledBy: 'traffic',
      caller: ['checking_agent_id', 'agent_id'],
    },
    async (args, call) => {
      if (call.proven === null) return needsIdentity('agent_id');
      const window = aliased<number>(args, 'time_window_seconds', 'window_s');
      if (!window.ok) return failure(window.error);
      const checked = await checkMessageFrequency(domain, call.caller, {
        agentId: args.agent_id,
        timeWindowSeconds: window.value ?? DEFAULT_WINDOW_S,
        frequencyThreshold: args.frequency_threshold ?? DEFAULT_FREQUENCY_THRESHOLD,
      });
      return answer(checked, frequencyRecord);
    },
  );
}
