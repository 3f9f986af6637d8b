/**
 * The supervision tree over MCP (`troupe://supervision-tree`): each actor's `kind`,
 * `thread`, `status`, `mailbox_depth`, `restarts`, `processed` and children, and the
 * recent incidents with snake_case keys — without the messages of dead letters, which may
 * carry anything a sender put in them (tokens included).
 */
import type { ActorTreeNode, SupervisionTree, SystemEvent } from '../../kernel/index.js';

export interface ActorNodeRecord {
  readonly id: string;
  readonly kind: string;
  readonly parent: string | null;
  readonly thread: number;
  readonly status: string;
  readonly mailbox_depth: number;
  readonly restarts: number;
  readonly processed: number;
  readonly children: readonly ActorNodeRecord[];
}

function nodeRecord(node: ActorTreeNode): ActorNodeRecord {
  return {
    id: node.id,
    kind: node.kind,
    parent: node.parent,
    thread: node.thread,
    status: node.status,
    mailbox_depth: node.mailboxDepth,
    restarts: node.restarts,
    processed: node.processed,
    children: node.children.map(nodeRecord),
  };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Kernel data (no user data in it): every key snake_case, at any depth. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snake(key), snakeKeys(inner)]));
}

function incidentRecord(event: SystemEvent): unknown {
  if (!('message' in event)) return snakeKeys(event);
  const { message: _withheld, ...rest } = event;
  return snakeKeys(rest);
}

export function treeRecord(tree: SupervisionTree) {
  return {
    id: tree.id,
    children: tree.children.map(nodeRecord),
    detached: tree.detached.map(nodeRecord),
    incidents: tree.incidents.map(incidentRecord),
  };
}
