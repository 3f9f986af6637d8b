/**
 * The page's small DOM helpers: building elements (text only — nothing read from the runtime
 * is ever parsed as HTML), times as ages, and the colour class of a status word.
 */

/** `h('td', { class: 'x' }, 'text', child)`: an element with attributes and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replace `target`'s children. */
export function show(target, ...children) {
  target.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
}

/** A table of `rows` under `headings`; each row an array of cells (text or elements), or a `<tr>`. */
export function table(headings, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((heading) => h('th', {}, heading)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        row instanceof Node
          ? row
          : h(
              'tr',
              {},
              row.map((cell) => h('td', {}, cell)),
            ),
      ),
    ),
  );
}

/** `12 s`, `3 min`, `2 h` — how long ago `iso` was at `now` (ms). */
export function age(iso, now) {
  const ms = now - Date.parse(iso);
  return Number.isFinite(ms) ? duration(Math.max(0, ms)) : '?';
}

/** `850 ms`, `12 s`, `3 min`, `2 h`. */
export function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

const GOOD = new Set([
  'running',
  'idle',
  'active',
  'ok',
  'healthy',
  'completed',
  'succeeded',
  'online',
  'busy',
  'available',
]);
const WARN = new Set([
  'waiting',
  'pending',
  'degraded',
  'starting',
  'restarting',
  'paused',
  'unresponsive',
  'retrying',
  'compensating',
  'skipped',
  'passivated',
]);
const BAD = new Set([
  'failed',
  'crashed',
  'unhealthy',
  'stopped',
  'error',
  'offline',
  'quarantined',
  'cancelled',
  'dead',
  'down',
  'timed_out',
  'backoff',
  'crash_loop',
  'missing_env',
]);

/** How a status word reads: `good`, `warn`, `bad`, or `plain` (a word not known here). */
export function toneOf(status) {
  return GOOD.has(status) ? 'good' : WARN.has(status) ? 'warn' : BAD.has(status) ? 'bad' : 'plain';
}

/** A status word as a coloured badge. */
export function badge(status) {
  const tone = toneOf(status);
  return h('span', { class: `badge ${tone}`, 'data-status': status }, status);
}

/** A short form of a long id (a run's uuid). */
export function shortId(id) {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
