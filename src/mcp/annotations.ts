/**
 * Tool annotations, said once: what a tool does to troupe's state. Every troupe tool acts on
 * troupe's own actors and nothing outside them (`openWorldHint: false`).
 */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

/** Reads only: the same state gives the same answer. */
export const READS: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

/**
 * Changes state: `destructive` when it removes or replaces something, `idempotent` when
 * repeating the call changes nothing more.
 */
export function changes(effect: {
  readonly destructive: boolean;
  readonly idempotent: boolean;
}): ToolAnnotations {
  return {
    readOnlyHint: false,
    destructiveHint: effect.destructive,
    idempotentHint: effect.idempotent,
    openWorldHint: false,
  };
}
