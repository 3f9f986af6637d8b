/**
 * The modes of `troupe serve --mode` (seed 000), and which tool groups each lists:
 *
 * | mode | tools | extra |
 * |---|---|---|
 * | `basic` | `health`, the registry (agents), messaging (messages, system events, frequency), sessions | — |
 * | `full` (default) | every group | — |
 * | `debug` | every group | a `debug` block in every result (actor, thread, queue, turn time); each call logged at debug level |
| `disabled` | none of troupe's coordination tools | a plain gateway: the proxied tools pass through with no orchestration (no `_meta` block, no cache, no lease) |

With a gateway config (`troupe serve --config`), the proxied `<server>__<tool>` tools and the
gateway's own tools (`list_servers`, …) are listed in every mode.
 *
 * Resources are served in every mode.
 */
export const SERVE_MODES = ['basic', 'full', 'debug', 'disabled'] as const;
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
  'flags',
] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

const BASIC: ReadonlySet<ToolGroup> = new Set<ToolGroup>(['health', 'registry', 'messaging', 'sessions']);
const EVERY: ReadonlySet<ToolGroup> = new Set<ToolGroup>(TOOL_GROUPS);
const NONE: ReadonlySet<ToolGroup> = new Set<ToolGroup>();

export function toolGroupsOf(mode: ServeMode): ReadonlySet<ToolGroup> {
  switch (mode) {
    case 'basic':
      return BASIC;
    case 'full':
    case 'debug':
      return EVERY;
    case 'disabled':
      return NONE;
  }
}
