/**
 * The durable form of a heartbeat monitor: plain data, what an actor persists and
 * hands back after a restart. This module owns its shape and its schema (a snapshot
 * comes back from disk, so it is validated like any other input); the rule applied on
 * restore — beats missed while troupe was down do not count — lives in the monitor.
 */
import { z } from 'zod';
import { IdSchema } from '../flood/parse-argument.js';

export const ENTITY_STATUSES = ['healthy', 'unresponsive', 'offline'] as const;

/** `healthy` beats on time; `unresponsive` missed a few; `offline` missed them for a long while. */
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

export const HeartbeatSnapshotSchema = z
  .object({
    version: z.literal(1),
    /** When the snapshot was taken, on the monitor's clock. */
    takenAt: z.number(),
    entities: z.array(
      z
        .object({
          id: IdSchema,
          intervalMs: z.number().positive(),
          lastBeatAt: z.number(),
          status: z.enum(ENTITY_STATUSES),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((snapshot, context) => {
    const seen = new Set<string>();
    snapshot.entities.forEach((entity, index) => {
      if (seen.has(entity.id)) {
        context.addIssue({ code: 'custom', path: ['entities', index, 'id'], message: 'is a duplicate' });
      }
      seen.add(entity.id);
    });
  });

export type HeartbeatSnapshot = z.output<typeof HeartbeatSnapshotSchema>;
export type EntitySnapshot = HeartbeatSnapshot['entities'][number];
