/**
 * The names of troupe's MCP resources, in one place: the fixed URIs, the URI templates,
 * the builders that put an id into a template (percent-encoded), and the parser that tells
 * which resource a URI names. Nothing here reads any data.
 */

export const FIXED_URIS = {
  agents: 'troupe://agents',
  locks: 'troupe://locks',
  health: 'troupe://health',
  supervisionTree: 'troupe://supervision-tree',
  /** Listed only when the runtime evaluates alert rules (`alerts.ts`). */
  alerts: 'troupe://alerts',
  /** Listed only when the runtime runs a deadlock detector (`waits.ts`). */
  waits: 'troupe://waits',
} as const;

export const URI_TEMPLATES = {
  agent: 'troupe://agents/{id}',
  inbox: 'troupe://agents/{id}/inbox',
  session: 'troupe://sessions/{id}',
  task: 'troupe://tasks/{id}',
  workflow: 'troupe://workflows/{id}',
  run: 'troupe://runs/{id}',
} as const;

export type TemplateName = keyof typeof URI_TEMPLATES;

/** The URI of one instance of a template. */
export function uriOf(template: TemplateName, id: string): string {
  return URI_TEMPLATES[template].replace('{id}', encodeURIComponent(id));
}

/** A URI as the SDK compares it (parsed and printed again). */
export function normalizeUri(uri: string): string | null {
  try {
    return new URL(uri).toString();
  } catch {
    return null;
  }
}

/** Which resource a URI names: a fixed one, a template instance with its id, or none of ours. */
export type ResourceName =
  | { readonly kind: 'fixed'; readonly uri: string }
  | { readonly kind: 'instance'; readonly template: TemplateName; readonly id: string };

const INSTANCE_PATTERNS: readonly (readonly [TemplateName, RegExp])[] = [
  ['agent', /^troupe:\/\/agents\/([^/]+)$/],
  ['inbox', /^troupe:\/\/agents\/([^/]+)\/inbox$/],
  ['session', /^troupe:\/\/sessions\/([^/]+)$/],
  ['task', /^troupe:\/\/tasks\/([^/]+)$/],
  ['workflow', /^troupe:\/\/workflows\/([^/]+)$/],
  ['run', /^troupe:\/\/runs\/([^/]+)$/],
];

export function parseUri(uri: string): ResourceName | null {
  const normal = normalizeUri(uri);
  if (normal === null) return null;
  if ((Object.values(FIXED_URIS) as string[]).includes(normal)) return { kind: 'fixed', uri: normal };
  for (const [template, pattern] of INSTANCE_PATTERNS) {
    const id = pattern.exec(normal)?.[1];
    if (id === undefined) continue;
    try {
      return { kind: 'instance', template, id: decodeURIComponent(id) };
    } catch {
      return null;
    }
  }
  return null;
}
