/**
 * Each `troupe inspect` view as text for a terminal: plain lines, aligned columns, no colour
 * (the output may go to a file). `--json` skips this and prints the view's data as read
 * (`views.ts`). Owns layout only; nothing here reads the runtime.
 */
import type { ActorNode, Incident, ViewData, Wait } from './views.js';

/** Columns padded to their widest cell, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** "3.2 s ago" from an ISO time, against `now`. */
function ago(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${seconds.toFixed(1)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${(seconds / 3600).toFixed(1)} h ago`;
}

function treeLines(nodes: readonly ActorNode[], indent: string): string[] {
  return nodes.flatMap((node, index) => {
    const last = index === nodes.length - 1;
    const branch = `${indent}${last ? '└─ ' : '├─ '}`;
    const facts = [
      // A kind is named by its module URL and export: the export is what a reader knows it by.
      node.kind.slice(node.kind.lastIndexOf('#') + 1),
      `thread ${node.thread}`,
      node.status,
      `mailbox ${node.mailbox_depth}`,
      `restarts ${node.restarts}`,
      `processed ${node.processed}`,
    ].join(' · ');
    return [
      `${branch}${node.id}  (${facts})`,
      ...treeLines(node.children, `${indent}${last ? '   ' : '│  '}`),
    ];
  });
}

function waitLine(wait: Wait, now: number): string {
  const about = wait.about === undefined ? '' : ` for ${wait.about}`;
  return `${wait.from} → ${wait.to}  (${wait.kind}${about}, ${ago(wait.since, now)})`;
}

function incidentLine(incident: Incident): string {
  const { type, ...rest } = incident;
  const facts = Object.entries(rest)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${type}  ${facts}`.trimEnd();
}

/** The view as lines of text; `now` dates the relative times. */
export function renderView(data: ViewData, now: number): string[] {
  switch (data.view) {
    case 'tree': {
      const { tree } = data;
      const count = (nodes: readonly ActorNode[]): number =>
        nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);
      return [
        `supervision tree: ${count(tree.children)} actors, ${tree.detached.length} detached, ${tree.incidents.length} recent incidents`,
        tree.id,
        ...treeLines(tree.children, ''),
        ...(tree.detached.length > 0 ? ['detached:', ...treeLines(tree.detached, '')] : []),
      ];
    }
    case 'agents':
      if (data.agents.length === 0) return ['no agents registered'];
      return [
        `${data.agents.length} agents`,
        ...table(
          ['ID', 'NAME', 'ROLE', 'STATUS', 'TASK', 'HEARTBEAT', 'CAPABILITIES'],
          data.agents.map((agent) => [
            agent.id,
            agent.name,
            agent.role,
            agent.status,
            agent.current_task ?? '-',
            ago(agent.last_heartbeat, now),
            agent.capabilities.join(',') || '-',
          ]),
        ),
      ];
    case 'locks':
      if (data.leases.length === 0) return ['no file locks held'];
      return [
        `${data.leases.length} file locks`,
        ...table(
          ['PATH', 'HOLDER', 'ACQUIRED', 'EXPIRES', 'WAITERS'],
          data.leases.map((lease) => [
            lease.file_path,
            lease.holder_id,
            ago(lease.acquired_at, now),
            lease.expires_at,
            lease.waiters.map((wait) => wait.from.replace(/^agent:/, '')).join(', ') || '-',
          ]),
        ),
      ];
    case 'waits':
      return [
        `wait-for graph: ${data.waits.length} waits`,
        ...data.waits.map((wait) => `  ${waitLine(wait, now)}`),
        `recent deadlocks: ${data.deadlocks.length}`,
        ...data.deadlocks.map(
          (deadlock) =>
            `  ${deadlock.at}  ${deadlock.cycle.join(' → ')}  (broken at ${deadlock.victim.from}'s ${deadlock.victim.kind} wait${deadlock.victim.about === undefined ? '' : ` for ${deadlock.victim.about}`})`,
        ),
      ];
    case 'runs':
      if (data.runs.length === 0) return ['no workflow runs'];
      return data.runs.flatMap((run) => [
        `${run.runId}  ${run.workflow.name}@${run.workflow.version}  ${run.status}${run.duration === undefined ? '' : `  ${(run.duration / 1000).toFixed(1)} s`}`,
        ...(run.steps ?? []).map((step) => {
          const children = step.children
            ? `  [${step.children.filter((child) => child.status === 'completed').length}/${step.children.length} done]`
            : '';
          const after = step.dependsOn?.length ? `  after ${step.dependsOn.join(', ')}` : '';
          return `  ${step.name.padEnd(16)} ${step.status.padEnd(10)} attempts ${step.attempts}${children}${after}`;
        }),
      ]);
    case 'servers':
      if (!data.gateway) return ['no gateway: this runtime was started without a gateway config'];
      return table(
        ['SERVER', 'STATE', 'HEALTH', 'RESTARTS', 'LAST ERROR'],
        data.servers.map((server) => [
          server.name,
          server.state,
          server.health,
          String(server.restarts),
          server.last_error?.message ?? '-',
        ]),
      );
    case 'incidents':
      if (data.incidents.length === 0) return ['no recent incidents'];
      return [`${data.incidents.length} recent incidents`, ...data.incidents.map(incidentLine)];
  }
}
