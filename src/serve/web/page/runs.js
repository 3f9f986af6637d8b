/**
 * Workflow runs, newest first: each with its workflow, status and duration, and its steps on
 * a timeline — a bar from the step's start to its end (to now while it runs), coloured by its
 * status, on the scale of the run so far. A step that has not started has no bar.
 */
import { badge, duration, h, shortId } from './dom.js';

export function runsList({ runs }, now) {
  if (runs.length === 0) return h('p', { class: 'empty' }, 'No workflow run yet.');
  return runs.map((run) => runCard(run, now));
}

function runCard(run, now) {
  const steps = run.steps ?? [];
  const starts = steps.map((step) => step.startedAt).filter((at) => typeof at === 'number');
  const begin = starts.length > 0 ? Math.min(...starts) : now;
  const end = Math.max(
    begin + 1,
    ...steps.map((step) => step.endedAt ?? (step.startedAt === undefined ? begin : now)),
  );
  const span = end - begin;
  return h(
    'article',
    { class: 'run', 'data-run': run.runId, 'data-status': run.status },
    h(
      'header',
      {},
      h('strong', {}, `${run.workflow.name}`),
      h('span', { class: 'dim' }, ` v${run.workflow.version} · ${shortId(run.runId)} · `),
      badge(run.status),
      run.duration === undefined ? null : h('span', { class: 'dim' }, ` · ${duration(run.duration)}`),
    ),
    h(
      'ol',
      { class: 'steps' },
      steps.map((step) => {
        const started = step.startedAt;
        const bar =
          started === undefined
            ? h('span', { class: 'bar none' })
            : h('span', {
                class: `bar ${step.status}`,
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
      }),
    ),
  );
}
