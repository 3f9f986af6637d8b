/**
 * The modes of `troupe serve --mode` (seed 000), and which tool groups each lists:
 *
 * | mode | tools | extra |
 * |---|---|---|
 * | `basic` | `health`, the registry (agents), messaging (messages, system events, frequency), sessions | — |
 * | `full` (default) | every group | — |
 * | `debug` | every group | a `debug` block in every result (actor, thread, queue, turn time); each call logged at debug level |
 *
 * Resources are served in every mode.
 */
export const SERVE_MODES = ['basic', 'full', 'debug'] as const;
export type ServeMode = (typeof SERVE_MODES)[number];

export const TOOL_GROUPS = [
  'health',
  'registry',
  'messaging',
  'sessions',
  'tasks',
  'locks',
  'projects',
  'routing',
] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

const BASIC: ReadonlySet<ToolGroup> = new Set<ToolGroup>(['health', 'registry', 'messaging', 'sessions']);
const EVERY: ReadonlySet<ToolGroup> = new Set<ToolGroup>(TOOL_GROUPS);

export function toolGroupsOf(mode: ServeMode): ReadonlySet<ToolGroup> {
  switch (mode) {
    case 'basic':
      return BASIC;
    case 'full':
    case 'debug':
      return EVERY;
  }
}
