/**
 * What each `troupe inspect` view reads, over the MCP session `attach.ts` opened: troupe's own
 * read-only resources and list tools — the same data path every MCP host uses, no second one.
 *
 * | view | read from |
 * |---|---|
 * | `tree` | `troupe://supervision-tree` |
 * | `agents` | `troupe://agents` |
 * | `locks` | `troupe://locks`, and the lock waits of `troupe://waits` (the waiters) |
 * | `waits` | `troupe://waits` (the wait-for graph and the recent deadlocks) |
 * | `runs` | `list_workflow_runs`, then `get_workflow_run` for the newest (their steps) — the runs
 * |        | started without an agent, or with `--agent` that agent's (a run is its starter's) |
 * | `servers` | `troupe://servers` (only with a gateway) |
 * | `incidents` | the incidents of `troupe://supervision-tree` |
 *
 * Each answer is checked against a schema of the fields shown (a runtime of another version
 * fails with the field named, not a crash in the renderer). Rendering is `render.ts`'s.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ViewName } from './inspect-usage.js';

/** How many runs have their steps read (the newest first). */
const RUNS_DETAILED = 10;

const ActorNodeSchema: z.ZodType<ActorNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.string(),
    thread: z.number(),
    status: z.string(),
    mailbox_depth: z.number(),
    restarts: z.number(),
    processed: z.number(),
    children: z.array(ActorNodeSchema),
  }),
);
export interface ActorNode {
  readonly id: string;
  readonly kind: string;
  readonly thread: number;
  readonly status: string;
  readonly mailbox_depth: number;
  readonly restarts: number;
  readonly processed: number;
  readonly children: readonly ActorNode[];
}

const IncidentSchema = z.looseObject({ type: z.string() });
export type Incident = z.infer<typeof IncidentSchema>;

const TreeSchema = z.object({
  id: z.string(),
  children: z.array(ActorNodeSchema),
  detached: z.array(ActorNodeSchema),
  incidents: z.array(IncidentSchema),
});

const AgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  status: z.string(),
  capabilities: z.array(z.string()),
  current_task: z.string().nullable(),
  last_heartbeat: z.string(),
});

const LeaseSchema = z.object({
  file_path: z.string(),
  holder_id: z.string(),
  acquired_at: z.string(),
  expires_at: z.string(),
});

const WaitSchema = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.string(),
  since: z.string(),
  about: z.string().optional(),
});

const WaitsSchema = z.object({
  waits: z.array(WaitSchema),
  deadlocks: z.array(z.object({ at: z.string(), cycle: z.array(z.string()), victim: WaitSchema })),
});

const StepSchema = z.looseObject({
  name: z.string(),
  status: z.string(),
  attempts: z.number(),
  /** The steps it waits for (a runtime before this field sends none). */
  dependsOn: z.array(z.string()).optional(),
  duration: z.number().optional(),
  children: z.array(z.looseObject({ status: z.string() })).optional(),
});

const RunSchema = z.looseObject({
  runId: z.string(),
  workflow: z.object({ name: z.string(), version: z.string() }),
  status: z.string(),
  duration: z.number().optional(),
  steps: z.array(StepSchema).optional(),
});

const ServerSchema = z.looseObject({
  name: z.string(),
  state: z.string(),
  health: z.string(),
  restarts: z.number(),
  transport: z.unknown(),
  last_error: z.object({ message: z.string() }).nullable(),
});

export type Agent = z.infer<typeof AgentSchema>;
export type Lease = z.infer<typeof LeaseSchema>;
export type Wait = z.infer<typeof WaitSchema>;
export type Waits = z.infer<typeof WaitsSchema>;
export type Run = z.infer<typeof RunSchema>;
export type Server = z.infer<typeof ServerSchema>;

/** One view's data, by name. */
export type ViewData =
  | { readonly view: 'tree'; readonly tree: z.infer<typeof TreeSchema> }
  | { readonly view: 'agents'; readonly agents: readonly Agent[] }
  | {
      readonly view: 'locks';
      readonly leases: readonly (Lease & { readonly waiters: readonly Wait[] })[];
    }
  | { readonly view: 'waits'; readonly waits: readonly Wait[]; readonly deadlocks: Waits['deadlocks'] }
  | { readonly view: 'runs'; readonly runs: readonly Run[] }
  | { readonly view: 'servers'; readonly gateway: boolean; readonly servers: readonly Server[] }
  | { readonly view: 'incidents'; readonly incidents: readonly Incident[] };

/** The runtime answered something the view cannot read (field named), or refused a read. */
export class ViewReadError extends Error {}

async function readResource<T>(client: Client, uri: string, schema: z.ZodType<T>): Promise<T> {
  const answer = await client.readResource({ uri });
  const first = answer.contents[0];
  const text = first && 'text' in first ? first.text : undefined;
  if (typeof text !== 'string') throw new ViewReadError(`${uri} answered no text`);
  return parsed(uri, schema, JSON.parse(text));
}

async function callTool<T>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<T> {
  const answer = await client.callTool({ name, arguments: args });
  if (answer.isError) {
    const content = answer.content as readonly { readonly text?: string }[];
    throw new ViewReadError(`${name} refused: ${content[0]?.text ?? 'no reason given'}`);
  }
  return parsed(name, schema, answer.structuredContent);
}

function parsed<T>(source: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ViewReadError(
    `${source}: ${issue?.path.join('.') || '(answer)'} ${issue?.message ?? 'is not readable'}`,
  );
}

const readTree = (client: Client) => readResource(client, 'troupe://supervision-tree', TreeSchema);
const readWaits = (client: Client) => readResource(client, 'troupe://waits', WaitsSchema);

/** The agent a read acts for (`--agent`, its token from the environment): some records are only its own. */
export interface ReadingAgent {
  readonly agentId: string;
  readonly token: string | undefined;
}

export async function readView(
  client: Client,
  view: ViewName,
  agent: ReadingAgent | null = null,
): Promise<ViewData> {
  const acting =
    agent === null ? {} : { agent_id: agent.agentId, ...(agent.token ? { agent_token: agent.token } : {}) };
  switch (view) {
    case 'tree':
      return { view, tree: await readTree(client) };
    case 'incidents':
      return { view, incidents: (await readTree(client)).incidents };
    case 'agents': {
      const { agents } = await readResource(
        client,
        'troupe://agents',
        z.object({ agents: z.array(AgentSchema) }),
      );
      return { view, agents };
    }
    case 'locks': {
      const [{ leases }, { waits }] = await Promise.all([
        readResource(client, 'troupe://locks', z.object({ leases: z.array(LeaseSchema) })),
        readWaits(client),
      ]);
      return {
        view,
        leases: leases.map((lease) => ({
          ...lease,
          waiters: waits.filter((wait) => wait.kind === 'lock' && wait.about === lease.file_path),
        })),
      };
    }
    case 'waits': {
      const { waits, deadlocks } = await readWaits(client);
      return { view, waits, deadlocks };
    }
    case 'runs': {
      const { runs } = await callTool(
        client,
        'list_workflow_runs',
        { limit: 100, ...acting },
        z.object({ runs: z.array(z.looseObject({ runId: z.string(), updatedAt: z.number() })) }),
      );
      const newest = [...runs].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, RUNS_DETAILED);
      const detailed = await Promise.all(
        newest.map(async ({ runId }) => {
          const { run } = await callTool(
            client,
            'get_workflow_run',
            { run_id: runId, ...acting },
            z.object({ run: RunSchema }),
          );
          return run;
        }),
      );
      return { view, runs: detailed };
    }
    case 'servers': {
      // Served only by a runtime with a gateway: any other answers that it has no such resource.
      const read = await readResource(
        client,
        'troupe://servers',
        z.object({ servers: z.array(ServerSchema) }),
      ).catch((error: unknown) => (error instanceof McpError ? null : Promise.reject(error)));
      return { view, gateway: read !== null, servers: read?.servers ?? [] };
    }
  }
}
