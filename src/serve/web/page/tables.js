/**
 * The page's tables and lists: agents (with heartbeat age), locks (with their waiters),
 * gateway servers (red when unhealthy), incidents, the waits now and the deadlocks broken.
 * Each takes the view's data from a snapshot and the time it was read; none keeps state.
 */
import { age, badge, duration, h, table, toneOf } from './dom.js';

/** `agent:ada` → `ada` (the graph's node ids name their kind; the tables show the name). */
export const bare = (node) => node.replace(/^agent:/, '');

export function agentsTable({ agents }, now) {
  return table(
    ['agent', 'role', 'status', 'heartbeat', 'task', 'capabilities'],
    agents.map((agent) =>
      h(
        'tr',
        { 'data-agent': agent.id },
        h('td', {}, agent.name === agent.id ? agent.id : `${agent.name} (${agent.id})`),
        h('td', {}, agent.role),
        h('td', {}, badge(agent.status)),
        h('td', { class: 'num' }, age(agent.last_heartbeat, now)),
        h('td', {}, agent.current_task ?? '—'),
        h('td', { class: 'dim' }, agent.capabilities.join(', ')),
      ),
    ),
    'No agent has registered.',
  );
}

export function locksTable({ leases }, now) {
  return table(
    ['file', 'holder', 'held for', 'expires in', 'waiters'],
    leases.map((lease) =>
      h(
        'tr',
        { 'data-lock': lease.file_path, class: lease.waiters.length > 0 ? 'contended' : undefined },
        h('td', { class: 'mono' }, lease.file_path),
        h('td', {}, lease.holder_id),
        h('td', { class: 'num' }, age(lease.acquired_at, now)),
        h('td', { class: 'num' }, duration(Math.max(0, Date.parse(lease.expires_at) - now))),
        h('td', {}, lease.waiters.map((wait) => bare(wait.from)).join(', ') || '—'),
      ),
    ),
    'No lock is held.',
  );
}

export function serversTable({ gateway, servers }) {
  if (!gateway) return h('p', { class: 'empty' }, 'This runtime runs no gateway (no troupe.config).');
  return table(
    ['server', 'state', 'health', 'restarts', 'last error'],
    servers.map((server) =>
      h(
        'tr',
        {
          'data-server': server.name,
          'data-health': server.health,
          'data-tone': serverTone(server),
          class: `tone-${serverTone(server)}`,
        },
        h('td', {}, server.name),
        h('td', {}, badge(server.state)),
        h('td', {}, badge(server.health)),
        h('td', { class: 'num' }, server.restarts),
        h('td', { class: 'dim' }, server.last_error?.message ?? '—'),
      ),
    ),
    'The gateway has no server.',
  );
}

/** Red when the server is down, unhealthy or not running after an error; green when it runs healthy; amber otherwise. */
function serverTone({ state, health, last_error }) {
  if (toneOf(state) === 'bad' || toneOf(health) === 'bad') return 'bad';
  if (last_error && toneOf(state) !== 'good') return 'bad';
  return toneOf(state) === 'good' && toneOf(health) === 'good' ? 'good' : 'warn';
}

export function incidentsList({ incidents }) {
  if (incidents.length === 0) return h('p', { class: 'empty' }, 'No incident.');
  return h(
    'ul',
    { class: 'list incidents' },
    [...incidents].reverse().map((incident) => {
      const { type, ...rest } = incident;
      const details = Object.entries(rest)
        .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' · ');
      return h('li', { 'data-incident': type }, badge(type), ' ', h('span', { class: 'dim' }, details));
    }),
  );
}

export function waitItems({ waits }, now) {
  if (waits.length === 0) return [h('li', { class: 'empty' }, 'Nobody waits.')];
  return waits.map((wait) =>
    h(
      'li',
      { 'data-wait': `${wait.from}->${wait.to}` },
      h('strong', {}, bare(wait.from)),
      ' waits for ',
      h('strong', {}, bare(wait.to)),
      h(
        'span',
        { class: 'dim' },
        ` · ${wait.kind}${wait.about ? ` ${wait.about}` : ''} · ${age(wait.since, now)}`,
      ),
    ),
  );
}

export function deadlockItems({ deadlocks }, now) {
  if (deadlocks.length === 0) return [h('li', { class: 'empty' }, 'None yet.')];
  return [...deadlocks]
    .reverse()
    .map((deadlock) =>
      h(
        'li',
        { class: 'deadlock', 'data-deadlock': deadlock.cycle.join(' ') },
        h('span', { class: 'cycle' }, deadlock.cycle.map(bare).join(' → ')),
        h(
          'span',
          { class: 'dim' },
          ` · ${age(deadlock.at, now)} ago · failed ${bare(deadlock.victim.from)}'s ${deadlock.victim.kind}${deadlock.victim.about ? ` on ${deadlock.victim.about}` : ''}`,
        ),
      ),
    );
}
