/**
 * The permissions a tool call counts as, besides its own name: `<group>:<verb>`, the group
 * being the part of troupe the tool belongs to (`agents`, `messaging`, `sessions`, `tasks`,
 * `workflows`, `locks`, `projects`, `routing`, `health`, `alerts`, `flags`, `gateway`, `access`,
 * `audit`; a proxied downstream tool: `gateway`) and the verb `read` for a tool that only
 * reads, `write` for one that changes something — and `execute` too for a workflow tool
 * that changes something (`workflows:execute`). A policy pattern may name any of them
 * (`locks:*`, `*:read`). It owns that naming only.
 */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export const PERMISSION_GROUPS = [
  'agents',
  'messaging',
  'sessions',
  'tasks',
  'workflows',
  'locks',
  'projects',
  'routing',
  'health',
  'alerts',
  'flags',
  'gateway',
  'access',
  'audit',
] as const;
export type PermissionGroup = (typeof PERMISSION_GROUPS)[number];

export function permissionsOf(group: PermissionGroup, annotations: ToolAnnotations | undefined): string[] {
  const readOnly = annotations?.readOnlyHint === true;
  const verb = readOnly ? 'read' : 'write';
  return group === 'workflows' && !readOnly
    ? [`${group}:${verb}`, 'workflows:execute']
    : [`${group}:${verb}`];
}
