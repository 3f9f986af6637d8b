/**
 * Workflow runs, newest first: each a card with its workflow, status and duration, its steps
 * drawn as their DAG (`run-dag.js`) and on a timeline — a bar from the step's start to its end
 * (to now while it runs), coloured by its status, on the scale of the run so far, with the
 * start and end in its tooltip. A step that has not started has no bar. Cards are kept from one
 * snapshot to the next (a run's graph is not rebuilt on each redraw); a run gone from the
 * snapshot loses its card.
 */
import { badge, duration, h, shortId, show } from './dom.js';
import { createRunDag } from './run-dag.js';

export function createRunsPanel(container) {
  /** By run id: its card, the parts redrawn, and its graph. */
  const cards = new Map();
  const empty = h('p', { class: 'empty' }, 'No workflow run yet.');

  const cardOf = (run) => {
    const known = cards.get(run.runId);
    if (known) return known;
    const header = h('header', {});
    const dagBox = h('div', { class: 'run-dag', role: 'img', 'aria-label': 'the run as its DAG' });
    const timeline = h('ol', { class: 'steps' });
    const article = h(
      'article',
      { class: 'run', 'data-run': run.runId },
      header,
      h('div', { class: 'run-body' }, dagBox, timeline),
    );
    const card = { article, header, timeline, dagBox, dag: null };
    cards.set(run.runId, card);
    return card;
  };

  return {
    update({ runs }, now) {
      const shown = [];
      for (const run of runs) {
        const card = cardOf(run);
        card.article.dataset.status = run.status;
        show(card.header, runHeader(run));
        show(card.timeline, timelineItems(run.steps ?? [], now));
        shown.push(card);
      }
      for (const [runId, card] of cards) {
        if (shown.includes(card)) continue;
        card.dag?.destroy();
        cards.delete(runId);
      }
      const wanted = shown.length === 0 ? [empty] : shown.map((card) => card.article);
      const same =
        container.children.length === wanted.length &&
        wanted.every((element, index) => container.children[index] === element);
      if (!same) container.replaceChildren(...wanted);
      // A graph is created once its box is in the page (cytoscape measures its container).
      runs.forEach((run, index) => {
        const card = shown[index];
        if (card.dag === null) card.dag = createRunDag(card.dagBox);
        else if (!same) card.dag.refit();
        card.dag.update(run.steps ?? []);
      });
    },
  };
}

function runHeader(run) {
  return [
    h('strong', {}, `${run.workflow.name}`),
    h('span', { class: 'dim' }, ` v${run.workflow.version} · ${shortId(run.runId)} · `),
    badge(run.status),
    run.duration === undefined ? null : h('span', { class: 'dim' }, ` · ${duration(run.duration)}`),
  ];
}

function timelineItems(steps, now) {
  const starts = steps.map((step) => step.startedAt).filter((at) => typeof at === 'number');
  const begin = starts.length > 0 ? Math.min(...starts) : now;
  const end = Math.max(
    begin + 1,
    ...steps.map((step) => step.endedAt ?? (step.startedAt === undefined ? begin : now)),
  );
  const span = end - begin;
  return steps.map((step) => {
    const started = step.startedAt;
    const bar =
      started === undefined
        ? h('span', { class: 'bar none' })
        : h('span', {
            class: `bar ${step.status}`,
            title: `${step.name}: started ${new Date(started).toLocaleTimeString()}${step.endedAt === undefined ? ', still going' : `, ended ${new Date(step.endedAt).toLocaleTimeString()}`}`,
            style: `margin-left:${(((started - begin) / span) * 100).toFixed(2)}%;width:${Math.max(0.5, (((step.endedAt ?? now) - started) / span) * 100).toFixed(2)}%`,
          });
    return h(
      'li',
      { 'data-step': step.name, 'data-status': step.status },
      h('span', { class: 'step-name mono' }, step.name),
      badge(step.status),
      h('span', { class: 'track' }, bar),
      h('span', { class: 'dim num' }, step.duration === undefined ? '' : duration(step.duration)),
      step.attempts > 1 ? h('span', { class: 'dim' }, ` ×${step.attempts}`) : null,
    );
  });
}
