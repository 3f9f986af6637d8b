/**
 * The `check_message_frequency` tool: how often an agent sends — its count over a window,
 * the rate per minute, whether it floods (at or above the threshold), its most frequent
 * recipients and its last sends. A message to the `MessageTraffic` actor, which the post
 * office tells of every message an agent sends.
 */
import { z } from 'zod';
import {
  type SenderFrequency,
  TRAFFIC_DEFAULTS,
  type TrafficMsg,
} from '../../../actors/coordination/message-traffic.js';
import type { ActorRef } from '../../kernel/index.js';
import { READS } from '../annotations.js';
import { FrequencyRecordShape, frequencyRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);

export function registerFrequencyTools(tools: ToolRegistry, traffic: ActorRef<TrafficMsg>): void {
  const answer = answerer(traffic);
  tools.register(
    'check_message_frequency',
    {
      description:
        'How often an agent sends: messages in a window (one per recipient), rate per minute, whether it floods (at or above the threshold), its top recipients and last sends. Counts are kept in memory and start over when the server starts.',
      inputSchema: {
        agent_id: Id,
        window_s: z
          .number()
          .positive()
          .max(TRAFFIC_DEFAULTS.retentionMs / 1000)
          .optional(),
      },
      outputSchema: FrequencyRecordShape,
      annotations: READS,
      handledBy: traffic.id,
    },
    (args) =>
      answer<SenderFrequency>(
        {
          type: 'check',
          agentId: args.agent_id,
          windowMs: args.window_s === undefined ? undefined : args.window_s * 1000,
        },
        frequencyRecord,
      ),
  );
}
