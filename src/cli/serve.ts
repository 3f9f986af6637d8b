/**
 * `troupe serve`: the MCP server over stdio. stdout carries only MCP; logs are structured
 * (pino) and go to stderr. Durable by default (`commit`) in `./.troupe`.
 *
 * Besides the durable domain actors it starts two in-memory observers of the post office:
 * the mail watch (inbox subscriptions) and the traffic counter (`check_message_frequency`).
 */
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { pino } from 'pino';
import { LockTable } from '../../actors/agents/locks.js';
import { MailWatch } from '../../actors/agents/mail-watch.js';
import { MessageTraffic } from '../../actors/agents/message-traffic.js';
import type { PostEvent } from '../../actors/agents/post-event.js';
import { PostOffice } from '../../actors/agents/post-office.js';
import { AgentRegistry } from '../../actors/agents/registry.js';
import { SessionBoard } from '../../actors/agents/sessions.js';
import { TaskBoard } from '../../actors/agents/tasks.js';
import { createActorSystem } from '../../actors/index.js';
import { createMcpServer } from '../mcp/server.js';
import { ensureActor } from '../system/ensure-actor.js';

export async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: './.troupe' },
      durability: { type: 'string', default: 'commit' },
      threads: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'frequency-window-s': { type: 'string' },
      'frequency-threshold': { type: 'string' },
    },
    strict: true,
  });
  const log = pino({ level: values['log-level'] }, pino.destination(2));
  const durability = values.durability as 'memory' | 'commit' | 'flush';
  const system = createActorSystem({
    ...(durability === 'memory' ? { durability } : { dataDir: values['data-dir'], durability }),
    ...(values.threads ? { threads: Number(values.threads) } : {}),
  });
  system.subscribe((event) => {
    if (event.type !== 'wait-started' && event.type !== 'wait-ended') log.debug({ event }, event.type);
  });
  const registry = await ensureActor(system, AgentRegistry, 'agent-registry');
  const post = await ensureActor(system, PostOffice, 'post-office', { registry });
  const sessions = await ensureActor(system, SessionBoard, 'session-board', { registry });
  const tasks = await ensureActor(system, TaskBoard, 'task-board', { registry });
  const locks = await ensureActor(system, LockTable, 'lock-table', { registry, post });
  // In memory (persistent: false): spawned afresh each run, then named to the post office.
  const watch = await system.spawn(MailWatch, { id: 'mail-watch' });
  const traffic = await system.spawn(MessageTraffic, {
    id: 'message-traffic',
    args: {
      registry,
      ...(values['frequency-window-s'] ? { windowMs: Number(values['frequency-window-s']) * 1000 } : {}),
      ...(values['frequency-threshold'] ? { threshold: Number(values['frequency-threshold']) } : {}),
    },
  });
  await post.ask({
    type: 'observe',
    observers: [watch.id, traffic.id].map((id) => system.refOf<PostEvent>(id)),
  });
  const server = createMcpServer(system, {
    supervisors: ['deadlock-detector'],
    registry,
    post,
    sessions,
    tasks,
    locks,
    watch,
    traffic,
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  // The host closing our stdin (or a signal) ends the session: shut down cleanly.
  const stop = () => void transport.close();
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  log.info(
    { dataDir: values['data-dir'], durability, threads: system.options.threads },
    'troupe serve: ready on stdio',
  );
  await closed;
  await system.shutdown();
  log.info('troupe serve: stopped');
  return 0;
}
